"""The national report as people read it, and as a PDF: words for the aggregate's numbers, and the equality
report's funnel drawing (faircase.equality.presenters_report.funnel_drawing) for each profession and stage.
The JSON (national.national_as_json) and this PDF are made from the same `National`, so they cannot differ."""

import datetime as dt
from dataclasses import dataclass

from django.template.loader import render_to_string

from faircase.accounts.models import Nation
from faircase.cases.choices import Profession
from faircase.core.formatting import pluralise
from faircase.equality import presenters_report as equality
from faircase.equality import reports
from faircase.equality import statistics as st
from faircase.equality.choices import Dimension, Stage
from faircase.records.renderers.html import css_string
from faircase.records.renderers.pdf import html_to_pdf

from .definitions import MEAN_DAYS, measure_definitions
from .national import ALL_YEARS, Funnel, MeasureTotal, National, StageTable, Summed

PRINT_TEMPLATE = "evaluation/national_print.jinja"
TITLE = "National evaluation and disproportionality report"
# The equality report's definitions that hold for the national figures too (said in its words, from one place).
DEFINED = (
    "Relative likelihood",
    "95% confidence interval",
    "Too few to compare",
    "Not compared",
    "Funnel plot",
)


def summed_text(value: Summed) -> str:
    """'1,234', or 'at least 1,234 (3 not published)' when some organisations' counts are small numbers."""
    if value.complete:
        return f"{value.known:,}"
    return f"at least {value.known:,} ({value.left_out:,} not published)"


@dataclass(frozen=True)
class MeasureRow:
    key: str
    numerator: str
    denominator: str
    value: str
    counted: str


@dataclass(frozen=True)
class GroupRowView:
    label: str
    entrants: str
    headcount: str
    rate: str
    ratio: str
    interval: str
    flag: str
    compared: str


@dataclass(frozen=True)
class TableView:
    caption: str
    rows: list[GroupRowView]


@dataclass(frozen=True)
class TrendRow:
    year: str
    entrants: str
    headcount: str


@dataclass(frozen=True)
class FunnelChartView:
    heading: str
    summary: str
    chart: equality.FunnelChart | None


@dataclass(frozen=True)
class FunnelView:
    """One profession's funnel plots (a stage each) and one table of the same numbers: each organisation's
    headcount and, for each stage, its rate and where it lies against the limits."""

    heading: str
    charts: list[FunnelChartView]
    stages: list[str]
    rows: list[tuple[str, str, list[str]]]  # organisation, headcount, a cell for each stage


@dataclass(frozen=True)
class NationalView:
    title: str
    facts: list[tuple[str, str]]
    organisations: list[tuple[str, str, str, str, str]]
    measures: list[MeasureRow]
    tables: list[TableView]
    trends: list[tuple[str, list[TrendRow]]]
    funnels: list[FunnelView]
    notes: list[str]


def measure_value_text(m: MeasureTotal) -> str:
    """A share as a percentage, a mean as whole days (as the evaluation report words them)."""
    if m.value is None:
        return equality.NOT_APPLICABLE
    if m.kind == MEAN_DAYS:
        return pluralise(round(m.value), "day")
    return equality.percent(m.value)


def _measure(m: MeasureTotal, titles: dict[str, str]) -> MeasureRow:
    return MeasureRow(
        key=titles.get(m.key, m.key),
        numerator=summed_text(m.numerator),
        denominator=summed_text(m.denominator),
        value=measure_value_text(m),
        counted=pluralise(m.counted, "organisation year"),
    )


def _caption(t: StageTable) -> str:
    return (
        f"{Profession(t.profession).label}s, {Dimension(t.dimension).label.lower()}: "
        f"{equality.stage_label(t.stage).lower()}, all years (reference group: "
        f"{equality.group_label(t.dimension, t.reference)})"
    )


def _table(t: StageTable) -> TableView:
    rows = []
    for g in t.groups:
        c = g.comparison
        rows.append(
            GroupRowView(
                label=equality.group_label(t.dimension, g.group),
                entrants=summed_text(g.entrants),
                headcount=summed_text(g.headcount),
                rate=equality.percent(c.rate),
                ratio=equality.ratio_text(c.relative_likelihood),
                interval=equality.interval_text(c.ci_low, c.ci_high),
                flag=equality.FLAG_TEXT.get(c.flag, str(c.flag)),
                compared=pluralise(g.compared, "organisation year"),
            )
        )
    return TableView(caption=_caption(t), rows=rows)


