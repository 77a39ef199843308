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
from faircase.proceedings.options import option_name
from faircase.proceedings.presenters_decision import appeal_heard_by


def investigation_events(case: Any) -> Iterator[ChronologyEntry]:
    investigation = selectors.investigation_of(case)
    if investigation is None:
        return
    url = reverse("proceedings:investigation", kwargs={"case_id": case.pk})
    yield entry_on_day(
        investigation.appointed_on,
        "investigation",
        _("Case investigator appointed: %(name)s") % {"name": investigation.investigator.display_name},
        _("Appointed by %(name)s") % {"name": investigation.appointed_by.display_name},
        url,
    )
    if investigation.terms_set_at is not None:
        by = investigation.terms_set_by.display_name if investigation.terms_set_by else _("unknown")
        yield ChronologyEntry(
            investigation.terms_set_at,
            "investigation",
            _("Terms of reference set"),
            _("By %(name)s") % {"name": by},
            url,
        )
    for interview in selectors.interviews_of(case):
        if interview.of_practitioner and interview.companion:
            title = _("Interview with the practitioner, accompanied by %(companion)s") % {
                "companion": interview.companion
            }
        elif interview.of_practitioner:
            title = _("Interview with the practitioner")
        elif interview.companion:
            title = _("Interview with %(name)s, accompanied by %(companion)s") % {
                "name": interview.interviewee,
                "companion": interview.companion,
            }
        else:
            title = _("Interview with %(name)s") % {"name": interview.interviewee}
        yield entry_on_day(interview.held_on, "investigation", title, "", url)
        if interview.comments_received_on is not None:
            comments = (
                _("Comments on the accuracy of the minutes of the interview with the practitioner")
                if interview.of_practitioner
                else _("Comments on the accuracy of the minutes of the interview with %(name)s")
                % {"name": interview.interviewee}
            )
            yield entry_on_day(
                interview.comments_received_on, "investigation", comments, interview.accuracy_comments, url
            )
    if investigation.report_received_on is not None:
        by = (
            investigation.report_received_by.display_name
            if investigation.report_received_by
            else _("unknown")
        )
        yield entry_on_day(
            investigation.report_received_on,
            "investigation",
            _("Investigation report received by the case manager"),
            _("Recorded by %(name)s") % {"name": by},
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
        _("Decision on the investigation report: %(option)s")
        % {"option": option_name(case.policy, decision.option, decision.option_label)},
        _("Decided by %(name)s. %(reasons)s")
        % {"name": decision.decided_by.display_name, "reasons": decision.reasons},
        url,
    )
    hearing = selectors.hearing_of(case)
    if hearing is None:
        return
    panel = ", ".join(sorted(person.display_name for person in hearing.panel.all()))
    yield entry_on_day(
        hearing.notice_given_on, "decision", _("Notice of the hearing given to the practitioner"), "", url
    )
    held = (
        _("Panel: %(panel)s; companion %(companion)s") % {"panel": panel, "companion": hearing.companion}
        if hearing.companion
        else _("Panel: %(panel)s") % {"panel": panel}
    )
    yield entry_on_day(hearing.held_on, "decision", _("Hearing"), held, url)
    if hearing.outcome_on is not None:
        yield entry_on_day(
            hearing.outcome_on,
            "decision",
            _("Outcome of the hearing: %(outcome)s") % {"outcome": hearing.outcome},
            hearing.outcome_reasons,
            url,
        )
    appeal = selectors.appeal_of(case)
    if appeal is None:
        return
    label, who = appeal_heard_by(appeal)
    yield entry_on_day(appeal.received_on, "decision", _("Appeal received"), f"{label}: {who}", url)
    if appeal.decided_on is not None:
        yield entry_on_day(
            appeal.decided_on,
            "decision",
            _("Outcome of the appeal: %(outcome)s") % {"outcome": str(appeal.get_outcome_display()).lower()},
            appeal.outcome_reasons,
            url,
        )


def register_chronology() -> None:
    register_source("investigation", cast(str, gettext_lazy("The investigation")), investigation_events)
    register_source("decision", cast(str, gettext_lazy("Decision, hearing and appeal")), decision_events)
