"""Communications with the practitioner, for display: what fills a letter's placeholders, the letters and the
communication log on the case page, and the letters on the practitioner's own page."""

import datetime as dt
from typing import Any

from django.urls import reverse

from faircase.accounts.roles import CaseRole
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.practitioners import letters as L
from faircase.practitioners.models import Communication, Letter, LetterTemplate, SharedConcern, WelfarePlan
from faircase.practitioners.selectors import support_for
from faircase.records.sections import RecordEntry, RecordRow


def case_manager_name(case: Any) -> str:
    member = case.members.filter(role=CaseRole.CASE_MANAGER).select_related("user").first()
    return member.user.display_name if member else L.DEFAULTS["case_manager"]


def named_contact_name(case: Any) -> str:
    plan = WelfarePlan.objects.of_case(case).select_related("named_contact").first()
    if plan is None:
        return L.DEFAULTS["named_contact"]
    return plan.named_contact.display_name


def concerns_text(case: Any) -> str:
    """The concerns in the words shared with the practitioner; a concern not yet shared is described by its
    category and what is alleged, which the sender sees in the preview before sending."""
    lines = []
    shared = {s.concern_id: s for s in SharedConcern.objects.of_case(case)}
    for concern in case.concerns.all():
        text = shared[concern.pk].text if concern.pk in shared else concern.description
        lines.append(f"- {concern.get_category_display()}: {' '.join(text.split())}")
    return "\n".join(lines) if lines else L.DEFAULTS["concerns"]


def support_text(case: Any) -> str:
    entries = support_for(
        profession=case.practitioner.profession,
        nation=case.organisation.nation,
        organisation=case.organisation,
    )[: L.SUPPORT_LIMIT]
    if not entries:
        return L.DEFAULTS["support"]
    lines = []
    for entry in entries:
        how = entry.contact or entry.website
        lines.append(f"- {entry.name}" + (f": {how}" if how else ""))
    return "\n".join(lines)


def kind_label(kind: str) -> str:
    return LetterTemplate.Kind(kind).label if kind in LetterTemplate.Kind.values else kind


def letter_rows(case: Any, letters: list[Letter], *, portal: bool) -> list[dict[str, str]]:
    name = "practitioners:comms_my_letter_pdf" if portal else "practitioners:comms_letter_pdf"
    return [
        {
            "subject": letter.subject,
            "kind": kind_label(letter.kind),
            "sent_on": nhs_date(letter.sent_on),
            "pdf_url": reverse(name, kwargs={"case_id": case.pk, "letter_id": letter.pk}),
        }
        for letter in letters
    ]


def communication_rows(communications: list[Communication]) -> list[dict[str, str]]:
    return [
        {
            "when": nhs_datetime(c.occurred_at),
            "channel": c.get_channel_display(),
            "direction": "To the practitioner" if c.to_practitioner else "From the practitioner",
            "summary": c.summary,
            "recorded_by": c.recorded_by.display_name,
        }
        for c in communications
    ]


def letters_for(case: Any) -> list[Letter]:
    return list(case.letters.order_by("-sent_on", "-id").defer("pdf"))


def case_comms_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """The communications section of the staff case page (the case came through faircase.access)."""
    communications = list(case.communications.select_related("recorded_by"))
    can_change = user.has_perm("cases.change_case", case)
    return {
        "comms": {
            "letters": letter_rows(case, letters_for(case), portal=False),
            "communications": communication_rows(communications),
            "can_change": can_change,
            "send_url": reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk}),
            # A link to the form's own page, not the form inline: its date input alone was half the time
            # taken to render the case page (measured with cProfile, `make bench`).
            "log_url": reverse("practitioners:comms_log", kwargs={"case_id": case.pk}),
        }
    }


def portal_comms_context(case: Any, user: Any) -> dict[str, Any]:
    """The letters sent to the practitioner, on their own case page (the case came through own_case_view)."""
    return {"comms": {"letters": letter_rows(case, letters_for(case), portal=True)}}


def placeholder_rows() -> list[dict[str, Any]]:
    return [
        {"key": {"text": "{" + name + "}"}, "value": {"text": description}}
        for name, description in L.PLACEHOLDERS.items()
    ]


def letter_record_entries(case: Any) -> tuple[RecordEntry, ...]:
    """Each letter sent to the practitioner, oldest first, with the SHA-256 of the PDF that was sent: the
    disclosable record lists them so a panel can match each letter to the copy the practitioner holds."""
    return tuple(
        RecordEntry(
            f"{letter.subject}, sent {nhs_date(letter.sent_on)}",
            (
                RecordRow("Kind", kind_label(letter.kind)),
                RecordRow("Sent by", letter.sent_by.display_name),
                RecordRow("SHA-256 of the letter sent", letter.sha256),
            ),
        )
        for letter in reversed(letters_for(case))
    )


def communication_record_entries(case: Any) -> tuple[RecordEntry, ...]:
    """The communication log, oldest first."""
    return tuple(
        RecordEntry(
            f"{row['channel']}, {row['when']}",
            (
                RecordRow("Direction", row["direction"]),
                RecordRow("Summary", row["summary"]),
                RecordRow("Recorded by", row["recorded_by"]),
            ),
        )
        for row in communication_rows(
            sorted(case.communications.select_related("recorded_by"), key=lambda c: (c.occurred_at, c.pk))
        )
    )
