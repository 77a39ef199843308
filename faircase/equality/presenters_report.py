"""The disproportionality report as people read it: words for the numbers, text summaries of the charts, and the
geometry of the SVG charts. The web page, the PDF board report and the spreadsheets are all made from this, so
they say the same thing."""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Protocol

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.choices import Profession
from faircase.core.formatting import counted, pluralise

from . import statistics as st
from .chart_palette import PALETTE, ChartPalette
from .choices import GROUPS, Dimension, Stage
from .reports import Funnel, GroupRow, Report, Total, Transition

NOT_SHOWN = gettext_lazy("Not shown")  # a count left out of a published report (small numbers)
NOT_APPLICABLE = "\u2013"  # an en dash: nothing to show (no ratio, no interval)

FLAG_TEXT = {
    st.Flag.ABOVE: gettext_lazy("Above the range"),
    st.Flag.BELOW: gettext_lazy("Below the range"),
    st.Flag.WITHIN: gettext_lazy("Within the range"),
    st.Flag.REFERENCE: gettext_lazy("Reference group"),
    st.Flag.TOO_FEW: gettext_lazy("Too few to compare"),
    st.Flag.NOT_COMPARED: gettext_lazy("Not compared (missing data)"),
    st.Flag.NO_BASELINE: gettext_lazy("No usable workforce baseline"),
}
FLAG_TAG = {  # NHS.UK tag colours
    st.Flag.ABOVE: "nhsuk-tag--red",
    st.Flag.BELOW: "nhsuk-tag--blue",
    st.Flag.WITHIN: "nhsuk-tag--green",
    st.Flag.REFERENCE: "nhsuk-tag--grey",
    st.Flag.TOO_FEW: "nhsuk-tag--white",
    st.Flag.NOT_COMPARED: "nhsuk-tag--white",
    st.Flag.NO_BASELINE: "nhsuk-tag--orange",
}
POSITION_TEXT = {
    st.FunnelPosition.WITHIN: gettext_lazy("Within the 95% limits"),
    st.FunnelPosition.ABOVE_95: gettext_lazy("Above the 95% limit"),
    st.FunnelPosition.ABOVE_998: gettext_lazy("Above the 99.8% limit"),
    st.FunnelPosition.BELOW_95: gettext_lazy("Below the 95% limit"),
    st.FunnelPosition.BELOW_998: gettext_lazy("Below the 99.8% limit"),
}
# What entering a stage is, as the end of the sentence "... were 1.72 times as likely as white practitioners
# to enter formal investigation". Translations give the words that sentence needs in their language.
STAGE_VERB = {
    Stage.ANY_CONCERN: gettext_lazy("to have a concern recorded"),
    Stage.FORMAL_INVESTIGATION: gettext_lazy("to enter formal investigation"),
    Stage.EXCLUSION: gettext_lazy("to be excluded or suspended"),
    Stage.SANCTION: gettext_lazy("to receive a formal sanction"),
    Stage.REGULATOR_REFERRAL: gettext_lazy("to be referred to the regulator"),
}
# The trend chart's title for each stage.
TREND_TITLE = {
    Stage.ANY_CONCERN: gettext_lazy("Rate have a concern recorded by group, by period"),
    Stage.FORMAL_INVESTIGATION: gettext_lazy("Rate enter formal investigation by group, by period"),
    Stage.EXCLUSION: gettext_lazy("Rate be excluded or suspended by group, by period"),
    Stage.SANCTION: gettext_lazy("Rate receive a formal sanction by group, by period"),
    Stage.REGULATOR_REFERRAL: gettext_lazy("Rate be referred to the regulator by group, by period"),
}
# The profession in the plural, for the report's caption ("Bro Derwen: doctors, 2025-26").
PROFESSION_PLURAL = {
    Profession.DOCTOR: gettext_lazy("doctors"),
    Profession.DENTIST: gettext_lazy("dentists"),
    Profession.PHARMACIST: gettext_lazy("pharmacists"),
    Profession.OTHER: gettext_lazy("others"),
}
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4"]


# ---------------------------------------------------------------------------------------------------------------
# Words for numbers


