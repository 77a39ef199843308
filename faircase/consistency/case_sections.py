"""The consistency lens's section of the case page (faircase.cases.sections): the way to comparable cases."""

from django.utils.translation import gettext_lazy as _

from faircase.cases.sections import CaseSection, register


def register_sections() -> None:
    register(
        CaseSection(
            "comparable-cases",
            _("Comparable cases"),
            "consistency/_case_section.jinja",
            50,
            lambda case, user, today: {},
        )
    )
