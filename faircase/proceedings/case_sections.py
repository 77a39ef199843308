"""The investigation's section of the case page (faircase.cases.sections) and of the disclosable record
(faircase.records.sections)."""

from typing import cast

from django.utils.translation import gettext_lazy

from faircase.cases.sections import CaseSection, register
from faircase.proceedings.presenters import case_section_context
from faircase.proceedings.presenters_decision import case_section_context as decision_section_context


def register_sections() -> None:
    # After the deadlines and before restrictions and documents: the investigation is the work of the case.
    register(
        CaseSection(
            "investigation",
            cast(str, gettext_lazy("Investigation")),
            "proceedings/_case_investigation.jinja",
            55,
            case_section_context,
        )
    )
    # Straight after the investigation: what the case manager decided on its report, and what followed.
    register(
        CaseSection(
            "decision",
            cast(str, gettext_lazy("Decision, hearing and appeal")),
            "proceedings/_case_decision.jinja",
            56,
            decision_section_context,
        )
    )


def register_record_sections() -> None:
    from faircase.proceedings.presenters import record_entries
    from faircase.proceedings.presenters_decision import record_entries as decision_record_entries
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    register_record(
        RecordSectionSpec(
            "investigation",
            cast(str, gettext_lazy("The investigation")),
            120,
            lambda case, generated_on: record_entries(case),
            cast(str, gettext_lazy("No case investigator has been appointed.")),
        )
    )
    register_record(
        RecordSectionSpec(
            "decision",
            cast(str, gettext_lazy("The decision on the report, the hearing and the appeal")),
            121,
            lambda case, generated_on: decision_record_entries(case),
            cast(str, gettext_lazy("No decision on an investigation report has been recorded.")),
        )
    )
