"""Small, real PDF files for the demo's documents, written by hand so that loading stays fast.

Each is a one-page (or, for longer text, a few-page) A4 PDF in Helvetica with a title and the text, wrapped.
They are made the moment the story adds them, so faircase's upload checks (the type sniffed from the content,
the size, the name) see a real PDF, as they would from a person uploading one. Every word is fictional.
"""

from __future__ import annotations

import textwrap

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4, in points
MARGIN = 64
LINE_HEIGHT = 15
WRAP_AT = 88  # characters a line in 10.5 point Helvetica across the page
LINES_A_PAGE = (PAGE_HEIGHT - 2 * MARGIN - 40) // LINE_HEIGHT
MARK = "DEMO: fictional document made by the faircase demo loader"


def _escape(text: str) -> bytes:
    """Text for a PDF string in WinAnsi: backslashes and brackets escaped, anything else not in it replaced."""
    plain = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    plain = plain.replace("\u2013", "-").replace("\u2014", "-")
    raw = plain.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _lines(text: str) -> list[str]:
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        lines.extend(textwrap.wrap(" ".join(paragraph.split()), WRAP_AT) or [""])
        lines.append("")
    return lines[:-1] if lines else []


def _page_stream(title: str, lines: list[str], number: int, pages: int) -> bytes:
    top = PAGE_HEIGHT - MARGIN
    parts = [b"BT", b"/F2 14 Tf", f"{MARGIN} {top} Td".encode(), b"(" + _escape(title) + b") Tj", b"ET"]
    parts += [b"BT", b"/F1 10.5 Tf", f"{LINE_HEIGHT} TL".encode(), f"{MARGIN} {top - 32} Td".encode()]
    for line in lines:
        parts.append(b"(" + _escape(line) + b") Tj T*")
    parts.append(b"ET")
    footer = f"{MARK}. Page {number} of {pages}."
    parts += [
        b"BT",
        b"/F1 8 Tf",
        f"{MARGIN} {MARGIN - 24} Td".encode(),
        b"(" + _escape(footer) + b") Tj",
        b"ET",
    ]
    return b"\n".join(parts)


def pdf(title: str, text: str) -> bytes:
    """A PDF with `title` at the top of each page and `text` (paragraphs split by blank lines) below it."""
    lines = _lines(text)
    chunks = [lines[i : i + LINES_A_PAGE] for i in range(0, len(lines), LINES_A_PAGE)] or [[]]
    pages = len(chunks)
    # Objects: 1 catalog, 2 pages, 3 and 4 fonts, 5 info, then a page and its content for each page.
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{6 + 2 * i} 0 R".encode() for i in range(pages))
        + f"] /Count {pages} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        b"<< /Title (" + _escape(title) + b") /Producer (faircase demo) >>",
    ]
    for i, chunk in enumerate(chunks):
        stream = _page_stream(title, chunk, i + 1, pages)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] ".encode()
            + f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {7 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
