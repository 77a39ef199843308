"""Communications with the practitioner, for display: what fills a letter's placeholders, the letters and the
communication log on the case page, and the letters on the practitioner's own page."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.accounts.roles import CaseRole
from faircase.core import languages
from faircase.core.formatting import nhs_date, nhs_datetime
from faircase.policy.events import ClockEvent
from faircase.policy.packs import pack_for_case
from faircase.practitioners import letters as L
from faircase.practitioners.models import (
    Communication,
    Letter,
    LetterDraft,
    LetterTemplate,
    SharedConcern,
    WelfarePlan,
)
from faircase.practitioners.selectors import support_for
from faircase.process import clock
from faircase.records.sections import RecordEntry, RecordRow


def case_manager_name(case: Any) -> str:
    member = case.members.filter(role=CaseRole.CASE_MANAGER).select_related("user").first()
    return member.user.display_name if member else L.default("case_manager")


def named_contact_name(case: Any) -> str:
    plan = WelfarePlan.objects.of_case(case).select_related("named_contact").first()
    if plan is None:
        return L.default("named_contact")
    return plan.named_contact.display_name


def shared_concerns(case: Any) -> list[SharedConcern]:
    """The concerns already shared with the practitioner, in the words they were given."""
    return list(SharedConcern.objects.of_case(case).select_related("concern").order_by("concern_id"))


def concern_line(shared: SharedConcern) -> str:
    return f"{shared.concern.get_category_display()}: {' '.join(shared.text.split())}"


def concern_choices(case: Any) -> list[tuple[str, str]]:
    """What the author may tick to put in a letter: only concerns already shared, never unshared wording."""
    return [(str(s.concern_id), concern_line(s)) for s in shared_concerns(case)]


def concerns_text(case: Any, concern_ids: Iterable[int | str] = ()) -> str:
    """The concerns the author chose, in the words shared with the practitioner. A concern not yet shared is
    never put in a letter by faircase: share it first, or write it in the draft by hand."""
    chosen = {str(i) for i in concern_ids}
    lines = [f"- {concern_line(s)}" for s in shared_concerns(case) if str(s.concern_id) in chosen]
    return "\n".join(lines) if lines else L.default("concerns")


def clock_values(case: Any, *, today: dt.date) -> dict[str, str]:
    """The placeholders the pack's rules and the case's clock give: the notice of a hearing and the time to
    appeal in words, and the next exclusion review, the comments on the report and the last day to appeal as
    dates. Empty values fall back to the wording in letters.DEFAULTS."""
    pack = pack_for_case(case)
    deadlines = clock.deadlines_for_case(case, today=today)
    notice = clock.rule_met_by(pack, (ClockEvent.HEARING_NOTICE_SENT, ClockEvent.ORAL_HEARING_NOTICE_SENT))
    appeal = clock.rule_met_by(pack, (ClockEvent.APPEAL_LODGED,))
    dates = {
        "next_exclusion_review": clock.next_due_on(deadlines, (ClockEvent.PERIOD_REVIEWED,)),
        "comments_by": clock.next_due_on(deadlines, (ClockEvent.PRACTITIONER_COMMENTS_RECEIVED,)),
        "appeal_by": clock.next_due_on(deadlines, (ClockEvent.APPEAL_LODGED,)),
    }
    values = {
        "hearing_notice": clock.period_of_rule(notice),
        "appeal_window": clock.period_of_rule(appeal),
    }
    values.update({name: L.day_and_date(day) for name, day in dates.items() if day is not None})
    return {name: value for name, value in values.items() if value}


def support_text(case: Any) -> str:
    entries = support_for(
        profession=case.practitioner.profession,
        nation=case.organisation.nation,
        organisation=case.organisation,
    )[: L.SUPPORT_LIMIT]
    if not entries:
        return L.default("support")
    lines = []
    for entry in entries:
        how = entry.contact or entry.website
        lines.append(f"- {languages.localised(entry, 'name')}" + (f": {how}" if how else ""))
    return "\n".join(lines)


def kind_label(kind: str) -> str:
    return str(LetterTemplate.Kind(kind).label) if kind in LetterTemplate.Kind.values else kind


def delivery_text(letter: Letter) -> str:
    """How the letter reached the practitioner, in words for the case page."""
    if letter.delivery == Letter.Delivery.EMAILED:
        return _("Emailed to %(addresses)s") % {"addresses": _(" and ").join(letter.emailed_to)}
    if letter.delivery == Letter.Delivery.TO_POST:
        return _("Not emailed: no email address. Post it to the practitioner.")
    if letter.delivery == Letter.Delivery.EMAIL_FAILED:
        return letter.delivery_problem or letter.get_delivery_display()
    return letter.get_delivery_display()


def letter_rows(case: Any, letters: list[Letter], *, portal: bool) -> list[dict[str, Any]]:
    name = "practitioners:comms_my_letter_pdf" if portal else "practitioners:comms_letter_pdf"
    return [
        {
            # The subject in the reader's language, where the letter was sent with a Welsh one.
            "subject": languages.localised(letter, "subject"),
            "kind": kind_label(letter.kind),
            "sent_on": nhs_date(letter.sent_on),
            "pdf_url": reverse(name, kwargs={"case_id": case.pk, "letter_id": letter.pk}),
            "delivery": "" if portal else delivery_text(letter),
            "needs_attention": not portal
            and letter.delivery in (Letter.Delivery.TO_POST, Letter.Delivery.EMAIL_FAILED),
            "email_again_url": reverse(
                "practitioners:comms_letter_email_again", kwargs={"case_id": case.pk, "letter_id": letter.pk}
            )
            if not portal and letter.delivery == Letter.Delivery.EMAIL_FAILED
            else "",
        }
        for letter in letters
    ]


def sent_message(sent: Any) -> tuple[int, str]:
    """What the page says after a letter is sent: emailed, to be posted, or the email failed."""
    letter = sent.letter
    if sent.emailed:
        return (
            messages.SUCCESS,
            _("Letter sent. It was emailed to %(addresses)s with the PDF.")
            % {"addresses": _(" and ").join(letter.emailed_to)},
        )
    if sent.to_post:
        return (
            messages.WARNING,
            _(
                "Letter recorded, but not emailed: the practitioner has no email address. Download the PDF and "
                "post it to them."
            ),
        )
    return (
        messages.ERROR,
        _("Letter recorded, but the email failed. %(problem)s The letter is kept with the case.")
        % {"problem": letter.delivery_problem},
    )


def languages_text(codes: list[str]) -> str:
    """ "Welsh", "English", or "Welsh and English, side by side (Welsh first)"."""
    if len(codes) > 1:
        return _("Welsh and English, side by side (Welsh first)")
    return _("Welsh") if codes == [languages.WELSH] else _("English")


def letter_languages_text(case: Any) -> str:
    """What language the practitioner's letters go in now, and why, for the staff."""
    return languages_text(languages.for_case_documents(case))


