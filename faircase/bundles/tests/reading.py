"""Read a bundle back as a reader would: the text of each page, with pypdf and with poppler's pdftotext."""

import io
import re
import subprocess

from pypdf import PdfReader

from faircase.bundles.models import Bundle
from faircase.documents.storage import document_storage


def content_of(bundle: Bundle) -> bytes:
    with document_storage().open(bundle.storage_name, "rb") as handle:
        return handle.read()


def pages(content: bytes) -> list[str]:
    """Each page's text, spaces squashed."""
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text() or "").strip() for page in reader.pages]


def pdftotext(content: bytes) -> str:
    """Every word poppler finds in the PDF (a second reader, independent of pypdf)."""
    done = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True)  # noqa: S607
    return re.sub(r"\s+", " ", done.stdout.decode("utf-8")).strip()


def index_pages(page_texts: list[str], titles: list[str]) -> dict[str, int]:
    """The page the index gives for each section title (the index is on page 2)."""
    index = page_texts[1]
    found = {}
    for title in titles:
        match = re.search(re.escape(title) + r" (\d+)", index)
        assert match, f"{title!r} is not in the index: {index}"
        found[title] = int(match.group(1))
    return found
