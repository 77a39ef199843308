"""The record as a PDF, with WeasyPrint, from the standalone HTML of the record.

A4 pages; the case reference at the top of each page, the integrity hash and "Page X of Y" at the bottom.
The fonts are named in the print template ("Liberation Sans", Arial, sans-serif): when none of them is
installed, fontconfig falls back to whatever sans-serif font there is, and the PDF still renders.
"""

import functools

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from faircase.records.presenters import RecordDocument
from faircase.records.renderers.html import render_standalone

# A tagged PDF (PDF/UA-1): headings, tables and reading order reach screen readers, as the public sector
# accessibility regulations expect of a document given to the practitioner.
PDF_VARIANT = "pdf/ua-1"


class _FetchNothing(URLFetcher):
    """The record is self-contained (styles inline, system fonts, no images): refuse every URL, so rendering
    never reaches the network or reads a local file."""

    def fetch(self, url: str, headers: dict | None = None) -> None:
        raise ValueError(f"the framework record loads nothing from outside itself, not {url}")


@functools.cache
def _fetcher() -> URLFetcher:
    # Built once: WeasyPrint's default builds a fresh fetcher, with an HTTPS context that loads every CA
    # certificate, for each document (tens of milliseconds a record).
    return _FetchNothing(allowed_protocols=())


def html_to_pdf(html: str) -> bytes:
    # The template's indentation is only whitespace to the PDF (nothing in it is preformatted): collapsing it
    # makes the document several times smaller to parse.
    html = " ".join(html.split())
    return HTML(string=html, base_url=None, url_fetcher=_fetcher()).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(document: RecordDocument) -> bytes:
    return html_to_pdf(render_standalone(document))
