"""The process app's sections of the case page (faircase.cases.sections): deadlines, restrictions, advice from
Practitioner Performance Advice and regulator referrals. The last three share one presenter, called once."""

import datetime as dt
from typing import Any

from faircase.cases.sections import CaseSection, register
from faircase.process.presenters_deadlines import case_deadlines_context
from faircase.process.presenters_restrictions import case_restrictions_context


def _deadlines(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"deadlines": case_deadlines_context(case, user, today)}


def _restrictions(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"restrictions": case_restrictions_context(case, user, today)}


def register_sections() -> None:
    for section in (
        CaseSection("deadlines", "Deadlines", "process/_case_deadlines.jinja", 30, _deadlines),
        CaseSection(
            "restrictions",
            "Restrictions, exclusions and suspensions",
            "process/_case_restrictions.jinja",
            60,
            _restrictions,
        ),
        CaseSection(
            "advice", "Practitioner Performance Advice", "process/_case_advice.jinja", 62, _restrictions
        ),
        CaseSection("referrals", "Regulator referrals", "process/_case_referrals.jinja", 64, _restrictions),
    ):
        register(section)
