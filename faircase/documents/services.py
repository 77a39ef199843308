"""Changes to a case's documents. Each checks its action with the access kernel first, runs in one transaction
with its audit event, and refuses with a ValidationError that saves nothing: no row, and no file left in the
storage (a file written before the transaction failed is deleted again).

A file is checked before anything is written: its name (a name, never a path), its size (refused as soon as it
passes FAIRCASE_DOCUMENT_MAX_BYTES, without reading the rest), its content (faircase.documents.sniffing: what it
is, whatever it is called), and a malware scan when one is configured (faircase.documents.scanning). The file is
read in chunks from where Django's upload handler put it, or copied in chunks to a temporary file first, so no
upload is held whole in memory; the temporary copy is removed at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.access.guard import authorize
from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.core.readers import size_text
from faircase.documents import scanning, sniffing
from faircase.documents.choices import Kind, Marking
from faircase.documents.models import Document, DocumentVersion, MarkingChange
from faircase.documents.storage import document_storage, storage_name

logger = logging.getLogger(__name__)

CHUNK_BYTES = 64 * 1024
MAX_NAME = 200
MAX_REASON = 4000


def max_bytes() -> int:
    return int(getattr(settings, "FAIRCASE_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))


def too_large_message() -> str:
    return _("The file must be smaller than %(size)s") % {"size": size_text(max_bytes())}


NO_FILE = gettext_lazy("Choose a file to upload")
EMPTY = gettext_lazy("The file is empty")
WRONG_TYPE = gettext_lazy(
    "The file must be a PDF, Word document (DOC or DOCX), image (PNG or JPEG) or email (EML or MSG)"
)


def _refuse(message: object, field: str = "file") -> ValidationError:
    """A refusal of `field` with `message` (a translated text, lazy or not)."""
    return ValidationError({field: str(message)})


# ---- checking a file ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, on local disk until the `checked` block ends."""

    path: Path
    name: str
    size: int
    sha256: str
    file_type: sniffing.FileType
    scanned: bool


def clean_name(name: str) -> str:
    """The file's name as people will read it. A name with a folder in it is refused, not shortened."""
    name = (name or "").strip()
    if not name:
        raise _refuse(_("The file must have a name, like statement.pdf"))
    if "/" in name or "\\" in name or name in {".", ".."} or name.startswith("."):
        raise _refuse(_("The file's name must be a name only, without a folder, like statement.pdf"))
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise _refuse(_("The file's name must not contain control characters"))
    if len(name) > MAX_NAME:
        raise _refuse(_("The file's name must be %(count)s characters or fewer") % {"count": MAX_NAME})
    return name


@contextmanager
def _on_local_disk(file: File, *, limit: int) -> Iterator[tuple[Path, int, str]]:
    """The file's path on local disk, its size and SHA-256, read in chunks and refused once it passes `limit`.
    A file Django's upload handler already wrote to disk is read where it is; anything else is copied to a
    temporary file, removed when the block ends."""
    declared = getattr(file, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise _refuse(too_large_message())
    digest = hashlib.sha256()
    size = 0

    def take(chunk: bytes) -> None:
        nonlocal size
        size += len(chunk)
        if size > limit:
            raise _refuse(too_large_message())
        digest.update(chunk)

    on_disk = getattr(file, "temporary_file_path", None)
    if callable(on_disk):
        path = Path(on_disk())
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(CHUNK_BYTES), b""):
                take(chunk)
        yield path, size, digest.hexdigest()
        return
    copy = tempfile.NamedTemporaryFile(  # noqa: SIM115 (removed in the finally below, not on close)
        prefix="faircase-document-", dir=getattr(settings, "FILE_UPLOAD_TEMP_DIR", None), delete=False
    )
    try:
        with copy:
            for chunk in file.chunks(CHUNK_BYTES):
                take(chunk)
                copy.write(chunk)
        yield Path(copy.name), size, digest.hexdigest()
    finally:
        os.unlink(copy.name)


