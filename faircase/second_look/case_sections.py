"""The blind second look's section of the case page (faircase.cases.sections)."""

from faircase.cases.sections import CaseSection, register
from faircase.second_look.presenters import case_second_looks_context


def register_sections() -> None:
    register(
        CaseSection(
            "second-look",
            "Blind second looks",
            "second_look/_case_second_looks.jinja",
            70,
            lambda case, user, today: {"second_looks": case_second_looks_context(case, user, today)},
        )
    )
