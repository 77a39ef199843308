"""What the oversight page shows: its figures worded, with a link beside a figure only where the reader may
follow it (faircase.oversight.selectors says when)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_  # marked for the messages files, looked up when shown
from django.utils.translation import ngettext, pgettext
from markupsafe import Markup, escape

from faircase.core import languages
from faircase.core.formatting import counted, nhs_date, pluralise
from faircase.equality import presenters_report as equality_presenters
from faircase.equality.chart_palette import PALETTE
from faircase.equality.choices import Dimension
from faircase.equality.presenters_report import DASHES, Line, Tick, TrendChart, nice_ticks

from .rules import AGE_BANDS
from .selectors import NO_CASE_MANAGER
from .services import OversightFigures


def share_text(done: int, required: int) -> str:
    """ "4 of 5 (80%)", one decimal place where needed, halves up; the monthly return's rounding."""
    if not required:
        return _("None required")
    percent = (Decimal(done) * 100 / Decimal(required)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return _("%(done)s of %(required)s (%(percent)s%%)") % {
        "done": done,
        "required": required,
        "percent": f"{percent.normalize():f}",
    }


def case_list_url(organisation: Any, **filters: str) -> str:
    return f"{reverse('cases:list')}?{urlencode({'org': organisation.slug, **filters})}"


def _linked(number: int, href: str, hidden: str) -> dict[str, Any]:
    """A numeric cell: the number, a link when there is somewhere the reader may go."""
    if not href or not number:
        return {"text": str(number), "format": "numeric"}
    html = Markup('<a href="{}">{}<span class="nhsuk-u-visually-hidden"> {}</span></a>').format(
        href, number, hidden
    )
    return {"html": html, "format": "numeric"}


def _case_cell(figures: OversightFigures, case_id: Any, reference: str) -> dict[str, Any]:
    if case_id in figures.openable:
        href = reverse("cases:detail", kwargs={"case_id": case_id})
        return {"html": Markup('<a href="{}">{}</a>').format(href, reference)}
    return {"text": reference}


# The nouns this page counts with pluralise, for the messages files.
COUNTED = (
    counted("open case", "open cases"),
    counted("exclusion", "exclusions"),
    counted("other restriction", "other restrictions"),
    counted("deadline", "deadlines"),
    counted("review", "reviews"),
    counted("other case", "other cases"),
)


def month_year_short(day: Any) -> str:
    """ "Jan 27"; in Welsh "Ion 27" (Babel's Welsh month abbreviations)."""
    if languages.active() == languages.WELSH:
        return format_date(day, "MMM yy", locale="cy")
    return f"{day:%b %y}"


def quarter_label(quarter: Any) -> str:
    """ "Jan to Mar 2027"; in Welsh with Welsh month abbreviations."""
    if languages.active() != languages.WELSH:
        return str(quarter.label)
    # A quarter in Welsh joins its months with an en dash, where other ranges read "... i ...": a context of its own.
    return pgettext("a quarter of the year", "%(first)s to %(last)s") % {
        "first": format_date(quarter.first, "MMM", locale="cy"),
        "last": format_date(quarter.last, "MMM y", locale="cy"),
    }


@dataclass(frozen=True)
class Table:
    caption: str
    head: list[dict[str, Any]]
    rows: list[list[dict[str, Any]]]


def stage_table(figures: OversightFigures) -> Table:
    org = figures.organisation
    rows = []
    for stage in figures.stages:
        href = case_list_url(org, stage=stage.code) if figures.sees_every_case else ""
        rows.append(
            [
                {"text": stage.name},
                *({"text": str(stage.by_band[b.label]), "format": "numeric"} for b in AGE_BANDS),
                _linked(
                    stage.total,
                    href,
                    ngettext("open case at %(stage)s", "open cases at %(stage)s", stage.total)
                    % {"stage": stage.name},
                ),
            ]
        )
    totals = [sum(s.by_band[b.label] for s in figures.stages) for b in AGE_BANDS]
    rows.append(
        [
            {"text": _("All stages")},
            *({"text": str(n), "format": "numeric"} for n in totals),
            {"text": str(sum(totals)), "format": "numeric"},
        ]
    )
    return Table(
        caption=_("Open cases by stage and by how long they have been open"),
        head=[
            {"text": _("Stage")},
            *({"text": _(b.label), "format": "numeric"} for b in AGE_BANDS),
            {"text": _("Open cases"), "format": "numeric"},
        ],
        rows=rows,
    )


def in_force_table(figures: OversightFigures) -> Table:
    rows = [
        [
            _case_cell(figures, row.case_id, row.reference),
            {"text": row.kind},
            {"text": nhs_date(row.first_day)},
            {"text": str(row.days_counted), "format": "numeric"},
            {"text": nhs_date(row.next_review_due, empty=_("None recorded"))},
        ]
        for row in figures.in_force
    ]
    return Table(
        caption=_("Exclusions and restrictions in force"),
        head=[
            {"text": _("Case")},
            {"text": _("Kind today")},
            {"text": _("In force since")},
            {"text": _("Days"), "format": "numeric"},
            {"text": _("Next review due")},
        ],
        rows=rows,
    )


def exclusions_in_force(figures: OversightFigures) -> int:
    return sum(1 for row in figures.in_force if row.exclusion)


def owner_table(figures: OversightFigures) -> Table:
    rows = [
        [
            {"text": _(NO_CASE_MANAGER) if owner.owner == NO_CASE_MANAGER else owner.owner},
            {"text": str(owner.overdue), "format": "numeric"},
            {"text": str(len(owner.cases)), "format": "numeric"},
        ]
        for owner in figures.overdue_owners
    ]
    return Table(
        caption=_("Overdue deadlines by the case manager responsible"),
        head=[
            {"text": _("Case manager")},
            {"text": _("Overdue deadlines"), "format": "numeric"},
            {"text": _("Cases"), "format": "numeric"},
        ],
        rows=rows,
    )


def adherence_table(figures: OversightFigures) -> Table:
    rows = [
        [
            {"text": entry.label},
            {"text": str(entry.required), "format": "numeric"},
            {"text": str(entry.done), "format": "numeric"},
            {"text": share_text(entry.done, entry.required)},
        ]
        for entry in figures.adherence
    ]
    return Table(
        caption=_("Framework reviews done at each review point"),
        head=[
            {"text": _("Review point")},
            {"text": _("Reviews needed"), "format": "numeric"},
            {"text": _("Done"), "format": "numeric"},
            {"text": _("Share done")},
        ],
        rows=rows,
    )


# How many cases the list of missing reviews names at each review point; the rest are counted.
MISSING_LISTED = 10


def missing_reviews(figures: OversightFigures) -> list[dict[str, Any]]:
    """Each review point with reviews not done, and the first cases they are missing from, by reference (linked
    where the reader may open the case); beyond MISSING_LISTED, how many more."""
    items = []
    for entry in figures.adherence:
        if not entry.missing:
            continue
        ordered = sorted(set(entry.missing), key=lambda pk: figures.references.get(pk, ""))
        cases = []
        for case_id in ordered[:MISSING_LISTED]:
            cell = _case_cell(figures, case_id, figures.references.get(case_id, ""))
            cases.append(cell.get("html") or escape(cell["text"]))
        more = len(ordered) - MISSING_LISTED
        items.append(
            {
                "label": entry.label,
                "count": pluralise(entry.required - entry.done, "review"),
                "cases": Markup(", ").join(cases),
                "more": _("and %(others)s") % {"others": pluralise(more, "other case")} if more > 0 else "",
            }
        )
    return items


def trend_href(figures: OversightFigures, quarter: Any, event: str) -> str:
    """The case list of the cases opened (or closed) in the quarter, for a reader who may see every case."""
    if not figures.sees_every_case:
        return ""
    days = {f"{event}_from": quarter.first.isoformat(), f"{event}_to": quarter.last.isoformat()}
    return case_list_url(figures.organisation, **days)


def trend_table(figures: OversightFigures) -> Table:
    return Table(
        caption=_("Cases opened and closed, and exclusions begun, by quarter"),
        head=[
            {"text": _("Quarter")},
            {"text": _("Cases opened"), "format": "numeric"},
            {"text": _("Cases closed"), "format": "numeric"},
            {"text": _("Exclusions begun"), "format": "numeric"},
        ],
        rows=[
            [
                {"text": quarter_label(q)},
                _linked(
                    q.opened,
                    trend_href(figures, q, "opened"),
                    _("opened %(quarter)s") % {"quarter": quarter_label(q)},
                ),
                _linked(
                    q.closed,
                    trend_href(figures, q, "closed"),
                    _("closed %(quarter)s") % {"quarter": quarter_label(q)},
                ),
                {"text": str(q.exclusions_started), "format": "numeric"},
            ]
            for q in figures.quarters
        ],
    )


TREND_SERIES = (
    (N_("Cases opened"), "opened"),
    (N_("Cases closed"), "closed"),
    (N_("Exclusions begun"), "exclusions_started"),
)


def trend_chart(figures: OversightFigures) -> TrendChart:
    """The quarters as a line chart drawn by the equality report's chart macro (its palette, dashes and markers,
    so no line depends on colour). The table beside it carries the same numbers."""
    quarters = figures.quarters
    left, right, top, bottom = 56, 190, 16, 44
    width, height = equality_presenters.CHART_WIDTH, 300
    largest = max([getattr(q, attr) for q in quarters for _label, attr in TREND_SERIES] + [4])
    y_values = nice_ticks(largest)
    step = (width - left - right) / max(1, len(quarters) - 1)

    def x(i: int) -> float:
        return round(left + step * i, 1)

    def y(value: float) -> float:
        return round(top + (1 - value / y_values[-1]) * (height - top - bottom), 1)

    # End labels from the bottom up: none below the axis, none on top of another (as the equality trend chart).
    label_ys: dict[str, float] = {}
    placed: list[float] = []
    ends = sorted(TREND_SERIES, key=lambda series: -getattr(quarters[-1], series[1]))
    for label, attr in reversed(ends):
        label_y = min(y(getattr(quarters[-1], attr)), height - bottom - 6)
        while any(abs(label_y - other) < equality_presenters.FONT_SIZE + 4 for other in placed):
            label_y -= equality_presenters.FONT_SIZE + 4
        placed.append(label_y)
        label_ys[label] = label_y
    lines = []
    for n, (label, attr) in enumerate(TREND_SERIES):
        points = [(x(i), y(getattr(q, attr))) for i, q in enumerate(quarters)]
        lines.append(
            Line(
                label=_(label),
                colour=PALETTE.series[n],
                dash=DASHES[n],
                marker=["circle", "square", "triangle"][n],
                points=points,
                segments=["M" + " L".join(f"{px},{py}" for px, py in points)],
                end=(points[-1][0], label_ys[label]),
            )
        )
    summary = "; ".join(
        f"{_(label).lower()}: {sum(getattr(q, attr) for q in quarters)}" for label, attr in TREND_SERIES
    )
    return TrendChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_ticks=[
            Tick(x=x(i), y=height - bottom + 24, label=month_year_short(q.first))
            for i, q in enumerate(quarters)
        ],
        y_ticks=[Tick(x=left - 8, y=y(v), label=f"{v:g}") for v in y_values],
        lines=lines,
        title=_("Cases opened and closed, and exclusions begun, by quarter"),
        description=_(
            "Quarters from %(first)s to %(last)s. In all, %(summary)s. The table below gives each quarter's numbers."
        )
        % {"first": quarter_label(quarters[0]), "last": quarter_label(quarters[-1]), "summary": summary},
    )


