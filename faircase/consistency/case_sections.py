"""The consistency lens's section of the case page (faircase.cases.sections): the way to comparable cases."""

from faircase.cases.sections import CaseSection, register


def register_sections() -> None:
    register(
        CaseSection(
            "comparable-cases",
            "Comparable cases",
            "consistency/_case_section.jinja",
            50,
            lambda case, user, today: {},
        )
    )
