"""Producing the disclosable record. Every record produced, whatever its format, is written to the audit
trail with its integrity hash, so the case history shows who took which version of the record and when."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.records.presenters import RecordDocument, build_record
from faircase.records.renderers import Format, filename, get_format

COMMAND_LINE_ACTOR = "faircase record export (command line)"


@dataclass(frozen=True)
class GeneratedRecord:
    document: RecordDocument
    format: Format
    content: bytes

    @property
    def filename(self) -> str:
        return filename(self.document, self.format)


@transaction.atomic
def record_generated(*, case: Case, document: RecordDocument, fmt: str, by: ActorLike) -> None:
    """Audit that the record of `case` was produced in format `fmt`."""
    audit.record(
        by=by,
        action="record.generated",
        obj=case,
        case=case,
        detail={
            "format": fmt,
            "hash": document.footer.sha256,
            "algorithm": document.footer.algorithm,
            "generated_at": document.footer.generated_at_iso,
        },
    )


def generate_record(
    *, case: Case, fmt: str, by: ActorLike, generated_at: dt.datetime | None = None
) -> GeneratedRecord:
    """Build the record of `case`, render it as `fmt` (html, pdf or docx) and audit it.

    The case must already have been fetched through `faircase.cases.selectors` for whoever asked. The
    rendering (most of a second for the PDF of a long case) runs before the audit transaction, so it never
    holds the database's write lock; if rendering fails, nothing is recorded and nothing is handed out.
    """
    record_format = get_format(fmt)
    document = build_record(case, generated_by=by, generated_at=generated_at)
    content = record_format.render(document)
    record_generated(case=case, document=document, fmt=record_format.key, by=by)
    return GeneratedRecord(document=document, format=record_format, content=content)


def record_page(*, case: Case, by: ActorLike, generated_at: dt.datetime | None = None) -> RecordDocument:
    """The record for the web page (rendered by the view's template), audited as format "html"."""
    document = build_record(case, generated_by=by, generated_at=generated_at)
    record_generated(case=case, document=document, fmt="html", by=by)
    return document
