"""The record as HTML: the standalone print document (for the PDF and for `faircase record export --format
html`). The web page renders the same body template inside the site layout (records/record.jinja).

A record in one language is rendered with that language active. A bilingual record (ADR 43) renders its body
once per language and interleaves the sections, Welsh first: each section in Welsh, then the same section in
English, each marked with its `lang`, so the reading order of the tagged PDF is the order on the page.
"""

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from markupsafe import Markup

from faircase.core.languages import html_lang
from faircase.records.presenters import RecordDocument

PRINT_TEMPLATE = "records/record_print.jinja"
BODY_TEMPLATE = "records/_record_print_body.jinja"
SECTION_START = "<section "


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string that cannot break out of the declaration or the style element."""
    escaped = "".join(ch if ch.isalnum() or ch in " -_.,:()" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')  # noqa: S704 (every character outside a safe set is escaped above)


def _body(document: RecordDocument, part: RecordDocument) -> list[str]:
    """One language's body, cut into its top-level sections (whatever precedes the first is whitespace)."""
    bilingual = len(document.parts) > 1
    with translation.override(part.language):
        html = render_to_string(
            BODY_TEMPLATE,
            {
                "record": part,
                "footer": document.footer,
                # Ids stay unique when the same section appears in two languages.
                "idp": f"{part.language}-" if bilingual else "",
                "lang": html_lang(part.language),
            },
        )
    pieces = html.split(SECTION_START)
    return [SECTION_START + piece for piece in pieces[1:]]


def body(document: RecordDocument) -> Markup:
    bodies = [_body(document, part) for part in document.parts]
    interleaved = [section for sections in zip(*bodies, strict=True) for section in sections]
    return Markup("\n".join(interleaved))  # noqa: S704 (rendered by the autoescaping template above)


def _in_each_language(document: RecordDocument, say: Callable[[], str]) -> str:
    """A short text (a running header, the title) in each of the record's languages, Welsh first."""
    parts = []
    for code in document.languages:
        with translation.override(code):
            parts.append(str(say()))
    return " / ".join(parts)


def print_context(document: RecordDocument) -> dict:
    return {
        "record": document,
        "html_lang": html_lang(document.language),
        "body": body(document),
        "title": _in_each_language(
            document, lambda: _("Framework record for case %(reference)s") % {"reference": document.reference}
        ),
        "running_header": css_string(
            _in_each_language(
                document,
                lambda: _("Case %(reference)s: framework record") % {"reference": document.reference},
            )
        ),
        "disclosable": css_string(_in_each_language(document, lambda: _("Disclosable record"))),
        # "Page 2 of 6", in the record's first language: the numbers are the same in both.
        "page_before": css_string(pgettext("Page 2 of 6", "Page ")),
        "page_of": css_string(pgettext("Page 2 of 6", " of ")),
    }


def render_standalone(document: RecordDocument) -> str:
    with translation.override(document.language):
        return render_to_string(PRINT_TEMPLATE, print_context(document))
