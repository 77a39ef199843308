"""What people read about a case's investigation: the investigation page, the case page's section and the
disclosable record's entries, all from the same few functions. Every date of the pack's clock comes from
faircase.process.clock; this module formats, it does not count."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from faircase.access.guard import allows
from faircase.cases.choices import policy_name
from faircase.cases.models import Case, Concern
from faircase.core.formatting import counted, nhs_date, pluralise
from faircase.core.languages import localised
from faircase.policy.events import ClockEvent
from faircase.policy.packs import pack_for_case
from faircase.proceedings import selectors
from faircase.proceedings.models import Interview, Investigation
from faircase.process import clock
from faircase.process.presenters_deadlines import deadline_row, rule_row

# Marked for the messages files: pluralise() looks the pair up in the page's language.
INTERVIEW = counted("interview or meeting", "interviews and meetings")


def appointment_intro(case: Case) -> str:
    """Who may not be chosen, in the words of the case's policy."""
    from faircase.proceedings.services import SEPARATE_INVESTIGATOR

    intro = _(
        "Nobody excluded from the case for a conflict of interest, nor the practitioner, may investigate it."
    )
    if case.policy in SEPARATE_INVESTIGATOR:
        intro += " " + _("Under %(policy)s the case investigator is not the case manager.") % {
            "policy": policy_name(case.policy)
        }
    return intro


def allegation_text(concern: Concern) -> str:
    return _("%(category)s, raised %(date)s: %(description)s") % {
        "category": concern.get_category_display(),
        "date": nhs_date(concern.raised_on),
        "description": concern.description,
    }


def document_name(document: Any) -> str:
    """A document's name is its latest version's (faircase.documents keeps every version)."""
    name: str | None = document.versions.order_by("-number").values_list("name", flat=True).first()
    return name or _("Unnamed document")


def _document_link(case: Case, document: Any) -> dict[str, str] | None:
    if document is None:
        return None
    return {
        "text": document_name(document),
        "href": reverse("documents:detail", kwargs={"case_id": case.pk, "document_id": document.pk}),
    }


# ---- choices for the forms ------------------------------------------------------------------------------------


def people_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(person.pk), person.display_name) for person in selectors.people_of_the_organisation(case)]


def allegation_choices(case: Case) -> list[tuple[str, str]]:
    return [(str(concern.pk), allegation_text(concern)) for concern in selectors.concerns_of(case)]


def document_choices(documents: Any) -> list[tuple[str, str]]:
    return [
        (
            str(document.pk),
            _("%(name)s, dated %(date)s")
            % {"name": document_name(document), "date": nhs_date(document.dated)},
        )
        for document in documents
    ]


def submission_choices(case: Case) -> list[tuple[str, str]]:
    return [
        (
            str(submission.pk),
            _("Sent %(date)s: %(text)s")
            % {"date": nhs_date(submission.submitted_at), "text": submission.text[:120]},
        )
        for submission in selectors.factual_accuracy_submissions(case)
    ]


def timescale(case: Case, event: str, today: dt.date) -> dict[str, Any]:
    """What the pack says follows `event`: the clock's due dates once the event is recorded, the rules (with the
    period in words) before it, or that the pack sets no time for it."""
    pack = pack_for_case(case)
    rules = clock.rules_started_by(pack, event)
    deadlines = clock.deadlines_started_by(case, event, today=today)
    return {
        "pack": _("%(title)s, version %(number)s")
        % {"title": localised(pack, "title"), "number": pack.version_number},
        "rules": [rule_row(rule) for rule in rules],
        "deadlines": [deadline_row(deadline) for deadline in deadlines],
        "none": not rules,
    }


def interview_row(case: Case, interview: Interview) -> dict[str, Any]:
    return {
        "id": str(interview.pk),
        "held_on": nhs_date(interview.held_on),
        "interviewee": interview.interviewee,
        "of_practitioner": interview.of_practitioner,
        "attended": [line.strip() for line in interview.attended.splitlines() if line.strip()],
        "companion": interview.companion,
        "minutes": _document_link(case, interview.minutes),
        "accuracy_comments": interview.accuracy_comments,
        "comments_received_on": nhs_date(interview.comments_received_on, empty=_("Not received")),
        "comments_url": reverse(
            "proceedings:interview_comments", kwargs={"case_id": case.pk, "interview_id": interview.pk}
        ),
    }