def count_text(value: int | None, *, suppressed: bool = False) -> str:
    if value is None:
        return str(NOT_SHOWN) if suppressed else NOT_APPLICABLE
    return f"{value:,}"


def percent(value: Fraction | float | None, *, suppressed: bool = False) -> str:
    if value is None:
        return str(NOT_SHOWN) if suppressed else NOT_APPLICABLE
    number = float(value) * 100
    return f"{number:.1f}%" if number >= 10 else f"{number:.2f}%"


def ratio_text(value: Fraction | float | None) -> str:
    return NOT_APPLICABLE if value is None else f"{float(value):.2f}"


def interval_text(low: float | None, high: float | None) -> str:
    if low is None or high is None:
        return NOT_APPLICABLE
    return _("%(low)s to %(high)s") % {"low": f"{low:.2f}", "high": f"{high:.2f}"}


def significant_text(value: bool | None) -> str:
    return NOT_APPLICABLE if value is None else (_("Yes") if value else _("No"))


def group_label(dimension: str, group: str) -> str:
    return str(GROUPS[dimension](group).label)


PEOPLE = {
    ("ethnicity", "mixed"): gettext_lazy("Practitioners of mixed ethnicity"),
    ("ethnicity", "other"): gettext_lazy("Practitioners of other ethnic groups"),
    ("ethnicity", "not_stated"): gettext_lazy("Practitioners whose ethnicity is not stated or not known"),
    ("pmq", "uk"): gettext_lazy("UK graduates"),
    ("pmq", "eea"): gettext_lazy("EEA graduates"),
    ("pmq", "rest_of_world"): gettext_lazy("Practitioners who qualified in the rest of the world"),
    ("pmq", "not_known"): gettext_lazy("Practitioners whose place of qualification is not known"),
    ("sex", "not_known"): gettext_lazy("Practitioners whose sex is not known or not stated"),
    ("age_band", "not_known"): gettext_lazy("Practitioners whose age is not known"),
    ("disability", "yes"): gettext_lazy("Disabled practitioners"),
    ("disability", "no"): gettext_lazy("Practitioners who are not disabled"),
    ("disability", "not_known"): gettext_lazy("Practitioners whose disability status is not known"),
}


def plural_label(dimension: str, group: str) -> str:
    """'White practitioners', 'UK graduates', 'Practitioners aged 65 and over': for sentences."""
    if (dimension, group) in PEOPLE:
        return str(PEOPLE[(dimension, group)])
    label = group_label(dimension, group)
    if dimension == Dimension.AGE_BAND:
        return _("Practitioners aged %(age)s") % {"age": label.lower()}
    return _("%(group)s practitioners") % {"group": label}


def _lower_first(text: str) -> str:
    return text if text.startswith(("UK", "EEA")) else text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------------------------------------------
# Rows


@dataclass(frozen=True)
class RowView:
    group: str
    label: str
    headcount: str
    entrants: str
    rate: str
    ratio: str
    interval: str
    flag: str
    flag_text: str
    flag_tag: str
    significant: str
    note: str
    suppressed: bool


def row_view(row: GroupRow) -> RowView:
    note = row.problem
    if row.suppressed:
        note = _("Small numbers: not shown")
    return RowView(
        group=row.group,
        label=row.label,
        headcount=count_text(row.headcount, suppressed=row.suppressed),
        entrants=count_text(row.entrants, suppressed=row.suppressed),
        rate=percent(row.rate, suppressed=row.suppressed),
        ratio=ratio_text(row.relative_likelihood),
        interval=interval_text(row.ci_low, row.ci_high),
        flag=str(row.flag),
        flag_text=str(FLAG_TEXT[st.Flag(row.flag)]),
        flag_tag=FLAG_TAG[st.Flag(row.flag)],
        significant=significant_text(row.significant),
        note=note,
        suppressed=row.suppressed,
    )


@dataclass(frozen=True)
class TotalView:
    headcount: str
    entrants: str
    rate: str


def total_view(total: Total) -> TotalView:
    return TotalView(
        headcount=count_text(total.headcount, suppressed=total.suppressed),
        entrants=count_text(total.entrants, suppressed=total.suppressed),
        rate=percent(total.rate, suppressed=total.suppressed),
    )


