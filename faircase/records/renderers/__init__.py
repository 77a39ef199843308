"""Renderers of the framework record. Each takes the same RecordDocument (faircase.records.presenters) and
returns bytes, so the web page, the PDF and the Word document cannot say different things."""

from collections.abc import Callable
from dataclasses import dataclass

from faircase.records.presenters import RecordDocument


@dataclass(frozen=True)
class Format:
    key: str
    label: str
    extension: str
    content_type: str
    render: Callable[[RecordDocument], bytes]


def _html(document: RecordDocument) -> bytes:
    from faircase.records.renderers.html import render_standalone

    return render_standalone(document).encode("utf-8")


def _pdf(document: RecordDocument) -> bytes:
    from faircase.records.renderers.pdf import render_pdf

    return render_pdf(document)


def _docx(document: RecordDocument) -> bytes:
    from faircase.records.renderers.docx import render_docx

    return render_docx(document)


FORMATS: dict[str, Format] = {
    "html": Format("html", "web page (HTML)", "html", "text/html; charset=utf-8", _html),
    "pdf": Format("pdf", "PDF", "pdf", "application/pdf", _pdf),
    "docx": Format(
        "docx",
        "Word document",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
}


def get_format(key: str) -> Format:
    try:
        return FORMATS[key]
    except KeyError:
        raise ValueError(f"Unknown record format {key!r}: choose {', '.join(FORMATS)}") from None


def filename(document: RecordDocument, fmt: Format) -> str:
    return f"{document.filename_stem}.{fmt.extension}"
