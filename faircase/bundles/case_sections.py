"""The case page's section for tribunal bundles (faircase.cases.sections), shown only to those who may prepare one."""

from django.utils.translation import gettext_lazy as _

from faircase.bundles.presenters import case_section
from faircase.cases.sections import CaseSection, register


def register_sections() -> None:
    register(
        CaseSection(
            "disclosure-bundles", _("Disclosure bundles"), "bundles/_case_bundles.jinja", 205, case_section
        )
    )