def summary_sentence(report: Report, row: GroupRow, *, verb: str | None = None) -> str:
    """One group's comparison in words."""
    verb = verb or str(STAGE_VERB[Stage(report.stage)])
    who = plural_label(report.dimension, row.group)
    reference = _lower_first(plural_label(report.dimension, report.reference_group))
    if row.flag == st.Flag.REFERENCE:
        return _("%(who)s are the reference group: %(rate)s of them entered.") % {
            "who": who,
            "rate": percent(row.rate, suppressed=row.suppressed),
        }
    if row.flag == st.Flag.NOT_COMPARED:
        return _("%(who)s: not compared, because the answer is missing.") % {"who": who}
    if row.flag == st.Flag.NO_BASELINE:
        if not row.problem:
            return _(
                "%(who)s: no comparison, because the reference group has no usable workforce baseline."
            ) % {"who": who}
        return _("%(who)s: no comparison, because %(problem)s.") % {"who": who, "problem": row.problem}
    if row.flag == st.Flag.TOO_FEW or row.relative_likelihood is None:
        return _("%(who)s: too few to compare.") % {"who": who}
    ratio = float(row.relative_likelihood)
    where = {
        st.Flag.ABOVE: _("above the non-adverse range of 0.80 to 1.25"),
        st.Flag.BELOW: _("below the non-adverse range of 0.80 to 1.25"),
        st.Flag.WITHIN: _("within the non-adverse range of 0.80 to 1.25"),
    }[st.Flag(row.flag)]
    significance = (
        _("the interval excludes 1, so the difference is statistically significant")
        if row.significant
        else _("the interval includes 1, so the difference may be chance")
    )
    return _(
        "%(who)s were %(ratio)s times as likely as %(reference)s %(verb)s (95%% confidence interval "
        "%(interval)s): %(where)s; %(significance)s."
    ) % {
        "who": who,
        "ratio": f"{ratio:.2f}",
        "reference": reference,
        "verb": verb,
        "interval": interval_text(row.ci_low, row.ci_high),
        "where": where,
        "significance": significance,
    }


# ---------------------------------------------------------------------------------------------------------------
# Charts
#
# Every chart is CHART_WIDTH units wide, and the stylesheet draws it CHART_WIDTH / 16 rem wide, so one unit is
# one CSS pixel at the browser's usual text size and the chart grows with the user's text size. Text is
# FONT_SIZE units (1rem): never smaller, at any screen width (a narrow screen scrolls the chart sideways; the
# tables below each chart carry the same numbers).
CHART_WIDTH = 760
FONT_SIZE = 16


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(frozen=True)
class RatioBar:
    label: str
    y: float
    x: float | None
    x_low: float | None
    x_high: float | None
    clipped_low: bool
    clipped_high: bool
    text: str  # when there is no ratio: why


@dataclass(frozen=True)
class RatioChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    band_x1: float
    band_x2: float
    one_x: float
    ticks: list[Tick]
    bars: list[RatioBar]
    title: str
    description: str
    colours: ChartPalette = PALETTE


def _log_scale(lo: float, hi: float, x0: float, x1: float):
    a, b = math.log(lo), math.log(hi)

    def scale(value: float) -> float:
        clamped = min(max(value, lo), hi)
        return round(x0 + (math.log(clamped) - a) / (b - a) * (x1 - x0), 1)

    return scale


def nice_ticks(largest: float, count: int = 4) -> list[float]:
    """0 and round steps (1, 2, 2.5 or 5 times a power of ten) up to at least `largest`."""
    if largest <= 0:
        return [0.0]
    raw = largest / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [step * k for k in range(math.ceil(largest / step - 1e-9) + 1)]


def percent_tick(value: float) -> str:
    return f"{round(value * 100, 6):g}%"


