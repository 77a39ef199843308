"""Producing the disclosable record. Every record produced, whatever its format, is written to the audit
trail with its integrity hash, so the case history shows who took which version of the record and when."""

import datetime as dt
import hashlib
import logging
import uuid
from dataclasses import dataclass
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from faircase.access.guard import authorize, fetch_case
from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core import languages as language_rules
from faircase.core.audit import ActorLike
from faircase.documents.storage import document_storage
from faircase.records.models import RecordFile
from faircase.records.presenters import RecordDocument, build_record
from faircase.records.renderers import Format, filename, get_format
from faircase.records.tasks import make_record_file as make_record_file_task

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
def record_generated(
    *, case: Case, document: RecordDocument, fmt: str, by: ActorLike, record_file: RecordFile | None = None
) -> None:
    """Audit that the record of `case` was produced in format `fmt` (as `record_file`, when the task worker made
    it or reused the file of the same record)."""
    detail: dict[str, str | bool] = {
        "format": fmt,
        "hash": document.footer.sha256,
        "algorithm": document.footer.algorithm,
        "generated_at": document.footer.generated_at_iso,
        "languages": ",".join(document.languages),
    }
    if record_file is not None:
        detail |= {"file": str(record_file.pk), "reused": record_file.reuses is not None}
    audit.record(by=by, action="record.generated", obj=case, case=case, detail=detail)


# What staff may choose where they make the record (ADR 43), each a list of languages in the order they appear.
LANGUAGE_CHOICES = {"en": ("en",), "cy": ("cy",), "bilingual": ("cy", "en")}


def document_languages(case: Case, choice: str | None = None) -> tuple[str, ...]:
    """The languages of the record of `case` as a document (PDF, Word): what was chosen (en, cy or bilingual),
    else the practitioner's, as for their letters (faircase.core.languages.for_documents)."""
    if choice in LANGUAGE_CHOICES:
        return LANGUAGE_CHOICES[choice]
    return tuple(language_rules.for_case_documents(case))


def language_choice(languages: tuple[str, ...] | list[str]) -> str:
    """The key of LANGUAGE_CHOICES for `languages`."""
    return "bilingual" if len(languages) > 1 else languages[0]


def generate_record(
    *,
    case: Case,
    fmt: str,
    by: ActorLike,
    generated_at: dt.datetime | None = None,
    languages: tuple[str, ...] | list[str] | None = None,
) -> GeneratedRecord:
    """Build the record of `case` in `languages` (by default the practitioner's, see document_languages), render
    it as `fmt` (html, pdf or docx) and audit it.

    The case must already have been fetched through `faircase.cases.selectors` for whoever asked. The
    rendering (most of a second for the PDF of a long case) runs before the audit transaction, so it never
    holds the database's write lock; if rendering fails, nothing is recorded and nothing is handed out.
    """
    record_format = get_format(fmt)
    document = build_record(
        case, generated_by=by, generated_at=generated_at, languages=languages or document_languages(case)
    )
    content = record_format.render(document)
    record_generated(case=case, document=document, fmt=record_format.key, by=by)
    return GeneratedRecord(document=document, format=record_format, content=content)


def record_page(*, case: Case, by: ActorLike, generated_at: dt.datetime | None = None) -> RecordDocument:
    """The record for the web page (rendered by the view's template), audited as format "html"."""
    document = build_record(case, generated_by=by, generated_at=generated_at)
    record_generated(case=case, document=document, fmt="html", by=by)
    return document


# ---- Record files made by the task worker (ADR 39) ----

# How long a made file is kept before it is deleted: long enough to download it and to reuse it while the record
# does not change, short enough that copies of case data do not pile up in the storage. Asking again after that
# makes it anew (from the same record, with the same integrity hash).
RECORD_FILE_DAYS = 7
# The formats made in the background: the PDF is the slow one (seconds a long case); Word stays in the request.
BACKGROUND_FORMATS = ("pdf",)
# Kept in English on the request's row; its progress page says it in the reader's language
# (presenters_files.FAILURES).
FAILED_MESSAGE = "The PDF could not be made. Try again. If it fails again, tell your faircase administrator."
NO_LONGER_VISIBLE = "The PDF was not made: the person who asked for it may no longer see this case."

