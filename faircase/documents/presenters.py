"""What people read about a case's documents: the table, a document's page, the case page's section, the
record's document index and the command's listing, all from the same few functions."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.access.guard import allows
from faircase.cases.models import Case
from faircase.core.formatting import nhs_date, nhs_datetime, pluralise
from faircase.core.readers import size_text
from faircase.documents import scanning, selectors
from faircase.documents.choices import Kind, Marking
from faircase.documents.models import Document, DocumentVersion, MarkingChange
from faircase.documents.sniffing import FILE_TYPES

MARKING_TAGS = {
    Marking.DISCLOSABLE: "nhsuk-tag--green",
    Marking.WITHHELD: "nhsuk-tag--red",
    Marking.REDACTED: "nhsuk-tag--blue",
}
CASE_PAGE_ROWS = 5


def kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else kind  # str: a lazy label cannot go into JSON


def marking_label(marking: str) -> str:
    return str(Marking(marking).label) if marking in Marking.values else _("Not marked")


def marking_tag(marking: str) -> dict[str, str]:
    return {"text": marking_label(marking), "classes": MARKING_TAGS.get(Marking(marking), "")}


def file_size(size: int) -> str:
    return pluralise(size, "byte") if size < 1024 else size_text(size)


def type_label(version: DocumentVersion) -> str:
    file_type = FILE_TYPES.get(version.file_type)
    return file_type.label if file_type else version.file_type


def download_url(version: DocumentVersion, case: Case) -> str:
    return reverse(
        "documents:download",
        kwargs={"case_id": case.pk, "document_id": version.document_id, "version_id": version.pk},
    )


def version_label(version: DocumentVersion) -> str:
    if version.redaction_of is not None:
        return _("Version %(number)s (redacted copy of version %(original)s)") % {
            "number": version.number,
            "original": version.redaction_of.number,
        }
    return _("Version %(number)s") % {"number": version.number}


def row(document: Document, case: Case) -> dict[str, Any]:
    """One line of the documents table (the list page and the case page)."""
    current = selectors.current_of(document)
    redacted = selectors.redacted_copy_of(document, current)
    return {
        "id": document.pk,
        "name": current.name,
        "kind": kind_label(document.kind),
        "date": nhs_date(document.dated),
        "version": current.number,
        "versions": len(document.versions.all()),
        "marking": marking_tag(document.marking),
        "withheld_reason": document.withheld_reason,
        "added_by": document.added_by_label,
        "added": nhs_date(document.added_at),
        "type": type_label(current),
        "size": file_size(current.size),
        "url": reverse("documents:detail", kwargs={"case_id": case.pk, "document_id": document.pk}),
        "download_url": download_url(current, case),
        "redacted_download_url": download_url(redacted, case) if redacted else "",
    }


def rows(case: Case) -> list[dict[str, Any]]:
    return [row(document, case) for document in selectors.documents_of(case)]


def upload_note() -> str:
    """What the upload pages say about the malware scan, true to the settings."""
    if scanning.scanning_on():
        return _(
            "Files are checked for viruses before they are saved. A file that fails the check is not saved."
        )
    return _(
        "Files are not checked for viruses by faircase here. Only upload files from a source you trust, checked "
        "by your organisation's antivirus software."
    )


def links(case: Case, user: Any) -> dict[str, str]:
    add = allows(user, case, "document.add")
    return {
        "list_url": reverse("documents:list", kwargs={"case_id": case.pk}),
        "add_url": reverse("documents:add", kwargs={"case_id": case.pk}) if add else "",
    }


def case_documents_context(case: Case, user: Any) -> dict[str, Any]:
    """The case page's section on documents (documents/_case_documents.jinja): the most recent few, how many
    there are, and the links this user may follow. `case` comes through the access kernel."""
    documents = list(selectors.documents_of(case))
    latest = sorted(documents, key=lambda d: (d.dated, d.added_at), reverse=True)[:CASE_PAGE_ROWS]
    return {
        "rows": [row(d, case) for d in latest],
        "count": len(documents),
        "count_text": ngettext("%(num)s document", "%(num)s documents", len(documents))
        % {"num": f"{len(documents):,}"},
        "more": len(documents) > CASE_PAGE_ROWS,
        **links(case, user),
    }


# ---- a document's page -----------------------------------------------------------------------------------------


def version_line(version: DocumentVersion, case: Case) -> dict[str, Any]:
    return {
        "label": version_label(version),
        "number": version.number,
        "name": version.name,
        "type": type_label(version),
        "size": file_size(version.size),
        "sha256": version.sha256,
        "added_by": version.added_by_label,
        "added": nhs_datetime(version.added_at),
        "note": version.note,
        "scanned": _("Checked for viruses") if version.virus_scanned_at else _("Not checked for viruses"),
        "download_url": download_url(version, case),
        "is_redacted_copy": version.redaction_of is not None,
    }


def marking_line(change: MarkingChange) -> dict[str, str]:
    return {
        "when": nhs_datetime(change.changed_at),
        "from": marking_label(change.from_marking) if change.from_marking else "",
        "to": marking_label(change.to_marking),
        "reason": change.reason,
        "by": change.changed_by_label,
    }


def document_page(document: Document, user: Any) -> dict[str, Any]:
    case = document.case
    current = selectors.current_of(document)
    return {
        "name": current.name,
        "summary": row(document, case),
        "versions": [version_line(v, case) for v in reversed(document.versions.all())],
        "markings": [marking_line(c) for c in selectors.marking_history(document)],
        "current_number": current.number,
        "add_version_url": reverse(
            "documents:add_version", kwargs={"case_id": case.pk, "document_id": document.pk}
        )
        if allows(user, case, "document.add_version")
        else "",
        "mark_url": reverse("documents:mark", kwargs={"case_id": case.pk, "document_id": document.pk})
        if allows(user, case, "document.mark")
        else "",
        "redact_url": reverse(
            "documents:add_redacted", kwargs={"case_id": case.pk, "document_id": document.pk}
        )
        if allows(user, case, "document.add_redacted_copy")
        else "",
    }


# ---- the disclosable record and the command line ----------------------------------------------------------------


@dataclass(frozen=True)
class DocumentIndexRow:
    """One line of the record's index of documents. A withheld document is listed too, with its reason."""

    name: str
    kind: str
    date: str
    version: int
    marking: str
    withheld_reason: str
    sha256: str
    redacted_copy_version: int | None  # the version disclosed in its place, when a redacted copy was added
    redacted_copy_sha256: str


