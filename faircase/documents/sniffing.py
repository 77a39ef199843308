"""What a file is, from its content rather than its name.

puremagic reads the file's signature and, for containers, looks inside: a Word .docx is a zip holding
word/document.xml; a Word .doc and an Outlook .msg are both OLE compound files, told apart by their streams. Two
checks of our own follow, where a signature alone would let the wrong thing in: a zip must really hold a Word
document, and an email must be text that starts with its headers (puremagic would call any file with two header
lines and a blank line an email, whatever comes before them).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import puremagic
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileType:
    key: str
    label: str
    # As a sentence names it, after "The file is": "a Word document" (translated lazily; in Welsh mutated as after
    # "yn": "ddogfen Word").
    phrase: Any
    content_type: str
    extensions: tuple[str, ...]  # the endings a name may have for this content, the first one preferred


FILE_TYPES: dict[str, FileType] = {
    t.key: t
    for t in (
        FileType("pdf", "PDF", _("a PDF"), "application/pdf", (".pdf",)),
        FileType(
            "docx",
            "Word document",
            _("a Word document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            (".docx",),
        ),
        FileType(
            "doc", "Word 97-2003 document", _("a Word 97-2003 document"), "application/msword", (".doc",)
        ),
        FileType("png", "PNG image", _("a PNG image"), "image/png", (".png",)),
        FileType("jpeg", "JPEG image", _("a JPEG image"), "image/jpeg", (".jpg", ".jpeg")),
        FileType("eml", "Email", _("an email"), "message/rfc822", (".eml",)),
        FileType("msg", "Outlook email", _("an Outlook email"), "application/vnd.ms-outlook", (".msg",)),
    )
}
_BY_CONTENT_TYPE = {t.content_type: t for t in FILE_TYPES.values()}

# What people are told they may upload, in the order they think of them.
ALLOWED_TEXT = "a PDF, Word document (DOC or DOCX), image (PNG or JPEG) or email (EML or MSG)"
ACCEPT = ",".join(ext for t in FILE_TYPES.values() for ext in t.extensions)

_HEAD_BYTES = 64 * 1024
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]")  # a header field name (printable, no colon), a colon, a space
_EMAIL_FIELDS = {"from", "date", "subject", "to", "message-id", "received", "mime-version"}


def sniff(path: Path) -> FileType | None:
    """The allowed type the file at `path` is, or None when it is anything else (or cannot be read)."""
    try:
        matches = puremagic.magic_file(path)
    except Exception:  # a damaged or hostile file of any kind is refused, never a crash
        return None
    if not matches:
        return None
    found = _BY_CONTENT_TYPE.get(matches[0].mime_type)
    if found is None:
        return None
    if found.key == "docx" and not _is_word_package(path):
        return None
    if found.key == "eml" and not _is_email(path):
        return None
    return found


def _is_word_package(path: Path) -> bool:
    """A zip whose parts are those of a Word document. Only the zip's directory is read, nothing is unpacked."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def _is_email(path: Path) -> bool:
    """Text that starts with email headers, among them at least two that every email has (From, Date...)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    if b"\0" in head or not _HEADER_LINE.match(head):
        return False
    headers = BytesHeaderParser().parsebytes(head)
    if headers.defects:
        return False
    return len({name.lower() for name in headers} & _EMAIL_FIELDS) >= 2


def name_fits(name: str, file_type: FileType) -> bool:
    """Does the name end as files of this type do (`.jpeg` or `.jpg` for a JPEG)?"""
    return Path(name).suffix.lower() in file_type.extensions
