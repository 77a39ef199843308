"""Closing a case safely: the closure checklist of the case's policy pack, checked against the case.

The pack says which checks apply and words them (faircase.policy.pack_extras.closure_checklist); this module knows
how to make each check and, for anything still open, what to do and on which page. `move_stage` refuses a move to
a final stage while any item is open (ClosureRefused), and the move page shows the list before the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.cases.choices import Outcome
from faircase.core.formatting import nhs_date
from faircase.policy.pack_extras import closure_checklist


@dataclass(frozen=True)
class Problem:
    """Something open, what to do about it, and the page where it is done."""

    text: str
    href: str


@dataclass(frozen=True)
class ChecklistItem:
    check: str
    text: str
    how: str
    problems: tuple[Problem, ...]

    @property
    def done(self) -> bool:
        return not self.problems

    @property
    def status_tag(self) -> dict[str, str]:
        if self.done:
            return {"text": _("Done"), "classes": "nhsuk-tag--green"}
        return {"text": _("To do"), "classes": "nhsuk-tag--orange"}


class ClosureRefused(ValidationError):
    """A move to a final stage refused: field errors as usual, and each open item of the checklist as a message
    with the page where it is put right (`links`, message -> href) for the error summary."""

    def __init__(self, errors: dict[str, Any], problems: list[Problem]):
        messages = dict(errors)
        if problems:
            messages[NON_FIELD_ERRORS] = [p.text for p in problems]
        super().__init__(messages)
        self.links = {p.text: p.href for p in problems}


def _restrictions(case: Any, outcome: str) -> list[Problem]:
    from faircase.process.models import Restriction

    live = Restriction.objects.of_case(case).filter(ended_on__isnull=True).order_by("started_on", "pk")
    return [
        Problem(
            _(
                "End the %(kind)s that started on %(date)s, or hand it over and say to whom in the reason it ended"
            )
            % {"kind": str(r.get_kind_display()).lower(), "date": nhs_date(r.started_on)},
            reverse("process:restriction_detail", kwargs={"case_id": case.pk, "restriction_id": r.pk}),
        )
        for r in live
    ]


def _follow_ups(case: Any, outcome: str) -> list[Problem]:
    from faircase.framework.selectors import open_follow_ups

    return [
        Problem(
            _("Close the follow-up for %(code)s, or carry it beyond the case with a reason")
            % {"code": f.code},
            reverse("reviews:follow_up", kwargs={"case_id": case.pk, "follow_up_id": f.pk}),
        )
        for f in open_follow_ups(case).order_by("code", "id")
    ]


def practitioner_told(case: Any) -> bool:
    """A letter that tells the outcome (an outcome, a decision or an appeal's outcome), or a communication to the practitioner dated on or after the day the case reached its
    current stage (where the decision to close is taken)."""
    from faircase.cases.models import StageMove
    from faircase.practitioners.models import Communication, Letter

    if Letter.objects.of_case(case).filter(kind__in=("outcome", "decision", "appeal_outcome")).exists():
        return True
    moves = StageMove.objects.of_case(case).order_by("-moved_at", "-id")
    # Once closed, the stage the decision was taken in is the one before the closing move.
    last = (moves[1:2] if case.is_closed else moves[:1]).first()
    # By date: a conversation logged without a time is dated midday, and may have been held after the move.
    since = timezone.localdate(last.moved_at if last else case.opened_at)
    return (
        Communication.objects.of_case(case)
        .filter(to_practitioner=True, occurred_at__date__gte=since)
        .exists()
    )


def _told(case: Any, outcome: str) -> list[Problem]:
    if practitioner_told(case):
        return []
    letter = reverse("practitioners:comms_letter_new", kwargs={"case_id": case.pk})
    return [
        Problem(
            _(
                "Tell the practitioner the outcome: send the outcome letter, or record in the communication log "
                "how they were told"
            ),
            f"{letter}?kind=outcome",
        )
    ]


def _outcome(case: Any, outcome: str) -> list[Problem]:
    return [] if outcome in Outcome.values else [Problem(_("Choose the outcome of the case"), "#id_outcome")]


CHECKS = {
    "restrictions_ended": _restrictions,
    "follow_ups_resolved": _follow_ups,
    "practitioner_told": _told,
    "outcome_recorded": _outcome,
}


def checklist(case: Any, *, outcome: str = "") -> tuple[ChecklistItem, ...]:
    """The case's closure checklist, each item checked. `outcome` is the outcome about to be recorded."""
    return tuple(
        ChecklistItem(
            check=entry.check,
            text=entry.text,
            how=entry.how,
            problems=tuple(CHECKS[entry.check](case, outcome)),
        )
        for entry in closure_checklist(case)
    )


def open_problems(items: tuple[ChecklistItem, ...]) -> list[Problem]:
    """What stands in the way of closing, leaving out the outcome, which the move form asks for itself."""
    return [problem for item in items if item.check != "outcome_recorded" for problem in item.problems]
