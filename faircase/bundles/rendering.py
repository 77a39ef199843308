"""Laying a bundle out as one PDF: its own pages (WeasyPrint, tagged PDF/UA-1 like the record) and then the
appended documents (pypdf), every page numbered "Page X of Y" in the same place.

The index gives the page each section starts on with WeasyPrint's target-counter, and the page each appended
document starts on from a first layout's page count. The layout is repeated until the count holds still (a page
number one digit longer can move a line onto another page); it settles at once in practice.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from markupsafe import Markup, escape
from pypdf import PdfReader, PdfWriter, Transformation
from weasyprint import HTML  # type: ignore[import-untyped]

from faircase.bundles.contents import Attachment, BundleContent, CaseChapter
from faircase.core.languages import html_lang
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
BODY_TEMPLATE = "bundles/_bundle_print_body.jinja"
PART = "<!--part-->"
_ANCHOR = re.compile(r'\b(id|aria-labelledby)="')


def _case_body(chapter: CaseChapter, language: str, idp: str) -> Markup:
    """One case's record in `language` (active), laid out by the record's own print body with the record's
    footer, its anchors prefixed with the part's and the chapter's keys so that several cases, and the parts of a
    bilingual bundle, do not share an id."""
    part = next(part for part in chapter.record.parts if part.language == language)
    body = render_to_string(
        RECORD_BODY,
        {"record": part, "footer": chapter.record.footer, "idp": "", "lang": html_lang(language)},
    )
    return Markup(_ANCHOR.sub(rf'\1="{idp}{chapter.key}-', body))  # noqa: S704 (rendered, escaped, by the template)


def _part(
    part: BundleContent, *, bilingual: bool, total_pages: int | None, document_pages: dict[int, int]
) -> list[str]:
    """One language's part of the bundle, cut into its top-level pieces."""
    idp = f"{part.language}-" if bilingual else ""
    with translation.override(part.language):
        html = render_to_string(
            BODY_TEMPLATE,
            {
                "bundle": part,
                "idp": idp,
                "lang": html_lang(part.language),
                "total_pages": total_pages,
                "document_pages": document_pages,
                "practitioner_heading": _("Your details")
                if part.kind == "subject_access"
                else _("The practitioner"),
                "case_bodies": {
                    chapter.key: _case_body(chapter, part.language, idp) for chapter in part.cases
                },
            },
        )
    return html.split(PART)[1:]


def _in_each_language(
    bundle: BundleContent, say: Callable[[BundleContent], str], *, between: str = " / "
) -> str:
    """A short text (the title, the running header) in each of the bundle's languages, Welsh first."""
    said = []
    for part in bundle.parts:
        with translation.override(part.language):
            said.append(str(say(part)))
    return between.join(said)


def _html(bundle: BundleContent, *, total_pages: int | None, document_pages: dict[int, int]) -> str:
    bilingual = len(bundle.parts) > 1
    pieces = [
        _part(part, bilingual=bilingual, total_pages=total_pages, document_pages=document_pages)
        for part in bundle.parts
    ]
    # Welsh first, piece by piece: each piece in Welsh, then the same piece in English.
    body = Markup("\n".join(piece for same in zip(*pieces, strict=True) for piece in same))  # noqa: S704
    with translation.override(bundle.language):
        html = render_to_string(
            TEMPLATE,
            {
                "bundle": bundle,
                "html_lang": html_lang(bundle.language),
                "title": _in_each_language(bundle, lambda part: part.title),
                "body": body,
                "total_pages": total_pages,
                # A no-break space after the slash: css_string escapes the slash ("\2f "), and the whitespace
                # collapsing below would merge a plain space after it into that escape's own.
                "running_header": css_string(
                    _in_each_language(bundle, lambda part: part.title, between=" /\u00a0")
                ),
                # "Page 2 of 6", in the bundle's first language: the numbers are the same in both.
                "page_before": css_string(pgettext("Page 2 of 6", "Page ")),
                "page_of": css_string(pgettext("Page 2 of 6", " of ")),
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


def _stamps(first: int, count: int, total: int, language: str) -> PdfReader:
    """A4 pages holding only the footer "Page X of Y" (in the bundle's first language), laid over the appended
    documents' pages."""
    with translation.override(language):
        before, of = pgettext("Page 2 of 6", "Page "), pgettext("Page 2 of 6", " of ")
    pages = "".join(
        f'<div class="p"><p>{escape(before)}{first + i}{escape(of)}{total}</p></div>' for i in range(count)
    )
    html = (
        f'<!DOCTYPE html><html lang="{html_lang(language)}"><head><meta charset="utf-8"><title>Page numbers</title>'
        "<style>@page { size: A4; margin: 0 }"
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
    for _layout_number in range(MAX_LAYOUTS):
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
    stamps = _stamps(own_pages + 1, appended, total, bundle.language)
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
