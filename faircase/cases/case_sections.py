"""The case app's own sections of the case page (faircase.cases.sections): the framework, the reviews, the case's
summary, concerns, people and stages, and the way to its record. Other apps register theirs in the same way."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from faircase.access.guard import allows
from faircase.cases import presenters_chronology, selectors
from faircase.cases.sections import CaseSection, register
from faircase.policy.workflow import workflow_for


def _page_values(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """Sections that read what the page works out for its own header (the glance, the reviews)."""
    return {}


def _people(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    can_manage = allows(user, case, "case.manage_conflicts")
    return {
        "members": list(selectors.members_for(case)),
        "exclusions": list(selectors.exclusions_for(case)) if can_manage else [],
        "can_manage_conflicts": can_manage,
    }


def _concerns(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"concerns": list(selectors.concerns_for(case))}


def _stage_history(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    workflow = workflow_for(case)
    return {
        "moves": [
            {"move": m, "from": workflow.stage_name(m.from_stage), "to": workflow.stage_name(m.to_stage)}
            for m in selectors.stage_moves_for(case)
        ]
    }


def _record(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"can_read_history": allows(user, case, "case.history")}


def register_sections() -> None:
    for section in (
        CaseSection(
            "framework", _("The framework at a glance"), "cases/sections/framework.jinja", 10, _page_values
        ),
        CaseSection("follow-ups", _("Open follow-ups"), "cases/sections/follow_ups.jinja", 20, _page_values),
        CaseSection("reviews", _("Framework reviews"), "cases/sections/reviews.jinja", 40, _page_values),
        CaseSection("summary", _("Case summary"), "cases/sections/summary.jinja", 130, _page_values),
        CaseSection("concerns", _("Concerns"), "cases/sections/concerns.jinja", 140, _concerns),
        CaseSection("people", _("People named on the case"), "cases/sections/people.jinja", 150, _people),
        CaseSection(
            "stage-history", _("Stage history"), "cases/sections/stage_history.jinja", 160, _stage_history
        ),
        CaseSection(
            "chronology",
            _("Chronology"),
            "cases/sections/chronology.jinja",
            180,
            presenters_chronology.case_section_context,
        ),
        CaseSection("record", _("Record and history"), "cases/sections/record.jinja", 200, _record),
    ):
        register(section)


def register_record_sections() -> None:
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    # Last in the record: everything dated, from every app, case notes included (ADR 16).
    register_record(
        RecordSectionSpec(
            "chronology",
            cast(str, _("Chronology of the case")),
            200,
            presenters_chronology.record_entries,
            cast(str, _("Nothing dated has been recorded on the case.")),
        )
    )