log = logging.getLogger(__name__)


def record_file_storage_name(*, case_id: uuid.UUID, record_file_id: uuid.UUID, fmt: str) -> str:
    return f"records/{case_id}/{record_file_id}.{fmt}"


def expiry_from(moment: dt.datetime) -> dt.datetime:
    return moment + dt.timedelta(days=RECORD_FILE_DAYS)


def ask_for_record_file(
    *, case: Case, fmt: str, by: User, languages: tuple[str, ...] | list[str] | None = None
) -> RecordFile:
    """Ask for the record of `case` as a file in `fmt`: the request is saved and audited now, and the task worker
    makes the file. Answers at once; the record's own integrity hash is audited when the file is made."""
    if fmt not in BACKGROUND_FORMATS:
        raise ValueError(f"The record is made in the background only as {', '.join(BACKGROUND_FORMATS)}")
    authorize(by=by, case=case, action="record.read")
    with transaction.atomic():
        chosen = ",".join(languages or document_languages(case))
        record_file = RecordFile.objects.create(case=case, format=fmt, requested_by=by, languages=chosen)
        audit.record(
            by=by,
            action="record.file_requested",
            obj=record_file,
            case=case,
            detail={"format": fmt, "languages": chosen},
        )
    # On the database backend the task is a row written after the request's: the worker finds both.
    make_record_file_task.enqueue(str(record_file.pk))
    return record_file


def _reusable(record_file: RecordFile, record_hash: str, now: dt.datetime) -> RecordFile | None:
    """A ready file of the same case, format, languages and record (the same integrity hash) that has not
    expired. The hash already differs between languages; the languages are in the key as well, so an English
    file can never answer a Welsh request."""
    return (
        RecordFile.objects.for_system("record_files")
        .filter(
            case_id=record_file.case_id,
            format=record_file.format,
            languages=record_file.languages,
            record_hash=record_hash,
            status=RecordFile.Status.READY,
            reuses__isnull=True,
            expires_at__gt=now,
        )
        .exclude(pk=record_file.pk)
        .order_by("-finished_at")
        .first()
    )


def _start(record_file_id: str) -> RecordFile | None:
    with transaction.atomic():
        record_file = (
            RecordFile.objects.for_system("record_files")
            .select_for_update()
            .select_related("requested_by")
            .filter(pk=record_file_id)
            .first()
        )
        if record_file is None or record_file.status != RecordFile.Status.QUEUED:
            return None  # gone, or already taken by another run of the same task
        record_file.status = RecordFile.Status.MAKING
        record_file.started_at = timezone.now()
        record_file.save(update_fields=["status", "started_at"])
    return record_file


def make_record_file(*, record_file_id: str) -> str:
    """The task's work: build the record as the person who asked (through the access kernel), then reuse the
    file of the same record if there is one, or lay it out and store it. Returns the status it ended in."""
    record_file = _start(record_file_id)
    if record_file is None:
        return "skipped"
    purge_expired_record_files()
    by = record_file.requested_by
    try:
        case = fetch_case(by, record_file.case_id)
    except Http404:
        _fail(record_file, NO_LONGER_VISIBLE)
        return RecordFile.Status.FAILED
    try:
        document = build_record(case, generated_by=by, languages=record_file.languages.split(","))
        earlier = _reusable(record_file, document.footer.sha256, timezone.now())
        if earlier is not None:
            _finish_reusing(record_file, earlier, document=document, by=by)
        else:
            _lay_out_and_store(record_file, document=document, case=case, by=by)
    except Exception:
        log.exception("A record file could not be made", extra={"record_file": str(record_file.pk)})
        _fail(record_file, FAILED_MESSAGE)
        return RecordFile.Status.FAILED
    return RecordFile.Status.READY


