"""The documents app's section of the case page (faircase.cases.sections)."""

from typing import cast

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.sections import CaseSection, register
from faircase.documents.presenters import case_documents_context


def register_sections() -> None:
    register(
        CaseSection(
            "documents",
            cast(str, gettext_lazy("Documents")),
            "documents/_case_documents.jinja",
            65,
            lambda case, user, today: {"documents": case_documents_context(case, user)},
        )
    )


def _index_entries(case, generated_on):
    from faircase.documents.presenters import document_index
    from faircase.records.sections import RecordEntry, RecordRow

    entries = []
    for row in document_index(case):
        rows = [
            RecordRow(_("Kind"), row.kind),
            RecordRow(_("Dated"), row.date),
            RecordRow(_("Version"), str(row.version)),
            RecordRow(_("Disclosure"), row.marking),
        ]
        if row.withheld_reason:
            rows.append(RecordRow(_("Why it is withheld"), row.withheld_reason))
        rows.append(RecordRow("SHA-256", row.sha256))
        if row.redacted_copy_version is not None:
            rows.append(
                RecordRow(
                    _("Redacted copy disclosed"),
                    _("Version %(number)s, SHA-256 %(sha256)s")
                    % {"number": row.redacted_copy_version, "sha256": row.redacted_copy_sha256},
                )
            )
        entries.append(RecordEntry(row.name, tuple(rows)))
    return tuple(entries)


def register_record_sections() -> None:
    from faircase.records.sections import RecordSectionSpec
    from faircase.records.sections import register as register_record

    register_record(
        RecordSectionSpec(
            "documents",
            cast(str, gettext_lazy("Index of documents")),
            150,
            _index_entries,
            cast(str, gettext_lazy("No document has been added to the case.")),
        )
    )