def ratio_chart(report: Report, summaries: list[str]) -> RatioChart | None:
    rows = [r for r in report.groups if r.flag not in (st.Flag.REFERENCE, st.Flag.NOT_COMPARED)]
    if not rows:
        return None
    with_ratio = [r for r in rows if r.relative_likelihood is not None]
    lows = [r.ci_low for r in with_ratio if r.ci_low] + [0.5]
    highs = [r.ci_high for r in with_ratio if r.ci_high] + [2.0]
    lo = max(0.1, min(lows) * 0.9)
    hi = min(32.0, max(highs) * 1.1)
    left, right, top, bottom, step = 270, 24, 16, 60, 40
    width = CHART_WIDTH
    height = top + bottom + step * len(rows)
    scale = _log_scale(lo, hi, left, width - right)
    # 1 first, then the round numbers, then the edges of the range; none closer to another than a label is wide.
    kept: list[float] = []
    for v in (1, 0.1, 0.25, 0.5, 2, 4, 10, 20, 0.8, 1.25):
        if lo <= v <= hi and all(abs(scale(v) - scale(k)) >= 3 * FONT_SIZE for k in kept):
            kept.append(v)
    ticks = [Tick(x=scale(v), y=height - bottom + 22, label=f"{v:g}") for v in sorted(kept)]
    bars = []
    for i, row in enumerate(rows):
        y = top + step * i + step / 2
        if row.relative_likelihood is None:
            bars.append(
                RatioBar(row.label, y, None, None, None, False, False, str(FLAG_TEXT[st.Flag(row.flag)]))
            )
            continue
        low, high = row.ci_low or 0.0, row.ci_high or 0.0
        bars.append(
            RatioBar(
                label=row.label,
                y=y,
                x=scale(float(row.relative_likelihood)),
                x_low=scale(low),
                x_high=scale(high),
                clipped_low=low < lo,
                clipped_high=high > hi,
                text="",
            )
        )
    reference = _lower_first(plural_label(report.dimension, report.reference_group))
    return RatioChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        band_x1=scale(0.8),
        band_x2=scale(1.25),
        one_x=scale(1.0),
        ticks=ticks,
        bars=bars,
        title=_("Relative likelihood against %(reference)s, with 95%% confidence intervals")
        % {"reference": reference},
        description=" ".join(summaries),
    )


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    dash: str
    marker: str
    points: list[tuple[float, float]]
    segments: list[str]  # SVG path data, broken where a period has no rate
    end: tuple[float, float] | None


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    title: str
    description: str
    colours: ChartPalette = PALETTE


def trend_chart(report: Report, description: str) -> TrendChart | None:
    periods = report.trend
    if len(periods) < 2:
        return None
    groups = [r.group for r in report.groups if r.flag != st.Flag.NOT_COMPARED]
    rates = {
        (t.period, r.group): float(r.rate)
        for t in periods
        for r in t.rows
        if r.rate is not None and r.group in groups
    }
    if not rates:
        return None
    left, right, top, bottom = 72, 280, 16, 44
    width, height = CHART_WIDTH, 320
    y_values = nice_ticks(max(max(rates.values()) * 1.1, 0.001))
    top_rate = y_values[-1]
    step = (width - left - right) / max(1, len(periods) - 1)

    def x(i: int) -> float:
        return round(left + step * i, 1)

    def y(value: float) -> float:
        return round(top + (1 - value / top_rate) * (height - top - bottom), 1)

    y_ticks = [Tick(x=left - 8, y=y(v), label=percent_tick(v)) for v in y_values]
    x_ticks = [Tick(x=x(i), y=height - bottom + 24, label=t.period) for i, t in enumerate(periods)]
    lines = []
    for n, group in enumerate(groups):
        points, segments, current = [], [], []
        for i, t in enumerate(periods):
            value = rates.get((t.period, group))
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            point = (x(i), y(value))
            points.append(point)
            current.append(point)
        if current:
            segments.append(current)
        if not points:
            continue
        paths = ["M" + " L".join(f"{px},{py}" for px, py in seg) for seg in segments if len(seg) > 1]
        lines.append(
            Line(
                label=group_label(report.dimension, group),
                colour=PALETTE.series[n % len(PALETTE.series)],
                dash=DASHES[n % len(DASHES)],
                marker=["circle", "square", "triangle", "diamond", "circle", "square"][n % 6],
                points=points,
                segments=paths,
                # Every label sits past the latest period, at the height of the group's last point shown, so a
                # group whose latest figure is suppressed is not labelled in the middle of the other lines.
                end=(x(len(periods) - 1), points[-1][1]),
            )
        )
    # Keep end labels apart.
    # End labels: from the bottom up, none below the axis, none on top of another.
    placed: list[float] = []
    spaced = []
    for line in sorted(lines, key=lambda item: -item.end[1] if item.end else 0):
        if line.end is None:
            spaced.append(line)
            continue
        label_y = min(line.end[1], height - bottom - 6)
        while any(abs(label_y - other) < FONT_SIZE + 4 for other in placed):
            label_y -= FONT_SIZE + 4
        placed.append(label_y)
        spaced.append(
            Line(
                line.label,
                line.colour,
                line.dash,
                line.marker,
                line.points,
                line.segments,
                (line.end[0], label_y),
            )
        )
    return TrendChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        lines=spaced,
        title=str(TREND_TITLE[Stage(report.stage)]),
        description=description,
    )