@contextmanager
def checked(file: File | None, *, name: str) -> Iterator[CheckedFile]:
    """Refuse a file that is missing, badly named, empty, too large, of a type not allowed, named as another type,
    or (when scanning is on) that the scanner does not pass. Nothing is saved by this."""
    if file is None:
        raise _refuse(NO_FILE)
    name = clean_name(name)
    with _on_local_disk(file, limit=max_bytes()) as (path, size, sha256):
        if size == 0:
            raise _refuse(EMPTY)
        file_type = sniffing.sniff(path)
        if file_type is None:
            raise _refuse(WRONG_TYPE)
        if not sniffing.name_fits(name, file_type):
            suffix = Path(name).suffix
            values = {"type": file_type.phrase, "suffix": suffix, "ending": file_type.extensions[0]}
            if suffix:
                message = _(
                    "The file is %(type)s, but its name ends in %(suffix)s. Rename it to end in %(ending)s, "
                    "then upload it again"
                )
            else:
                message = _(
                    "The file is %(type)s, but its name has no ending. Rename it to end in %(ending)s, then "
                    "upload it again"
                )
            raise _refuse(message % values)
        scanner = scanning.configured_scanner()
        if scanner is not None:
            try:
                scanner.scan(path)
            except scanning.ScanRefused as refusal:
                raise _refuse(str(refusal)) from refusal
        yield CheckedFile(
            path=path, name=name, size=size, sha256=sha256, file_type=file_type, scanned=scanner is not None
        )


# ---- writing -------------------------------------------------------------------------------------------------


def _actor_user(by: ActorLike) -> tuple[User | None, str]:
    actor = audit.as_actor(by)
    return actor.user, actor.name


@contextmanager
def _files_removed_on_failure() -> Iterator[list[str]]:
    """Names written to the storage inside the block are deleted again if the block fails (the transaction then
    rolls back too), so a refusal or an error leaves no file behind."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        storage = document_storage()
        for name in written:
            try:
                storage.delete(name)
            except Exception:  # the first failure is the one to report; this one is logged for the operator
                logger.exception("A document file could not be removed after a failed change: %s", name)
        raise


def _store(
    checked_file: CheckedFile, *, document: Document, version_id: uuid.UUID, written: list[str]
) -> str:
    planned = storage_name(case_id=document.case_id, document_id=document.pk, version_id=version_id)
    with checked_file.path.open("rb") as handle:
        saved = document_storage().save(planned, File(handle, name=planned))
    written.append(saved)
    return saved


def _version(
    checked_file: CheckedFile,
    *,
    document: Document,
    number: int,
    note: str,
    by: ActorLike,
    written: list[str],
    redaction_of: DocumentVersion | None = None,
) -> DocumentVersion:
    user, label = _actor_user(by)
    version_id = uuid.uuid4()
    saved = _store(checked_file, document=document, version_id=version_id, written=written)
    return DocumentVersion.objects.create(
        id=version_id,
        document=document,
        number=number,
        redaction_of=redaction_of,
        name=checked_file.name,
        file_type=checked_file.file_type.key,
        content_type=checked_file.file_type.content_type,
        size=checked_file.size,
        sha256=checked_file.sha256,
        storage_name=saved,
        note=note,
        virus_scanned_at=timezone.now() if checked_file.scanned else None,
        added_by=user,
        added_by_label=label,
    )


def _version_detail(version: DocumentVersion) -> dict[str, object]:
    return {
        "name": version.name,
        "version": version.number,
        "sha256": version.sha256,
        "size": version.size,
        "type": version.file_type,
        "virus_scanned": version.virus_scanned_at is not None,
    }


def _text(value: str | None) -> str:
    return (value or "").strip()


def _too_long_reason() -> str:
    return _("The reason must be %(count)s characters or fewer") % {"count": f"{MAX_REASON:,}"}


def _check_reason(reason: str, *, field: str, required_message: str) -> str:
    reason = _text(reason)
    if not reason:
        raise _refuse(required_message, field)
    if len(reason) > MAX_REASON:
        raise _refuse(_too_long_reason(), field)
    return reason


def _check_details(*, kind: str, dated: dt.date | None, marking: str, withheld_reason: str) -> str:
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of document it is")
    if dated is None:
        errors["dated"] = _("Enter the date of the document")
    elif dated > timezone.localdate():
        errors["dated"] = _("The date of the document must be today or in the past")
    if marking not in (Marking.DISCLOSABLE, Marking.WITHHELD):
        errors["marking"] = _("Choose whether the document may be disclosed")
    reason = _text(withheld_reason)
    if marking == Marking.WITHHELD and not reason:
        errors["withheld_reason"] = _("Say why the document is withheld")
    elif len(reason) > MAX_REASON:
        errors["withheld_reason"] = _too_long_reason()
    if errors:
        raise ValidationError(errors)
    return reason if marking == Marking.WITHHELD else ""


def _set_marking(
    document: Document, marking: str, *, withheld_reason: str, reason: str, user: User | None, label: str
) -> None:
    """Change a document's marking and keep the change in its marking history (the caller audits it)."""
    before = document.marking
    document.marking, document.withheld_reason = marking, withheld_reason
    document.save(update_fields=["marking", "withheld_reason"])
    MarkingChange.objects.create(
        document=document,
        from_marking=before,
        to_marking=marking,
        reason=reason,
        changed_by=user,
        changed_by_label=label,
    )


