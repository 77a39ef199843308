"""The documents app's section of the case page (faircase.cases.sections)."""

from faircase.cases.sections import CaseSection, register
from faircase.documents.presenters import case_documents_context


def register_sections() -> None:
    register(
        CaseSection(
            "documents",
            "Documents",
            "documents/_case_documents.jinja",
            65,
            lambda case, user, today: {"documents": case_documents_context(case, user)},
        )
    )