def draft_summary(
    case: Any, draft: LetterDraft, *, subject: str, body: str, subject_cy: str = "", body_cy: str = ""
) -> dict[str, Any]:
    """The draft as the practitioner would read it (in each language it goes in), and who it will go to."""
    from faircase.practitioners.services_comms import recipients

    addresses = recipients(case)
    produced = draft.languages.split() or [languages.ENGLISH]
    wanted = languages.for_case_documents(case)
    return {
        "kind": kind_label(draft.kind),
        "languages": languages_text(produced),
        "welsh": languages.WELSH in produced,
        # Welsh was wanted but this letter's template has none: it goes in English, and the author is told.
        "no_welsh": languages.WELSH in wanted and languages.WELSH not in produced,
        "subject_cy": subject_cy,
        "blocks_cy": L.blocks(body_cy) if body_cy else [],
        "language_url": reverse("practitioners:comms_letter_language", kwargs={"case_id": case.pk}),
        "subject": subject,
        "blocks": L.blocks(body),
        "recipients": addresses,
        "to_post": not addresses,
        "representative_url": reverse("practitioners:comms_representative", kwargs={"case_id": case.pk}),
    }


def draft_rows(case: Any) -> list[dict[str, str]]:
    return [
        {
            "subject": draft.subject,
            "kind": kind_label(draft.kind),
            "updated": nhs_datetime(draft.updated_at),
            "url": reverse(
                "practitioners:comms_letter_draft", kwargs={"case_id": case.pk, "draft_id": draft.pk}
            ),
        }
        for draft in LetterDraft.objects.of_case(case).filter(letter__isnull=True, discarded_at__isnull=True)
    ]


def communication_rows(communications: list[Communication]) -> list[dict[str, str]]:
    return [
        {
            "when": nhs_datetime(c.occurred_at),
            "channel": c.get_channel_display(),
            "direction": _("To the practitioner") if c.to_practitioner else _("From the practitioner"),
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
            "drafts": draft_rows(case) if can_change else [],
            "representative": (
                f"{case.representative_name} ({case.representative_email})"
                if case.representative_email
                else ""
            ),
            "representative_url": reverse("practitioners:comms_representative", kwargs={"case_id": case.pk}),
            "letters_in": letter_languages_text(case),
            "language_url": reverse("practitioners:comms_letter_language", kwargs={"case_id": case.pk}),
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
            _("%(subject)s, sent %(date)s") % {"subject": letter.subject, "date": nhs_date(letter.sent_on)},
            (
                RecordRow(_("Kind"), kind_label(letter.kind)),
                RecordRow(_("Sent by"), letter.sent_by.display_name),
                RecordRow(_("How it was sent"), delivery_text(letter)),
                *(
                    (RecordRow(_("Language check acknowledged"), "; ".join(letter.language_acknowledged)),)
                    if letter.language_acknowledged
                    else ()
                ),
                RecordRow(_("SHA-256 of the letter sent"), letter.sha256),
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
                RecordRow(_("Direction"), row["direction"]),
                RecordRow(_("Summary"), row["summary"]),
                RecordRow(_("Recorded by"), row["recorded_by"]),
            ),
        )
        for row in communication_rows(
            sorted(case.communications.select_related("recorded_by"), key=lambda c: (c.occurred_at, c.pk))
        )
    )