def add_document(
    *,
    case: Case,
    file: File | None,
    name: str,
    kind: str,
    dated: dt.date | None,
    marking: str,
    withheld_reason: str = "",
    by: ActorLike,
) -> Document:
    """Add a document to a case with its first version."""
    authorize(by=by, case=case, action="document.add")
    reason = _check_details(kind=kind, dated=dated, marking=marking, withheld_reason=withheld_reason)
    assert dated is not None  # checked above
    user, label = _actor_user(by)
    with (
        checked(file, name=name) as checked_file,
        _files_removed_on_failure() as written,
        transaction.atomic(),
    ):
        document = Document.objects.create(
            case=case,
            kind=kind,
            dated=dated,
            marking=marking,
            withheld_reason=reason,
            added_by=user,
            added_by_label=label,
        )
        version = _version(checked_file, document=document, number=1, note="", by=by, written=written)
        MarkingChange.objects.create(
            document=document, to_marking=marking, reason=reason, changed_by=user, changed_by_label=label
        )
        audit.record(
            by=by,
            action="document.added",
            obj=document,
            case=case,
            after={"kind": kind, "dated": dated, "marking": marking, "withheld_reason": reason},
            detail=_version_detail(version),
        )
    return document


def _lock(document: Document) -> Document:
    locked: Document = (
        Document.objects.select_for_update(of=("self",)).select_related("case").get(pk=document.pk)
    )
    return locked


def _next_number(document: Document) -> int:
    last = (
        DocumentVersion.objects.of_case(document.case).filter(document=document).order_by("-number").first()
    )
    return (last.number if last else 0) + 1