def _funnel_chart(f: Funnel) -> FunnelChartView:
    heading = equality.stage_label(f.stage)
    outside = [p for p in f.points if p.position in ("above_998", "below_998")]
    summary = (
        f"{heading}: overall rate {equality.percent(f.overall_rate)} across "
        f"{pluralise(len(f.points), 'organisation')}; {pluralise(len(outside), 'organisation')} outside the 99.8% "
        "limits"
        + (
            f"; {pluralise(len(f.left_out), 'organisation')} left out (a total not published)."
            if f.left_out
            else "."
        )
    )
    return FunnelChartView(heading, summary, equality.funnel_drawing(f.overall_rate, f.points, summary))


def _funnels(funnels: list[Funnel]) -> list[FunnelView]:
    views = []
    for profession in dict.fromkeys(f.profession for f in funnels):
        own = [f for f in funnels if f.profession == profession and f.points]
        if not own:
            continue
        cells: dict[str, dict[str, str]] = {}
        names: dict[str, tuple[str, int]] = {}
        for f in own:
            for p in f.points:
                names[p.ods_code] = (p.name, p.headcount)
                position = equality.POSITION_TEXT[st.FunnelPosition(p.position)]
                cells.setdefault(p.ods_code, {})[f.stage] = f"{equality.percent(p.rate)} ({position.lower()})"
        rows = [
            (name, f"{headcount:,}", [cells[ods].get(f.stage, equality.NOT_SHOWN) for f in own])
            for ods, (name, headcount) in sorted(names.items(), key=lambda item: item[1][0])
        ]
        views.append(
            FunnelView(
                heading=f"{Profession(profession).label}s",
                charts=[_funnel_chart(f) for f in own],
                stages=[equality.stage_label(f.stage) for f in own],
                rows=rows,
            )
        )
    return views


def present(national: National) -> NationalView:
    nations = sorted({o.nation for o in national.organisations})
    adopted = [o for o in national.organisations if o.framework_adopted_on]
    trends = []
    for t in national.tables:
        if t.year == ALL_YEARS and t.dimension == Dimension.ETHNICITY:
            years = [
                y
                for y in national.years
                if (yt := national.table(t.profession, t.dimension, t.stage, y)) is not None
            ]
            rows = []
            for year in years:
                yt = national.table(t.profession, t.dimension, t.stage, year)
                assert yt is not None
                rows.append(TrendRow(year, summed_text(yt.entrants), summed_text(yt.headcount)))
            trends.append((_caption(t).replace("all years", "by year"), rows))
    return NationalView(
        title=TITLE,
        facts=[
            ("Organisations", f"{len(national.organisations):,}"),
            ("Years", ", ".join(national.years)),
            ("Nations", ", ".join(Nation(n).label for n in nations)),
            (
                "Framework adopted",
                f"{len(adopted):,} of {len(national.organisations):,} organisations say when",
            ),
        ],
        organisations=[
            (
                o.ods_code,
                o.name,
                Nation(o.nation).label,
                f"{o.start:%d %B %Y} to {o.end:%d %B %Y}",
                f"{o.framework_adopted_on:%d %B %Y}" if o.framework_adopted_on else "Not given",
            )
            for o in national.organisations
        ],
        measures=[_measure(m, {d.key: d.title for d in measure_definitions()}) for m in national.measures],
        tables=[_table(t) for t in national.tables if t.year == ALL_YEARS],
        trends=trends,
        funnels=_funnels(national.funnels),
        notes=[
            "Each organisation publishes its own counts with small numbers left out (counts of 1 to 4, and any "
            "count from which one could be worked out). A national total adds up the published counts; where "
            "some were not published it says 'at least' and how many were left out.",
            "Rates, relative likelihoods and intervals use only the organisation years whose every count they "
            "need is published, named as the organisation years compared. Years are pooled: a headcount summed "
            "over years is practitioner years.",
            *(f"{name}: {text}" for name, text in reports.definitions(Stage.ANY_CONCERN) if name in DEFINED),
        ],
    )


def render_pdf(national: National, *, generated: dt.datetime) -> bytes:
    view = present(national)
    html = render_to_string(
        PRINT_TEMPLATE,
        {
            "view": view,
            "generated": f"{generated:%d %B %Y %H:%M}",
            "running_header": css_string(TITLE),
            "marking": css_string("Published figures: no counts of 1 to 4"),
        },
    )
    return html_to_pdf(html)
