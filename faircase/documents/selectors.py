"""Reads of a case's documents. Each takes a case the caller fetched through the access kernel (a view's
`@case_view`, a command's `for_system`), so what it returns is scoped by construction."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from faircase.cases.models import Case
from faircase.core.page_reads import read_once
from faircase.documents.models import Document, DocumentVersion, MarkingChange


def _versions(case: Case) -> Prefetch[str]:
    return Prefetch(
        "versions",
        queryset=DocumentVersion.objects.of_case(case).select_related("redaction_of").order_by("number"),
    )


@read_once
def documents_of(case: Case) -> QuerySet[Document]:
    """The case's documents, oldest date first, each with its versions (one query for the documents, one for all
    their versions)."""
    return (
        Document.objects.of_case(case).prefetch_related(_versions(case)).order_by("dated", "added_at", "id")
    )


def document_in(case: Case, document_id: uuid.UUID | str) -> Document:
    """One document of the case, or 404. It carries the case it was fetched with (and what the kernel worked out
    about the user's access to it)."""
    try:
        document = documents_of(case).get(pk=document_id)
    except (Document.DoesNotExist, ValueError) as error:
        raise Http404("No such document") from error
    document.case = case
    return document


def version_of(document: Document, version_id: uuid.UUID | str) -> DocumentVersion:
    """One version of the document, or 404."""
    try:
        version = (
            DocumentVersion.objects.of_case(document.case)
            .filter(document=document)
            .select_related("redaction_of")
            .get(pk=version_id)
        )
    except (DocumentVersion.DoesNotExist, ValueError) as error:
        raise Http404("No such version") from error
    version.document = document
    return version


def marking_history(document: Document) -> QuerySet[MarkingChange]:
    return MarkingChange.objects.of_case(document.case).filter(document=document).order_by("changed_at", "id")


def current_of(document: Document) -> DocumentVersion:
    """The latest version that is not a redacted copy, from the versions fetched with the document."""
    originals = [v for v in document.versions.all() if v.redaction_of_id is None]
    return originals[-1]


def redacted_copy_of(document: Document, version: DocumentVersion) -> DocumentVersion | None:
    """The latest redacted copy of `version`, from the versions fetched with the document."""
    copies = [v for v in document.versions.all() if v.redaction_of_id == version.pk]
    return copies[-1] if copies else None
