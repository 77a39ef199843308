"""The record as HTML: the standalone print document (for the PDF and for `faircase record export --format
html`). The web page renders the same body template inside the site layout (records/record.jinja)."""

from django.template.loader import render_to_string
from markupsafe import Markup

from faircase.records.presenters import RecordDocument

PRINT_TEMPLATE = "records/record_print.jinja"


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string that cannot break out of the declaration or the style element."""
    escaped = "".join(ch if ch.isalnum() or ch in " -_.,:()" else f"\\{ord(ch):x} " for ch in text)
    return Markup(f'"{escaped}"')  # noqa: S704 (every character outside a safe set is escaped above)


def print_context(document: RecordDocument) -> dict:
    return {
        "record": document,
        "running_header": css_string(f"Case {document.reference}: framework record"),
    }


def render_standalone(document: RecordDocument) -> str:
    return render_to_string(PRINT_TEMPLATE, print_context(document))
