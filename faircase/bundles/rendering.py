"""Laying a bundle out as one PDF: its own pages (WeasyPrint, tagged PDF/UA-1 like the record) and then the
appended documents (pypdf), every page numbered "Page X of Y" in the same place.

The index gives the page each section starts on with WeasyPrint's target-counter, and the page each appended
document starts on from a first layout's page count. The layout is repeated until the count holds still (a page
number one digit longer can move a line onto another page); it settles at once in practice.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from markupsafe import Markup
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import HTML  # type: ignore[import-untyped]

from faircase.bundles.contents import Attachment, BundleContent, CaseChapter
from faircase.records.renderers.html import css_string
from faircase.records.renderers.pdf import PDF_VARIANT, _fetcher

TEMPLATE = "bundles/bundle_print.jinja"
A4_POINTS = (595.28, 841.89)
MAX_LAYOUTS = 4


@dataclass(frozen=True)
class RenderedBundle:
    content: bytes
    page_count: int
    own_pages: int  # the bundle's own pages, before the appended documents
    document_pages: dict[int, int]  # document item number -> the page it starts on


RECORD_BODY = "records/_record_print_body.jinja"
_ANCHOR = re.compile(r'\b(id|aria-labelledby)="')


def _case_body(chapter: CaseChapter) -> Markup:
    """One case's record, laid out by the record's own print body, its anchors prefixed with the chapter's key so
    that several cases in one bundle do not share an id."""
    body = render_to_string(RECORD_BODY, {"record": chapter.record})
    return Markup(_ANCHOR.sub(rf'\1="{chapter.key}-', body))  # noqa: S704 (rendered, escaped, by the template)


def _html(bundle: BundleContent, *, total_pages: int | None, document_pages: dict[int, int]) -> str:
    practitioner_heading = "Your details" if bundle.kind == "subject_access" else "The practitioner"
    html = render_to_string(
        TEMPLATE,
        {
            "bundle": bundle,
            "total_pages": total_pages,
            "document_pages": document_pages,
            "practitioner_heading": practitioner_heading,
            "case_bodies": {chapter.key: _case_body(chapter) for chapter in bundle.cases},
            "running_header": css_string(bundle.title),
        },
    )
    return " ".join(html.split())


def _layout(html: str):  # type: ignore[no-untyped-def]
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).render(pdf_variant=PDF_VARIANT)


def _starts(own_pages: int, attachments: tuple[Attachment, ...]) -> dict[int, int]:
    starts, page = {}, own_pages + 1
    for attachment in attachments:
        starts[attachment.number] = page
        page += attachment.pages
    return starts


def _stamps(first: int, count: int, total: int) -> PdfReader:
    """A4 pages holding only the footer "Page X of Y", laid over the appended documents' pages."""
    pages = "".join(f'<div class="p"><p>Page {first + i} of {total}</p></div>' for i in range(count))
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Page numbers</title><style>'
        "@page { size: A4; margin: 0 }"
        ".p { height: 297mm; position: relative; break-after: page; }"
        ".p p { position: absolute; right: 16mm; bottom: 9mm; margin: 0;"
        ' font-family: "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #212b32; }'
        f"</style></head><body>{pages}</body></html>"
    )
    return PdfReader(io.BytesIO(HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf()))


def render_bundle(bundle: BundleContent, attachments: tuple[Attachment, ...]) -> RenderedBundle:
    if not attachments:
        # Nothing appended: WeasyPrint counts the pages itself, in one layout.
        document = _layout(_html(bundle, total_pages=None, document_pages={}))
        own = document.write_pdf(pdf_variant=PDF_VARIANT)
        return RenderedBundle(own, len(document.pages), len(document.pages), {})
    appended = sum(attachment.pages for attachment in attachments)
    own_pages = 0
    document = None
    for _ in range(MAX_LAYOUTS):
        starts = _starts(own_pages, attachments)
        html = _html(bundle, total_pages=own_pages + appended, document_pages=starts)
        document = _layout(html)
        if len(document.pages) == own_pages:
            break
        own_pages = len(document.pages)
    assert document is not None
    own = document.write_pdf(pdf_variant=PDF_VARIANT)
    total = own_pages + appended

    writer = PdfWriter(clone_from=io.BytesIO(own))
    stamps = _stamps(own_pages + 1, appended, total)
    stamp_index = 0
    for attachment in attachments:
        for page in PdfReader(io.BytesIO(attachment.content)).pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            stamp = stamps.pages[stamp_index]
            stamp_index += 1
            placed = (
                Transformation()
                .scale(width / A4_POINTS[0], height / A4_POINTS[1])
                .translate(float(page.mediabox.left), float(page.mediabox.bottom))
            )
            writer.add_page(page).merge_transformed_page(stamp, placed)
    output = io.BytesIO()
    writer.write(output)
    return RenderedBundle(output.getvalue(), total, own_pages, _starts(own_pages, attachments))
