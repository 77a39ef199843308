"""The investigation's entries in the chronology (faircase.cases.chronology): the investigator's appointment, the
terms of reference, each interview and any comments on its minutes, and the report's receipt."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.chronology import ChronologyEntry, entry_on_day, register_source
from faircase.proceedings import selectors
from faircase.proceedings.presenters_decision import appeal_heard_by


def investigation_events(case: Any) -> Iterator[ChronologyEntry]:
    investigation = selectors.investigation_of(case)
    if investigation is None:
        return
    url = reverse("proceedings:investigation", kwargs={"case_id": case.pk})
    yield entry_on_day(
        investigation.appointed_on,
        "investigation",
        f"Case investigator appointed: {investigation.investigator.display_name}",
        f"Appointed by {investigation.appointed_by.display_name}",
        url,
    )
    if investigation.terms_set_at is not None:
        by = investigation.terms_set_by.display_name if investigation.terms_set_by else "unknown"
        yield ChronologyEntry(
            investigation.terms_set_at, "investigation", _("Terms of reference set"), f"By {by}", url
        )
    for interview in selectors.interviews_of(case):
        who = "the practitioner" if interview.of_practitioner else interview.interviewee
        companion = f", accompanied by {interview.companion}" if interview.companion else ""
        yield entry_on_day(interview.held_on, "investigation", f"Interview with {who}{companion}", "", url)
        if interview.comments_received_on is not None:
            yield entry_on_day(
                interview.comments_received_on,
                "investigation",
                f"Comments on the accuracy of the minutes of the interview with {who}",
                interview.accuracy_comments,
                url,
            )
    if investigation.report_received_on is not None:
        by = investigation.report_received_by.display_name if investigation.report_received_by else "unknown"
        yield entry_on_day(
            investigation.report_received_on,
            "investigation",
            "Investigation report received by the case manager",
            f"Recorded by {by}",
            url,
        )


def decision_events(case: Any) -> Iterator[ChronologyEntry]:
    """The decision on the report, the hearing (its date and its outcome) and the appeal (received, decided)."""
    decision = selectors.decision_of(case)
    if decision is None:
        return
    url = reverse("proceedings:decision", kwargs={"case_id": case.pk})
    yield entry_on_day(
        decision.decided_on,
        "decision",
        f"Decision on the investigation report: {decision.option_label}",
        f"Decided by {decision.decided_by.display_name}. {decision.reasons}",
        url,
    )
    hearing = selectors.hearing_of(case)
    if hearing is None:
        return
    panel = ", ".join(sorted(person.display_name for person in hearing.panel.all()))
    yield entry_on_day(
        hearing.notice_given_on, "decision", "Notice of the hearing given to the practitioner", "", url
    )
    companion = f"; companion {hearing.companion}" if hearing.companion else ""
    yield entry_on_day(hearing.held_on, "decision", "Hearing", f"Panel: {panel}{companion}", url)
    if hearing.outcome_on is not None:
        yield entry_on_day(
            hearing.outcome_on,
            "decision",
            f"Outcome of the hearing: {hearing.outcome}",
            hearing.outcome_reasons,
            url,
        )
    appeal = selectors.appeal_of(case)
    if appeal is None:
        return
    label, who = appeal_heard_by(appeal)
    yield entry_on_day(appeal.received_on, "decision", "Appeal received", f"{label}: {who}", url)
    if appeal.decided_on is not None:
        yield entry_on_day(
            appeal.decided_on,
            "decision",
            f"Outcome of the appeal: {appeal.get_outcome_display().lower()}",
            appeal.outcome_reasons,
            url,
        )


def register_chronology() -> None:
    register_source("investigation", cast(str, gettext_lazy("The investigation")), investigation_events)
    register_source("decision", cast(str, gettext_lazy("Decision, hearing and appeal")), decision_events)