def document_index(case: Case) -> tuple[DocumentIndexRow, ...]:
    """The record's index of the case's documents, in date order: each document's current version, its marking
    (with the reason when withheld) and its SHA-256, and the redacted copy disclosed in its place, if any."""
    index = []
    for document in selectors.documents_of(case):
        current = selectors.current_of(document)
        redacted = (
            selectors.redacted_copy_of(document, current) if document.marking == Marking.REDACTED else None
        )
        index.append(
            DocumentIndexRow(
                name=current.name,
                kind=kind_label(document.kind),
                date=nhs_date(document.dated),
                version=current.number,
                marking=marking_label(document.marking),
                withheld_reason=document.withheld_reason,
                sha256=current.sha256,
                redacted_copy_version=redacted.number if redacted else None,
                redacted_copy_sha256=redacted.sha256 if redacted else "",
            )
        )
    return tuple(index)


def listing(case: Case) -> list[dict[str, Any]]:
    """`faircase documents list --json`: name, kind, sha256, version, disclosable first; then the rest."""
    lines = []
    for document in selectors.documents_of(case):
        current = selectors.current_of(document)
        lines.append(
            {
                "name": current.name,
                "kind": document.kind,
                "sha256": current.sha256,
                "version": current.number,
                "disclosable": document.marking == Marking.DISCLOSABLE,
                "marking": document.marking,
                "withheld_reason": document.withheld_reason,
                "date": document.dated.isoformat(),
                "size": current.size,
                "type": current.file_type,
                "id": str(document.pk),
            }
        )
    return lines