@dataclass(frozen=True)
class FunnelDot:
    x: float
    y: float
    name: str
    labelled: bool
    title: str


@dataclass(frozen=True)
class FunnelChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    overall_y: float
    limits: list[tuple[str, str, str]]  # path data, label, dash
    dots: list[FunnelDot]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    title: str
    description: str
    colours: ChartPalette = PALETTE


class FunnelPointLike(Protocol):
    """What the funnel drawing needs of a point: the equality report's, or the national view's
    (faircase.evaluation.national)."""

    @property
    def name(self) -> str: ...
    @property
    def headcount(self) -> int | None: ...
    @property
    def rate(self) -> Fraction | None: ...
    @property
    def position(self) -> str | None: ...


def funnel_chart(report: Report, description: str) -> FunnelChart | None:
    funnel = report.funnel
    if funnel is None:
        return None
    return funnel_drawing(funnel.overall_rate, funnel.points, description)


def funnel_drawing(
    overall_rate: Fraction | None, all_points: Sequence[FunnelPointLike], description: str
) -> FunnelChart | None:
    """The funnel plot's geometry: each point's rate against the overall rate, with the control limits."""
    if overall_rate is None:
        return None
    points = [p for p in all_points if p.rate is not None and p.headcount]
    if not points:
        return None
    overall = float(overall_rate)
    left, right, top, bottom = 72, 24, 16, 56
    width, height = CHART_WIDTH, 360
    largest = max(p.headcount or 0 for p in points)
    smallest = max(1, min(p.headcount or 0 for p in points))
    top_rate = max(
        max(float(p.rate or 0) for p in points),
        st.control_limits(overall, smallest, z=st.Z_998)[1],
        overall * 2,
    )
    y_values = nice_ticks(min(1.0, top_rate * 1.05) or 0.01)
    top_rate = y_values[-1]
    x_values = nice_ticks(largest * 1.02)
    x_max = x_values[-1]

    def x(n: float) -> float:
        return round(left + n / x_max * (width - left - right), 1)

    def y(value: float) -> float:
        return round(top + (1 - min(value, top_rate) / top_rate) * (height - top - bottom), 1)

    samples = sorted({max(1, int(smallest * 0.8 + (x_max - smallest * 0.8) * k / 60)) for k in range(61)})
    limits = []
    for z, label, dash in ((st.Z_95, _("95% limits"), "6 3"), (st.Z_998, _("99.8% limits"), "2 3")):
        for side in (0, 1):
            path = "M" + " L".join(f"{x(n)},{y(st.control_limits(overall, n, z=z)[side])}" for n in samples)
            limits.append((path, label, dash))
    dots = []
    for p in points:
        position = st.FunnelPosition(p.position) if p.position else st.FunnelPosition.WITHIN
        dots.append(
            FunnelDot(
                x=x(p.headcount or 0),
                y=y(float(p.rate or 0)),
                name=p.name,
                labelled=position in (st.FunnelPosition.ABOVE_998, st.FunnelPosition.BELOW_998),
                title=_("%(name)s: %(rate)s of %(headcount)s. %(position)s.")
                % {
                    "name": p.name,
                    "rate": percent(p.rate),
                    "headcount": count_text(p.headcount),
                    "position": POSITION_TEXT[position],
                },
            )
        )
    x_ticks = [Tick(x=x(v), y=height - bottom + 22, label=f"{v:,g}") for v in x_values]
    y_ticks = [Tick(x=left - 8, y=y(v), label=percent_tick(v)) for v in y_values]
    return FunnelChart(
        width=width,
        height=height,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        overall_y=y(overall),
        limits=limits,
        dots=dots,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        title=_("Funnel plot: each organisation's rate against the overall rate of %(rate)s")
        % {"rate": percent(overall)},
        description=description,
    )


