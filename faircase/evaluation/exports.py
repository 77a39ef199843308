"""The evaluation as files: a PDF (for the board) and a spreadsheet (XLSX) or CSV of the same figures, each made
from the same presenter as the page (presenters.present) and audited as a read in the same transaction."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from faircase.core import audit, tabular
from faircase.core.formatting import nhs_datetime
from faircase.core.languages import html_lang
from faircase.records.renderers.html import css_string
from faircase.records.renderers.pdf import html_to_pdf

from . import presenters
from .measures import Evaluation, evaluation_for

FORMATS = ("pdf", "xlsx", "csv")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
# The words of a file are in the language of whoever asks for it (the page's), as the presenter's are; the figures
# and the measures' keys stay as they are, so a Welsh file and an English one hold the same numbers.
PUBLISHED = gettext_lazy(
    "Published: counts of 1 to 4, and any figure from which one could be worked out, are left out"
)
COMPARISON_COLUMNS = [
    gettext_lazy("Stage"),
    gettext_lazy("Profession"),
    gettext_lazy("Group"),
    gettext_lazy("After: relative likelihood (95% CI)"),
    gettext_lazy("After"),
    gettext_lazy("Before"),
    gettext_lazy("Before: flag"),
]


class ExportError(ValueError):
    pass


def comparison_cells(evaluation: Evaluation) -> list[list[Any]]:
    view = presenters.present(evaluation)
    return [
        [str(c) for c in COMPARISON_COLUMNS],
        *(
            [r.stage, r.profession, r.group, r.after, r.after_flag, r.before, r.before_flag]
            for r in view.comparisons
        ),
    ]


def render_xlsx(evaluation: Evaluation) -> bytes:
    view = presenters.present(evaluation)
    book = tabular.XlsxWriter(title=view.title)
    about = book.sheet(_("About"))
    about.append([view.title], bold=True)
    for key, value in view.facts:
        about.append([str(key), str(value)])
    about.column_width("A", 28)
    for title, rows in (
        (_("Measures"), presenters.measure_cells(evaluation)),
        (_("Disproportionality"), comparison_cells(evaluation)),
    ):
        sheet = book.sheet(title)
        sheet.append([str(PUBLISHED)], bold=True)
        sheet.append([])
        for number, row in enumerate(rows):
            sheet.append(row, bold=number == 0)
        sheet.column_width("A", 34)
        sheet.column_width("B", 40)
    return book.content()


def render_csv(evaluation: Evaluation) -> bytes:
    writer = tabular.CsvWriter()
    writer.writerow([str(PUBLISHED)])
    for row in presenters.measure_cells(evaluation):
        writer.writerow(["" if cell is None else cell for cell in row])
    return writer.content(bom=True)


def render_html(evaluation: Evaluation, *, generated_at: dt.datetime, generated_by: str) -> str:
    view = presenters.present(evaluation)
    generated = _("%(when)s by %(who)s") % {"when": nhs_datetime(generated_at), "who": generated_by}
    return render_to_string(
        "evaluation/report_print.jinja",
        {
            "view": view,
            "generated": generated,
            "html_lang": html_lang(),
            "running_header": css_string(f"{view.title}: {view.caption}"),
            "running_footer": css_string(_("Generated %(when)s") % {"when": generated}),
            "marking": css_string(_("Published: small numbers left out")),
            "page_before": css_string(pgettext("Page 2 of 6", "Page ")),
            "page_of": css_string(pgettext("Page 2 of 6", " of ")),
        },
    )


@dataclass(frozen=True)
class Exported:
    content: bytes
    content_type: str
    filename: str


@transaction.atomic
def export_evaluation(*, by: Any, fmt: str, organisation: Any, start: dt.date, end: dt.date) -> Exported:
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    actor = audit.as_actor(by)
    evaluation = evaluation_for(by=actor, organisation=organisation, start=start, end=end, channel=fmt)
    # The files are in the reader's language, as the page is (ADR 41).
    if fmt == "pdf":
        content = html_to_pdf(render_html(evaluation, generated_at=timezone.now(), generated_by=actor.name))
    elif fmt == "xlsx":
        content = render_xlsx(evaluation)
    else:
        content = render_csv(evaluation)
    return Exported(content, CONTENT_TYPES[fmt], f"{presenters.present(evaluation).filename}.{fmt}")
