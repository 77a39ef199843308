"""The disproportionality report as files: CSV and XLSX (the figures, for analysts) and a PDF board report.

The board report is always the published version (small numbers left out). A CSV or XLSX file says at its top
whether it is published or contains small numbers and must not be shared. Every file made is audited, in the
same transaction as it is built (`export_report`).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
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

from . import presenters_report as presenters
from .reports import GroupRow, Report, Total, build_report, record_read

FORMATS = ("csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}
PRINT_TEMPLATE = "equality/report_print.jinja"
# The words of a file are in the language of whoever asks for it (the page's), as the presenter's are. Codes
# (group codes, flags, yes and no, stage codes) stay as they are: they are what a program reading the file matches.
PUBLISHED = gettext_lazy(
    "Published: counts of 1 to 4, and any figure from which one could be worked out, are left out"
)
NOT_FOR_PUBLICATION = gettext_lazy(
    "NOT FOR PUBLICATION: contains counts of 1 to 4. Do not share outside the team handling equality data"
)
Cell = str | int | float | None


class ExportError(ValueError):
    pass


def _rate(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 6)


def _ratio(value: Fraction | float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


GROUP_COLUMNS = [
    gettext_lazy("Group"),
    gettext_lazy("Group code"),
    gettext_lazy("Headcount"),
    gettext_lazy("Entrants"),
    gettext_lazy("Rate"),
    gettext_lazy("Relative likelihood"),
    gettext_lazy("95% CI low"),
    gettext_lazy("95% CI high"),
    gettext_lazy("Flag"),
    gettext_lazy("Significant"),
    gettext_lazy("Suppressed"),
    gettext_lazy("Note"),
]


def _group_columns() -> list[Cell]:
    return [str(c) for c in GROUP_COLUMNS]


def _group_cells(row: GroupRow) -> list[Cell]:
    return [
        row.label,
        row.group,
        row.headcount,
        row.entrants,
        _rate(row.rate),
        _ratio(row.relative_likelihood),
        _ratio(row.ci_low),
        _ratio(row.ci_high),
        str(row.flag),
        _yes_no(row.significant),
        _yes_no(row.suppressed),
        row.problem,
    ]


def _total_cells(total: Total) -> list[Cell]:
    return [
        _("All practitioners"),
        "all",
        total.headcount,
        total.entrants,
        _rate(total.rate),
        None,
        None,
        None,
        "",
        "",
        _yes_no(total.suppressed),
        "",
    ]


@dataclass(frozen=True)
class Section:
    title: str
    rows: list[list[Cell]]  # the first row is the header
    marked: bool = (
        True  # the table says at its top whether it may be shared (About says so in a row of its own)
    )


def sections(report: Report, *, generated_at: dt.datetime, generated_by: str) -> list[Section]:
    """The report as tables: the same in the CSV (one after another) and the XLSX (one sheet each)."""
    view = presenters.present(report)
    heading = view.title if report.window == 1 else f"{view.title}, {report.period_text}"
    about: list[list[Cell]] = [[_("Disproportionality report"), heading]]
    about.append([_("Status"), str(PUBLISHED if report.published else NOT_FOR_PUBLICATION)])
    about += [[str(key), str(value)] for key, value in view.facts]
    about.append([_("Generated"), generated_text(generated_at, generated_by)])
    about.append(
        [
            _("Rates"),
            _("Proportions: 0.012 is 1.2%. Empty cells: not applicable, or not shown (Suppressed)"),
        ]
    )
    groups = [_group_columns(), *(_group_cells(r) for r in report.groups), _total_cells(report.total)]
    missing = report.missing
    groups += [
        [],
        [_("Missing data"), missing.group, missing.headcount, missing.entrants],
    ]
    if missing.no_record is not None:
        groups.append(
            [_("Of the missing: no equality record at all (live cases)"), "", None, missing.no_record]
        )
    progression = [[_("From stage"), _("To stage"), *_group_columns()]]
    for t in report.progression:
        for row in [*t.rows]:
            progression.append([t.from_stage, t.to_stage, *_group_cells(row)])
        progression.append([t.from_stage, t.to_stage, *_total_cells(t.total)])
    trend = [[_("Period"), *_group_columns()]]
    for t in report.trend:
        for row in t.rows:
            trend.append([t.period, *_group_cells(row)])
        trend.append([t.period, *_total_cells(t.total)])
    result = [
        Section(_("About"), about, marked=False),
        Section(_("Groups"), groups),
        Section(_("Progression"), progression),
        Section(_("Trend"), trend),
    ]
    if report.funnel is not None:
        funnel: list[list[Cell]] = [
            [
                _("Organisation"),
                _("Slug"),
                _("Headcount"),
                _("Entrants"),
                _("Rate"),
                _("Position"),
                _("Suppressed"),
            ]
        ]
        for p in report.funnel.points:
            funnel.append(
                [
                    p.name,
                    p.slug,
                    p.headcount,
                    p.entrants,
                    _rate(p.rate),
                    p.position or "",
                    _yes_no(p.suppressed),
                ]
            )
        funnel.append([_("Overall rate"), "", None, None, _rate(report.funnel.overall_rate), "", ""])
        result.append(Section(_("Funnel"), funnel))
    result.append(
        Section(_("Definitions"), [[_("Term"), _("Meaning")], *([k, v] for k, v in report.definitions)])
    )
    return result


def generated_text(generated_at: dt.datetime, generated_by: str) -> str:
    """ "2 December 2026 at 3pm by Ann Analyst"."""
    return _("%(when)s by %(who)s") % {"when": nhs_datetime(generated_at), "who": generated_by}


def render_csv(parts: Sequence[Section]) -> bytes:
    writer = tabular.CsvWriter()
    for number, section in enumerate(parts):
        if number:
            writer.writerow([])
        writer.writerow([f"## {section.title}"])
        for row in section.rows:
            writer.writerow(["" if cell is None else cell for cell in row])
    return writer.content(bom=True)


def render_xlsx(parts: Sequence[Section], *, published: bool) -> bytes:
    book = tabular.XlsxWriter(title=_("Disproportionality report"))
    for section in parts:
        sheet = book.sheet(section.title)
        marked = section.marked  # every table says at its top whether it may be shared
        if marked:
            sheet.append([str(PUBLISHED if published else NOT_FOR_PUBLICATION)], bold=True)
            sheet.append([])
        for number, row in enumerate(section.rows):
            sheet.append(row, bold=marked and number == 0)
        sheet.column_width("A", 34)
    return book.content()


def render_html(report: Report, *, generated_at: dt.datetime, generated_by: str) -> str:
    view = presenters.present(report)
    generated = generated_text(generated_at, generated_by)
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "view": view,
            "generated": generated,
            "html_lang": html_lang(),
            "running_header": css_string(view.title),
            "running_footer": css_string(_("Generated %(when)s") % {"when": generated}),
            "marking": css_string(
                _("Published: small numbers left out") if report.published else _("NOT FOR PUBLICATION")
            ),
            "page_before": css_string(pgettext("Page 2 of 6", "Page ")),
            "page_of": css_string(pgettext("Page 2 of 6", " of ")),
        },
    )


def render_pdf(report: Report, *, generated_at: dt.datetime, generated_by: str) -> bytes:
    return html_to_pdf(render_html(report, generated_at=generated_at, generated_by=generated_by))


@dataclass(frozen=True)
class ExportedReport:
    report: Report
    content: bytes
    content_type: str
    filename: str


@transaction.atomic
def export_report(
    *,
    by: Any,
    fmt: str,
    organisations: Sequence[Any],
    period: str,
    profession: str,
    dimension: str,
    stage: str,
    reference: str | None = None,
    publish: bool = True,
    window: int = 1,
) -> ExportedReport:
    """The report as a file, with the audit event of who made it. The PDF board report is always published."""
    if fmt not in FORMATS:
        raise ExportError(f"Unknown format '{fmt}': choose one of {', '.join(FORMATS)}")
    actor = audit.as_actor(by)
    report = build_report(
        organisations=organisations,
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        reference=reference,
        publish=publish or fmt == "pdf",
        window=window,
    )
    now = timezone.now()
    if fmt == "pdf":
        content = render_pdf(report, generated_at=now, generated_by=actor.name)
    else:
        parts = sections(report, generated_at=now, generated_by=actor.name)
        content = render_csv(parts) if fmt == "csv" else render_xlsx(parts, published=report.published)
    record_read(by=actor, report=report, channel=fmt, organisations=organisations)
    return ExportedReport(
        report=report,
        content=content,
        content_type=CONTENT_TYPES[fmt],
        filename=f"{presenters.filename(report)}.{fmt}",
    )