# ---------------------------------------------------------------------------------------------------------------
# The whole page


@dataclass(frozen=True)
class TransitionView:
    title: str
    caption: str
    rows: list[RowView]
    total: TotalView
    summaries: list[str]
    nobody: str = ""  # when no one reached the earlier stage: said instead of a table of zeros


@dataclass(frozen=True)
class TrendRowView:
    period: str
    cells: list[tuple[str, str]]  # (rate, ratio) per group
    total_rate: str
    left_out: str


@dataclass(frozen=True)
class FunnelRowView:
    name: str
    headcount: str
    entrants: str
    rate: str
    position: str


@dataclass
class ReportView:
    title: str
    caption: str
    organisations: str
    published: bool
    facts: list[tuple[str, str]]
    rows: list[RowView]
    total: TotalView
    summaries: list[str]
    ratio_chart: RatioChart | None
    missing: list[str]
    notes: list[str]
    progression: list[TransitionView]
    trend_groups: list[str]
    trend_rows: list[TrendRowView]
    trend_summary: str
    trend_chart: TrendChart | None
    funnel_rows: list[FunnelRowView]
    funnel_summary: str
    funnel_chart: FunnelChart | None
    definitions: list[tuple[str, str]]
    filename: str = ""


def stage_label(stage: str) -> str:
    return str(Stage(stage).label)


def _trend(report: Report) -> tuple[list[str], list[TrendRowView], str]:
    groups = [r.group for r in report.groups]
    rows = []
    for t in report.trend:
        by_group = {r.group: r for r in t.rows}
        rows.append(
            TrendRowView(
                period=t.period,
                cells=[
                    (
                        percent(by_group[g].rate, suppressed=by_group[g].suppressed),
                        ratio_text(by_group[g].relative_likelihood),
                    )
                    for g in groups
                ],
                total_rate=percent(t.total.rate, suppressed=t.total.suppressed),
                left_out=", ".join(t.left_out),
            )
        )
    sentences = []
    if report.window > 1:
        sentences.append(
            _(
                "The trend shows single years, not the %(years)s-year window: each year's numbers are smaller "
                "than the window's."
            )
            % {"years": report.window}
        )
    if len(report.trend) < 2:
        sentences.append(_("Only %(period)s is held, so there is no trend yet.") % {"period": report.period})
    else:
        first, last = report.trend[0], report.trend[-1]
        sentences.append(
            _("Periods held: %(first)s to %(last)s.") % {"first": first.period, "last": last.period}
        )
        for g in groups:
            if g == report.reference_group:
                continue
            ratios = [
                (t.period, float(r.relative_likelihood))
                for t in report.trend
                for r in t.rows
                if r.group == g and r.relative_likelihood is not None
            ]
            if len(ratios) >= 2:
                sentences.append(
                    _(
                        "%(group)s: relative likelihood %(first)s in %(first_period)s, %(last)s in %(last_period)s."
                    )
                    % {
                        "group": group_label(report.dimension, g),
                        "first": f"{ratios[0][1]:.2f}",
                        "first_period": ratios[0][0],
                        "last": f"{ratios[-1][1]:.2f}",
                        "last_period": ratios[-1][0],
                    }
                )
    return [group_label(report.dimension, g) for g in groups], rows, " ".join(sentences)


