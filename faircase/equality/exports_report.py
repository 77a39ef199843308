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

from faircase.core import audit, tabular
from faircase.core.formatting import nhs_datetime
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
PUBLISHED = "Published: counts of 1 to 4, and any figure from which one could be worked out, are left out"
NOT_FOR_PUBLICATION = (
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
    "Group",
    "Group code",
    "Headcount",
    "Entrants",
    "Rate",
    "Relative likelihood",
    "95% CI low",
    "95% CI high",
    "Flag",
    "Significant",
    "Suppressed",
    "Note",
]


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
        "All practitioners",
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


def sections(report: Report, *, generated_at: dt.datetime, generated_by: str) -> list[Section]:
    """The report as tables: the same in the CSV (one after another) and the XLSX (one sheet each)."""
    view = presenters.present(report)
    heading = view.title if report.window == 1 else f"{view.title}, {report.period_text}"
    about = [["Disproportionality report", heading]]
    about.append(["Status", PUBLISHED if report.published else NOT_FOR_PUBLICATION])
    about += [[key, value] for key, value in view.facts]
    about.append(["Generated", f"{nhs_datetime(generated_at)} by {generated_by}"])
    about.append(
        ["Rates", "Proportions: 0.012 is 1.2%. Empty cells: not applicable, or not shown (Suppressed)"]
    )
    groups = [GROUP_COLUMNS, *(_group_cells(r) for r in report.groups), _total_cells(report.total)]
    missing = report.missing
    groups += [
        [],
        ["Missing data", missing.group, missing.headcount, missing.entrants],
    ]
    if missing.no_record is not None:
        groups.append(["Of the missing: no equality record at all (live cases)", "", None, missing.no_record])
    progression = [["From stage", "To stage", *GROUP_COLUMNS]]
    for t in report.progression:
        for row in [*t.rows]:
            progression.append([t.from_stage, t.to_stage, *_group_cells(row)])
        progression.append([t.from_stage, t.to_stage, *_total_cells(t.total)])
    trend = [["Period", *GROUP_COLUMNS]]
    for t in report.trend:
        for row in t.rows:
            trend.append([t.period, *_group_cells(row)])
        trend.append([t.period, *_total_cells(t.total)])
    result = [
        Section("About", about),
        Section("Groups", groups),
        Section("Progression", progression),
        Section("Trend", trend),
    ]
    if report.funnel is not None:
        funnel = [["Organisation", "Slug", "Headcount", "Entrants", "Rate", "Position", "Suppressed"]]
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
        funnel.append(["Overall rate", "", None, None, _rate(report.funnel.overall_rate), "", ""])
        result.append(Section("Funnel", funnel))
    result.append(Section("Definitions", [["Term", "Meaning"], *([k, v] for k, v in report.definitions)]))
    return result


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
    book = tabular.XlsxWriter(title="Disproportionality report")
    for section in parts:
        sheet = book.sheet(section.title)
        marked = section.title != "About"  # every table says at its top whether it may be shared
        if marked:
            sheet.append([PUBLISHED if published else NOT_FOR_PUBLICATION], bold=True)
            sheet.append([])
        for number, row in enumerate(section.rows):
            sheet.append(row, bold=marked and number == 0)
        sheet.column_width("A", 34)
    return book.content()


def render_html(report: Report, *, generated_at: dt.datetime, generated_by: str) -> str:
    view = presenters.present(report)
    generated = f"{nhs_datetime(generated_at)} by {generated_by}"
    return render_to_string(
        PRINT_TEMPLATE,
        {
            "view": view,
            "generated": generated,
            "running_header": css_string(view.title),
            "running_footer": css_string(f"Generated {generated}"),
            "marking": css_string(
                "Published: small numbers left out" if report.published else "NOT FOR PUBLICATION"
            ),
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