def equality_url(figures: OversightFigures) -> str:
    report = figures.equality
    if report is None:
        return ""
    query = {
        "org": figures.organisation.slug,
        "period": report.period,
        "profession": report.profession,
        "dimension": report.dimension,
        "stage": report.stage,
        "reference": "",
        "published": "on",
    }
    return f"{reverse('equality:report')}?{urlencode(query)}"


def _dimension_words(dimension: str) -> str:
    """The dimension as the caption has always named it in English (its code, "ethnicity"); in Welsh its name."""
    if languages.active() != languages.WELSH:
        return dimension
    return str(Dimension(dimension).label).lower()


def equality_table(figures: OversightFigures) -> Table | None:
    """The published report's groups and total, small numbers suppressed as that report suppresses them."""
    report = figures.equality
    if report is None:
        return None
    rows = []
    for group in report.groups:
        view = equality_presenters.row_view(group)
        rows.append(
            [
                {"text": view.label},
                {"text": view.headcount, "format": "numeric"},
                {"text": view.entrants, "format": "numeric"},
                {"text": view.rate, "format": "numeric"},
                {"text": view.ratio, "format": "numeric"},
            ]
        )
    total = equality_presenters.total_view(report.total)
    rows.append(
        [
            {"text": _("All practitioners")},
            {"text": total.headcount, "format": "numeric"},
            {"text": total.entrants, "format": "numeric"},
            {"text": total.rate, "format": "numeric"},
            {"text": ""},
        ]
    )
    return Table(
        caption=_("Published equality figures, %(period)s: %(stage)s by %(dimension)s")
        % {
            "period": report.period,
            "stage": equality_presenters.stage_label(report.stage).lower(),
            "dimension": _dimension_words(report.dimension),
        },
        head=[
            {"text": _("Group")},
            {"text": _("Headcount"), "format": "numeric"},
            {"text": _("Entrants"), "format": "numeric"},
            {"text": _("Rate"), "format": "numeric"},
            {"text": _("Relative likelihood"), "format": "numeric"},
        ],
        rows=rows,
    )