def _funnel(report: Report) -> tuple[list[FunnelRowView], str]:
    funnel: Funnel | None = report.funnel
    if funnel is None:
        return [], ""
    rows = [
        FunnelRowView(
            name=p.name,
            headcount=count_text(p.headcount, suppressed=p.suppressed),
            entrants=count_text(p.entrants, suppressed=p.suppressed),
            rate=percent(p.rate, suppressed=p.suppressed),
            position=str(POSITION_TEXT[st.FunnelPosition(p.position)]) if p.position else NOT_APPLICABLE,
        )
        for p in funnel.points
    ]
    if funnel.overall_rate is None:
        return (
            rows,
            _("The overall rate is not shown, so there is no funnel plot (small numbers or no baseline)."),
        )
    outside = [p for p in funnel.points if p.position in ("above_998", "below_998")]
    warned = [p for p in funnel.points if p.position in ("above_95", "below_95")]
    hidden = [p for p in funnel.points if p.rate is None]
    numbers = {
        "rate": percent(funnel.overall_rate),
        "organisations": len(funnel.points),
        "outside": len(outside),
        "warned": len(warned),
    }
    if outside:
        text = _(
            "Overall rate %(rate)s across %(organisations)s organisations. %(outside)s outside the 99.8%% limits "
            "(%(names)s); %(warned)s between the 95%% and 99.8%% limits."
        ) % {**numbers, "names": ", ".join(p.name for p in outside)}
    else:
        text = (
            _(
                "Overall rate %(rate)s across %(organisations)s organisations. %(outside)s outside the 99.8%% limits; "
                "%(warned)s between the 95%% and 99.8%% limits."
            )
            % numbers
        )
    if hidden:
        text += " " + _("%(count)s not plotted (small numbers or no baseline).") % {"count": len(hidden)}
    return rows, text


def _transition(report: Report, transition: Transition) -> TransitionView:
    earlier, later = stage_label(transition.from_stage), stage_label(transition.to_stage)
    stages = {"earlier": earlier.lower(), "later": later.lower()}
    verb = _("to move on from %(earlier)s to %(later)s") % stages
    summaries = [
        summary_sentence(report, row, verb=verb)
        for row in transition.rows
        if row.relative_likelihood is not None
    ]
    return TransitionView(
        title=_("%(earlier)s to %(later)s") % {"earlier": earlier, "later": later.lower()},
        caption=_(
            "Of the practitioners who reached %(earlier)s, how many also reached %(later)s in the same case"
        )
        % stages,
        rows=[row_view(r) for r in transition.rows],
        total=total_view(transition.total),
        summaries=summaries or [_("No group has enough practitioners at both stages to compare.")],
        nobody=_("No practitioner reached %(earlier)s in %(period)s.")
        % {"earlier": earlier.lower(), "period": report.period_text}
        if transition.total.entrants == 0 and transition.total.headcount == 0
        else "",
    )


