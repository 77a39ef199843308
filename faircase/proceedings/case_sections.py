"""The investigation's section of the case page (faircase.cases.sections) and of the disclosable record
(faircase.records.sections)."""

from faircase.cases.sections import CaseSection, register
from faircase.proceedings.presenters import case_section_context


def register_sections() -> None:
    # After the deadlines and before restrictions and documents: the investigation is the work of the case.
    register(
        CaseSection(
            "investigation",
            "Investigation",
            "proceedings/_case_investigation.jinja",
            55,
            case_section_context,
        )
    )


def register_record_sections() -> None:
    from faircase.proceedings.presenters import record_entries
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    register_record(
        RecordSectionSpec(
            "investigation",
            "The investigation",
            120,
            lambda case, generated_on: record_entries(case),
            "No case investigator has been appointed.",
        )
    )
