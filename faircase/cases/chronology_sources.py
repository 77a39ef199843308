"""The case app's entries in the chronology (faircase.cases.chronology): the case opening and closing, each concern
as raised, and each move between stages with its decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases import selectors
from faircase.cases.choices import policy_name
from faircase.cases.chronology import ChronologyEntry, entry_on_day, register_source
from faircase.policy.workflow import workflow_for


def _case_url(case: Any, anchor: str) -> str:
    return f"{reverse('cases:detail', kwargs={'case_id': case.pk})}#{anchor}"


def case_events(case: Any) -> Iterator[ChronologyEntry]:
    yield ChronologyEntry(
        case.opened_at, "case", _("Case opened"), _("Under %(policy)s") % {"policy": policy_name(case.policy)}
    )
    if case.closed_at is not None:
        outcome = case.get_outcome_display() if case.outcome else ""
        yield ChronologyEntry(case.closed_at, "case", _("Case closed"), outcome)


def concern_events(case: Any) -> Iterator[ChronologyEntry]:
    for concern in selectors.concerns_for(case):
        yield entry_on_day(
            concern.raised_on,
            "concern",
            _("%(category)s concern raised") % {"category": concern.get_category_display()},
            concern.description,
            _case_url(case, "concerns"),
        )


def stage_events(case: Any) -> Iterator[ChronologyEntry]:
    workflow = workflow_for(case)
    for move in selectors.stage_moves_for(case):
        yield ChronologyEntry(
            move.moved_at,
            "stage",
            _("Moved from %(from)s to %(to)s")
            % {"from": workflow.stage_name(move.from_stage), "to": workflow.stage_name(move.to_stage)},
            move.decision,
            _case_url(case, "stage-history"),
        )


def register_chronology() -> None:
    register_source("case", cast(str, gettext_lazy("Case opened and closed")), case_events)
    register_source("concern", cast(str, gettext_lazy("Concerns")), concern_events)
    register_source("stage", cast(str, gettext_lazy("Stage moves")), stage_events)
