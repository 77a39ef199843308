"""Read each format of the record back as plain text, so tests can look for what a reader would see."""

import html
import io
import re

from docx import Document
from pypdf import PdfReader


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return squash(" ".join(page.extract_text() or "" for page in reader.pages))


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return squash(" ".join(parts))


def docx_footer_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return squash(" ".join(p.text for s in document.sections for p in s.footer.paragraphs))


def html_text(content: bytes | str) -> str:
    if isinstance(content, bytes):
        content = content.decode("utf-8")
    content = re.sub(r"<(script|style)\b.*?</\1>", " ", content, flags=re.S)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", content)))


def fetch_record_pdf(client, case) -> bytes:
    """Ask for the record PDF as the record page's link does, follow to its progress page (the test settings'
    immediate task backend has already made it) and download it: the PDF's bytes."""
    from django.urls import reverse

    asked = client.get(reverse("records:record_pdf", kwargs={"case_id": case.pk}))
    assert asked.status_code == 302, asked.status_code
    page = client.get(asked["Location"])
    assert page.status_code == 200
    download = asked["Location"] + "download"
    response = client.get(download)
    assert response.status_code == 200, "the PDF was not ready"
    return b"".join(response.streaming_content)