def present(report: Report) -> ReportView:
    organisations = ", ".join(o.name for o in report.organisations)
    profession = str(Profession(report.profession).label)
    dimension = str(Dimension(report.dimension).label)
    summaries = [summary_sentence(report, row) for row in report.groups]
    missing = report.missing
    if missing.entrants is None and missing.suppressed:
        missing_entrants = _("entrants not shown (small numbers)")
    elif missing.entrants_share is not None:
        missing_entrants = _("%(count)s entrants (%(share)s of all entrants)") % {
            "count": count_text(missing.entrants),
            "share": percent(missing.entrants_share),
        }
    else:
        missing_entrants = _("%(count)s entrants") % {"count": count_text(missing.entrants)}
    if missing.headcount is None and missing.suppressed:
        missing_headcount = _("headcount in the workforce baseline not shown (small numbers)")
    elif missing.headcount_share is not None:
        missing_headcount = _("%(count)s in the workforce baseline (%(share)s)") % {
            "count": count_text(missing.headcount),
            "share": percent(missing.headcount_share),
        }
    else:
        missing_headcount = _("%(count)s in the workforce baseline") % {
            "count": count_text(missing.headcount)
        }
    missing_lines = [
        _("%(group)s: %(entrants)s; %(headcount)s.")
        % {"group": missing.label, "entrants": missing_entrants, "headcount": missing_headcount}
    ]
    if missing.no_record is not None:
        missing_lines.append(
            _("Of those entrants, %(count)s have no equality record at all in faircase (live cases).")
            % {"count": f"{missing.no_record:,}"}
        )
    notes = []
    if report.left_out:
        notes.append(
            _("Left out of %(period)s because they hold no workforce baseline for it: %(organisations)s.")
            % {"period": report.period_text, "organisations": ", ".join(report.left_out)}
        )
    notes += missing_baseline_notes(report)
    problems = [
        _("%(group)s: %(problem)s.") % {"group": r.label, "problem": r.problem}
        for r in report.groups
        if r.problem
    ]
    notes += problems
    trend_groups, trend_rows, trend_summary = _trend(report)
    funnel_rows, funnel_summary = _funnel(report)
    reference = group_label(report.dimension, report.reference_group)
    title = _("%(stage)s: relative likelihood by %(dimension)s") % {
        "stage": stage_label(report.stage),
        "dimension": dimension.lower(),
    }
    return ReportView(
        title=title,
        caption=_("%(organisations)s: %(profession)s, %(period)s")
        % {
            "organisations": organisations,
            "profession": str(PROFESSION_PLURAL.get(report.profession, profession.lower())),
            "period": report.period_text,
        },
        organisations=organisations,
        published=report.published,
        facts=[
            (_("Organisations") if report.several else _("Organisation"), organisations),
            *window_facts(report),
            (_("Profession"), profession),
            (_("Stage"), stage_label(report.stage)),
            (_("Compared by"), dimension),
            (_("Reference group"), reference),
            (
                _("Small numbers"),
                _(
                    "Published: counts of 1 to 4, and any figure from which one could be worked out, are not shown"
                )
                if report.published
                else _(
                    "Shown: this report contains small numbers. Do not share it outside the team handling "
                    "equality data."
                ),
            ),
        ],
        rows=[row_view(r) for r in report.groups],
        total=total_view(report.total),
        summaries=summaries,
        ratio_chart=ratio_chart(report, summaries),
        missing=missing_lines,
        notes=notes,
        progression=[_transition(report, t) for t in report.progression],
        trend_groups=trend_groups,
        trend_rows=trend_rows,
        trend_summary=trend_summary,
        trend_chart=trend_chart(report, trend_summary),
        funnel_rows=funnel_rows,
        funnel_summary=funnel_summary,
        funnel_chart=funnel_chart(report, funnel_summary),
        definitions=report.definitions,
        filename=filename(report),
    )


def window_facts(report: Report) -> list[tuple[str, str]]:
    """The period, and for a window of several years which of them had a workforce baseline."""
    if report.window == 1:
        return [(_("Period"), _("%(period)s (1 April to 31 March)") % {"period": report.period})]
    first, last = report.periods[0], report.periods[-1]
    held = report.baseline_periods
    return [
        (
            _("Period"),
            _(
                "%(period)s: 1 April %(first)s to 31 March %(last)s, gathered over %(years)s because the numbers "
                "in one year are small"
            )
            % {
                "period": report.period_text,
                "first": first[:4],
                "last": int(last[:4]) + 1,
                "years": pluralise(report.window, counted("year", "years")),
            },
        ),
        (
            _("Workforce baselines"),
            (
                _(
                    "Held for %(periods)s. The headcount is the mean over the years held, rounded to a whole practitioner"
                )
                % {"periods": _and(held)}
                if held
                else _(
                    "None held for these years. The headcount is the mean over the years held, rounded to a whole "
                    "practitioner"
                )
            ),
        ),
    ]


def missing_baseline_notes(report: Report) -> list[str]:
    """One sentence for each organisation counted that holds no baseline for some years of the window."""
    by_org: dict[str, list[str]] = {}
    for name, period in report.missing_baselines:
        by_org.setdefault(name, []).append(period)
    return [
        _(
            "%(organisation)s holds no workforce baseline for %(periods)s: its headcount is the mean of the other "
            "years of the window, while its entrants count every year."
        )
        % {"organisation": name, "periods": _and(periods)}
        for name, periods in by_org.items()
        if len(periods) < report.window
    ]


def _and(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def filename(report: Report) -> str:
    who = (
        report.organisations[0].slug
        if len(report.organisations) == 1
        else f"{len(report.organisations)}-orgs"
    )
    kind = "published" if report.published else "not-for-publication"
    period = report.period if report.window == 1 else f"{report.periods[0]}-to-{report.periods[-1]}"
    return f"equality-{who}-{period}-{report.profession}-{report.dimension}-{report.stage}-{kind}"