def _lay_out_and_store(record_file: RecordFile, *, document: RecordDocument, case: Case, by: User) -> None:
    import io

    from pypdf import PdfReader

    record_format = get_format(record_file.format)
    content = record_format.render(document)
    storage = document_storage()
    saved = storage.save(
        record_file_storage_name(case_id=case.pk, record_file_id=record_file.pk, fmt=record_format.extension),
        ContentFile(content),
    )
    try:
        with transaction.atomic():
            now = timezone.now()
            record_file.status = RecordFile.Status.READY
            record_file.finished_at = now
            record_file.expires_at = expiry_from(now)
            record_file.record_hash = document.footer.sha256
            record_file.storage_name = saved
            record_file.sha256 = hashlib.sha256(content).hexdigest()
            record_file.size = len(content)
            record_file.page_count = len(PdfReader(io.BytesIO(content)).pages)
            record_file.filename = filename(document, record_format)
            record_file.save()
            record_generated(
                case=case, document=document, fmt=record_format.key, by=by, record_file=record_file
            )
    except BaseException:
        storage.delete(saved)
        raise


@transaction.atomic
def _finish_reusing(
    record_file: RecordFile, earlier: RecordFile, *, document: RecordDocument, by: User
) -> None:
    now = timezone.now()
    # The shared file lives as long as the newest request that uses it.
    RecordFile.objects.for_system("record_files").filter(pk=earlier.pk).update(expires_at=expiry_from(now))
    for field in ("record_hash", "storage_name", "sha256", "size", "page_count", "filename"):
        setattr(record_file, field, getattr(earlier, field))
    record_file.reuses = earlier.pk
    record_file.status = RecordFile.Status.READY
    record_file.finished_at = now
    record_file.expires_at = expiry_from(now)
    record_file.save()
    record_generated(
        case=record_file.case, document=document, fmt=record_file.format, by=by, record_file=record_file
    )


def _fail(record_file: RecordFile, message: str) -> None:
    with transaction.atomic():
        record_file.status = RecordFile.Status.FAILED
        record_file.finished_at = timezone.now()
        record_file.failure = message
        record_file.save(update_fields=["status", "finished_at", "failure"])
        audit.record(
            by=record_file.requested_by,
            action="record.file_failed",
            obj=record_file,
            case=record_file.case,
            detail={"format": record_file.format, "failure": message},
        )


def open_record_file(*, record_file: RecordFile, by: ActorLike) -> IO[bytes]:
    """The made file, opened for reading, with the download audited. The caller streams and closes it."""
    handle: IO[bytes] = document_storage().open(record_file.storage_name, "rb")
    try:
        with transaction.atomic():
            audit.record(
                by=by,
                action="record.downloaded",
                obj=record_file,
                case=record_file.case,
                detail={
                    "format": record_file.format,
                    "hash": record_file.record_hash,
                    "sha256": record_file.sha256,
                },
            )
    except BaseException:
        handle.close()
        raise
    return handle


def purge_expired_record_files(*, now: dt.datetime | None = None) -> int:
    """Delete the record files whose time is up, and their stored files once the deletion has committed.
    A shared file expires with the newest request that reuses it, so its rows all go together."""
    now = now or timezone.now()
    expired = RecordFile.objects.for_system("record_files").filter(expires_at__lte=now)
    names = list(
        expired.filter(reuses__isnull=True).exclude(storage_name="").values_list("storage_name", flat=True)
    )
    with transaction.atomic():
        deleted, _ = expired.delete()
        transaction.on_commit(lambda: _remove_files(names))
    return deleted


def _remove_files(names: list[str]) -> None:
    storage = document_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            log.warning("An expired record file could not be removed from storage")
