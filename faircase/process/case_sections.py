"""The process app's sections of the case page (faircase.cases.sections): deadlines, restrictions, advice from
Practitioner Performance Advice and regulator referrals. The last three share one presenter, called once."""

import datetime as dt
from typing import Any, cast

from django.utils.translation import gettext_lazy

from faircase.cases.sections import CaseSection, register
from faircase.process.presenters_deadlines import case_deadlines_context
from faircase.process.presenters_restrictions import case_restrictions_context


def _deadlines(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"deadlines": case_deadlines_context(case, user, today)}


def _restrictions(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    return {"restrictions": case_restrictions_context(case, user, today)}


def register_sections() -> None:
    for section in (
        CaseSection(
            "deadlines", cast(str, gettext_lazy("Deadlines")), "process/_case_deadlines.jinja", 30, _deadlines
        ),
        CaseSection(
            "restrictions",
            cast(str, gettext_lazy("Restrictions, exclusions and suspensions")),
            "process/_case_restrictions.jinja",
            60,
            _restrictions,
        ),
        CaseSection(
            "advice",
            cast(str, gettext_lazy("Practitioner Performance Advice")),
            "process/_case_advice.jinja",
            62,
            _restrictions,
        ),
        CaseSection(
            "referrals",
            cast(str, gettext_lazy("Regulator referrals")),
            "process/_case_referrals.jinja",
            64,
            _restrictions,
        ),
    ):
        register(section)


def register_record_sections() -> None:
    from faircase.process.presenters_record import (
        advice_entries,
        deadline_entries,
        decision_entries,
        referral_entries,
        restriction_entries,
    )
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    register_record(
        RecordSectionSpec(
            "restrictions",
            gettext_lazy("Restrictions, exclusions and suspensions"),
            100,
            lambda case, generated_on: restriction_entries(case),
            gettext_lazy("No restriction, exclusion or suspension has been recorded."),
        )
    )
    register_record(
        RecordSectionSpec(
            "decisions-not-to-exclude",
            gettext_lazy("Decisions not to exclude or restrict"),
            102,
            lambda case, generated_on: decision_entries(case),
            gettext_lazy("No decision not to exclude or restrict has been recorded."),
        )
    )
    register_record(
        RecordSectionSpec(
            "advice",
            gettext_lazy("Advice from Practitioner Performance Advice"),
            104,
            lambda case, generated_on: advice_entries(case),
            gettext_lazy("No contact with Practitioner Performance Advice is recorded."),
        )
    )
    register_record(
        RecordSectionSpec(
            "referrals",
            gettext_lazy("Referrals to a regulator"),
            106,
            lambda case, generated_on: referral_entries(case),
            gettext_lazy("No referral to a regulator is recorded."),
        )
    )
    register_record(
        RecordSectionSpec(
            "deadlines",
            gettext_lazy("Deadlines from the policy pack"),
            110,
            lambda case, generated_on: deadline_entries(case, generated_on=generated_on),
            gettext_lazy("The policy pack has given the case no deadline."),
        )
    )