def investigation_context(case: Case, user: Any, today: dt.date) -> dict[str, Any]:
    """What the investigation page and the case page's section show."""
    investigation = selectors.investigation_of(case)
    may_change = allows(user, case, "investigation.change")
    values: dict[str, Any] = {
        "appointed": investigation is not None,
        "page_url": reverse("proceedings:investigation", kwargs={"case_id": case.pk}),
        "appoint_url": (
            reverse("proceedings:appoint", kwargs={"case_id": case.pk})
            if investigation is None and allows(user, case, "investigation.appoint")
            else ""
        ),
        "closed": case.is_closed,
    }
    if investigation is None:
        return values
    interviews = [interview_row(case, interview) for interview in selectors.interviews_of(case)]
    allegations = [allegation_text(concern) for concern in selectors.allegations_of(investigation)]
    received = investigation.report_received_on is not None
    values.update(
        investigator=investigation.investigator.display_name,
        appointed_on=nhs_date(investigation.appointed_on),
        appointed_by=investigation.appointed_by.display_name,
        terms_set=investigation.terms_set_at is not None,
        scope=investigation.scope,
        allegations=allegations,
        interviewees=investigation.interviewee_list(),
        investigation_timescale=timescale(case, ClockEvent.INVESTIGATOR_APPOINTED, today),
        interviews=interviews,
        interview_count=pluralise(len(interviews), INTERVIEW, "interviews and meetings"),
        report_received=received,
        report=_document_link(case, investigation.report),
        report_received_on=nhs_date(investigation.report_received_on),
        report_received_by=investigation.report_received_by.display_name if received else "",
        decision_timescale=timescale(case, ClockEvent.REPORT_SUBMITTED, today),
        factual_accuracy=_submission(case, investigation),
        can_change=may_change,
        terms_url=reverse("proceedings:terms", kwargs={"case_id": case.pk}),
        interview_url=reverse("proceedings:interview", kwargs={"case_id": case.pk}),
        report_url=reverse("proceedings:report", kwargs={"case_id": case.pk}),
        factual_accuracy_url=reverse("proceedings:factual_accuracy", kwargs={"case_id": case.pk}),
        decision_url=reverse("proceedings:decision", kwargs={"case_id": case.pk}),
    )
    return values


def _submission(case: Case, investigation: Investigation) -> dict[str, str] | None:
    submission = investigation.factual_accuracy
    if submission is None:
        return None
    return {"sent": nhs_date(submission.submitted_at), "text": submission.text}


def case_section_context(case: Case, user: Any, today: dt.date) -> dict[str, Any] | None:
    if not allows(user, case, "investigation.read"):
        return None
    return {"investigation": investigation_context(case, user, today)}


# ---- the disclosable record: nothing here depends on the day the record is made --------------------------------


def record_entries(case: Case) -> tuple[Any, ...]:
    from faircase.records.sections import RecordEntry, RecordRow

    investigation = selectors.investigation_of(case)
    if investigation is None:
        return ()
    appointment = [
        RecordRow(_("Case investigator"), investigation.investigator.display_name),
        RecordRow(_("Appointed on"), nhs_date(investigation.appointed_on)),
        RecordRow(_("Appointed by"), investigation.appointed_by.display_name),
    ]
    entries = [RecordEntry(_("Appointment of the case investigator"), tuple(appointment))]
    if investigation.terms_set_at is not None:
        rows = [RecordRow(_("Scope"), investigation.scope)]
        rows += [
            RecordRow(_("Allegation %(number)s") % {"number": number}, allegation_text(concern))
            for number, concern in enumerate(selectors.allegations_of(investigation), start=1)
        ]
        rows.append(RecordRow(_("To be interviewed"), "; ".join(investigation.interviewee_list())))
        entries.append(RecordEntry(_("Terms of reference"), tuple(rows)))
    for interview in selectors.interviews_of(case):
        rows = [
            RecordRow(_("Held on"), nhs_date(interview.held_on)),
            RecordRow(
                _("Attended"),
                "; ".join(line.strip() for line in interview.attended.splitlines() if line.strip()),
            ),
        ]
        if interview.of_practitioner:
            rows.append(RecordRow(_("Companion"), interview.companion or _("None")))
        link = _document_link(case, interview.minutes)
        rows.append(RecordRow(_("Minutes"), link["text"] if link else _("Not added")))
        if interview.comments_received_on is not None:
            rows.append(RecordRow(_("Comments on accuracy"), interview.accuracy_comments))
            rows.append(RecordRow(_("Comments received on"), nhs_date(interview.comments_received_on)))
        else:
            rows.append(RecordRow(_("Comments on accuracy"), _("None received")))
        entries.append(RecordEntry(_("Interview: %(name)s") % {"name": interview.interviewee}, tuple(rows)))
    if investigation.report_received_on is not None:
        link = _document_link(case, investigation.report)
        rows = [
            RecordRow(_("Report"), link["text"] if link else _("Not added")),
            RecordRow(_("Received by the case manager on"), nhs_date(investigation.report_received_on)),
            RecordRow(_("Recorded by"), investigation.report_received_by.display_name),
        ]
        submission = investigation.factual_accuracy
        rows.append(
            RecordRow(
                _("Practitioner's comments on factual accuracy"),
                _("Sent %(date)s") % {"date": nhs_date(submission.submitted_at)}
                if submission
                else _("None connected"),
            )
        )
        entries.append(RecordEntry(_("The investigation report"), tuple(rows)))
    return tuple(entries)
