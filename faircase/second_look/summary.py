"""The anonymised summary a blind reviewer reads, built from a case.

Kept: the decision asked about, the stage, the profession, grade, setting and contract type (it matters: locums
and isolated roles are drawn into formal processes more often), whether it arose from a patient safety
incident, and each concern (category, severity, source, what is alleged) with its dates made relative ("raised
3 weeks after it happened").

Left out: the practitioner's name and titles, registration number, specialty (with the grade it would name the
person in most organisations), start date, age, sex, ethnicity, nationality and place or country of
qualification, the case reference, the organisation and the people on the case. Free text (what is alleged, the
case summary) goes through the redactor, and so does the whole summary, labels included, so that the practitioner's
name cannot survive anywhere in it.
"""

import datetime as dt
from typing import Any

from faircase.process import clock
from faircase.second_look.choices import Decision
from faircase.second_look.redaction import Redaction, Redactor


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def duration(days: int) -> str:
    """A number of days in words a person reads at a glance: "4 days", "3 weeks", "5 months", "2 years"."""
    days = abs(days)
    if days < 14:
        return _plural(days, "day")
    if days < 60:
        return _plural(round(days / 7), "week")
    if days < 730:
        return _plural(round(days / 30.44), "month")
    return _plural(round(days / 365.25), "year")


def raised_after(occurred_on: dt.date, raised_on: dt.date) -> str:
    gap = clock.days_since(occurred_on, raised_on)
    if gap == 0:
        return "raised the day it happened"
    if gap < 0:
        return f"raised {duration(gap)} before the date given for it"
    return f"raised {duration(gap)} after it happened"


def before_request(day: dt.date, today: dt.date) -> str:
    gap = clock.days_since(day, today)
    if gap == 0:
        return "on the day of this request"
    if gap < 0:
        return f"{duration(gap)} after this request"
    return f"{duration(gap)} before this request"


def build_summary(case: Any, *, decision: str, concerns: list[Any], stage_name: str, today: dt.date) -> str:
    """The summary as plain text, before redaction. `concerns` are the case's concerns, oldest first."""
    practitioner = case.practitioner
    lines = [
        f"Decision to consider: {Decision(decision).label}",
        f"Stage of the case: {stage_name}",
        f"Profession: {practitioner.get_profession_display()}",
    ]
    if practitioner.grade:
        lines.append(f"Grade: {practitioner.grade}")
    lines += [
        f"Setting: {practitioner.get_setting_display()}",
        f"Contract type: {practitioner.get_contract_type_display()}",
        f"Arose from a patient safety incident: {'Yes' if case.patient_safety_incident else 'No'}",
        f"Case opened: {before_request(case.opened_at.date(), today)}",
    ]
    if case.summary.strip():
        lines += ["", "Summary of the case:", case.summary.strip()]
    for number, concern in enumerate(concerns, start=1):
        lines += [
            "",
            f"Concern {number} of {len(concerns)}: {concern.get_category_display()}",
            f"Severity: {concern.get_severity_display()}",
            f"Source: {concern.get_source_display()}",
            f"When: {raised_after(concern.occurred_on, concern.raised_on)}, "
            f"{before_request(concern.raised_on, today)}",
            "What is alleged:",
            concern.description.strip(),
        ]
    return "\n".join(lines)


def anonymised_summary(
    case: Any, *, decision: str, concerns: list[Any], stage_name: str, today: dt.date, redactor: Redactor
) -> Redaction:
    return redactor.redact(
        build_summary(case, decision=decision, concerns=concerns, stage_name=stage_name, today=today)
    )
