"""The record as a PDF, with WeasyPrint, from the standalone HTML of the record.

A4 pages; the case reference at the top of each page, the integrity hash and "Page X of Y" at the bottom.
The fonts are named in the print template ("Liberation Sans", Arial, sans-serif): when none of them is
installed, fontconfig falls back to whatever sans-serif font there is, and the PDF still renders.
"""

from weasyprint import HTML

from faircase.records.presenters import RecordDocument
from faircase.records.renderers.html import render_standalone

# A tagged PDF (PDF/UA-1): headings, tables and reading order reach screen readers, as the public sector
# accessibility regulations expect of a document given to the practitioner.
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    # The template's indentation is only whitespace to the PDF (nothing in it is preformatted): collapsing it
    # makes the document several times smaller to parse.
    html = " ".join(html.split())
    return HTML(string=html, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)


def render_pdf(document: RecordDocument) -> bytes:
    return html_to_pdf(render_standalone(document))