def current_version(document: Document) -> DocumentVersion:
    """The latest version that is not a redacted copy: what the document now says."""
    version = (
        DocumentVersion.objects.of_case(document.case)
        .filter(document=document, redaction_of__isnull=True)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise DocumentVersion.DoesNotExist(f"Document {document.pk} has no version")
    return version


STALE_REDACTION = (
    "Version {number} was added after the redacted copy was made, so the document is withheld until a redacted "
    "copy of version {number} is added or the marking is changed"
)


def add_version(
    *, document: Document, file: File | None, name: str, note: str = "", by: ActorLike
) -> DocumentVersion:
    """A new version beside the old ones. A document disclosed as a redacted copy is withheld again, since its
    redacted copy no longer matches what it says."""
    authorize(by=by, case=document.case, action="document.add_version")
    note = _text(note)
    if len(note) > MAX_REASON:
        raise _refuse(
            _("The note must be %(count)s characters or fewer") % {"count": f"{MAX_REASON:,}"}, "note"
        )
    user, label = _actor_user(by)
    with (
        checked(file, name=name) as checked_file,
        _files_removed_on_failure() as written,
        transaction.atomic(),
    ):
        document = _lock(document)
        number = _next_number(document)
        version = _version(checked_file, document=document, number=number, note=note, by=by, written=written)
        before = document.marking
        if document.marking == Marking.REDACTED:
            reason = STALE_REDACTION.format(number=number)
            _set_marking(
                document, Marking.WITHHELD, withheld_reason=reason, reason=reason, user=user, label=label
            )
        audit.record(
            by=by,
            action="document.version_added",
            obj=version,
            case=document.case,
            before={"marking": before},
            after={"marking": document.marking},
            detail={**_version_detail(version), "note": note},
        )
    return version


def add_redacted_copy(
    *, document: Document, file: File | None, name: str, reason: str, by: ActorLike
) -> DocumentVersion:
    """A redacted copy of the current version, uploaded as a version of its own; the document is then marked as
    disclosed through it."""
    authorize(by=by, case=document.case, action="document.add_redacted_copy")
    reason = _check_reason(reason, field="reason", required_message=_("Say what was redacted and why"))
    user, label = _actor_user(by)
    with (
        checked(file, name=name) as checked_file,
        _files_removed_on_failure() as written,
        transaction.atomic(),
    ):
        document = _lock(document)
        original = current_version(document)
        number = _next_number(document)
        version = _version(
            checked_file,
            document=document,
            number=number,
            note=reason,
            by=by,
            written=written,
            redaction_of=original,
        )
        before = document.marking
        _set_marking(document, Marking.REDACTED, withheld_reason="", reason=reason, user=user, label=label)
        audit.record(
            by=by,
            action="document.redacted_copy_added",
            obj=version,
            case=document.case,
            before={"marking": before},
            after={"marking": Marking.REDACTED, "redaction_of": original.number},
            detail={**_version_detail(version), "reason": reason},
        )
    return version


def has_redacted_copy_of_current(document: Document) -> bool:
    return current_version(document).redacted_copies.exists()


@transaction.atomic
def change_marking(*, document: Document, marking: str, reason: str, by: ActorLike) -> Document:
    """Mark a document disclosable, withheld (the reason is what the record shows), or disclosed through the
    redacted copy of its current version. Every change says why."""
    authorize(by=by, case=document.case, action="document.mark")
    document = _lock(document)
    if marking not in Marking.values:
        raise _refuse(_("Choose how the document may be disclosed"), "marking")
    reason = _check_reason(
        reason,
        field="reason",
        required_message=_("Say why the document is withheld")
        if marking == Marking.WITHHELD
        else _("Say why the marking is changing"),
    )
    if marking == document.marking and marking != Marking.WITHHELD:
        raise _refuse(
            _("The document is already marked %(marking)s")
            % {"marking": str(Marking(marking).label).lower()},
            "marking",
        )
    if (
        marking == Marking.WITHHELD
        and document.marking == Marking.WITHHELD
        and reason == document.withheld_reason
    ):
        raise _refuse(_("The document is already withheld for this reason"), "reason")
    if marking == Marking.REDACTED and not has_redacted_copy_of_current(document):
        raise _refuse(_("Add a redacted copy of the current version first"), "marking")
    user, label = _actor_user(by)
    before = {"marking": document.marking, "withheld_reason": document.withheld_reason}
    withheld_reason = reason if marking == Marking.WITHHELD else ""
    _set_marking(document, marking, withheld_reason=withheld_reason, reason=reason, user=user, label=label)
    audit.record(
        by=by,
        action="document.marking_changed",
        obj=document,
        case=document.case,
        before=before,
        after={"marking": marking, "withheld_reason": document.withheld_reason},
        detail={"reason": reason},
    )
    return document


def open_for_download(*, version: DocumentVersion, by: ActorLike) -> IO[bytes]:
    """The version's file, opened for reading, with the download audited (who, which version, its SHA-256).
    The caller streams it and closes it. A file missing from the storage raises FileNotFoundError, unaudited."""
    case = version.document.case
    authorize(by=by, case=case, action="document.download")
    handle: IO[bytes] = document_storage().open(version.storage_name, "rb")
    try:
        with transaction.atomic():
            audit.record(
                by=by,
                action="document.downloaded",
                obj=version,
                case=case,
                detail={"name": version.name, "version": version.number, "sha256": version.sha256},
            )
    except BaseException:
        handle.close()
        raise
    return handle
