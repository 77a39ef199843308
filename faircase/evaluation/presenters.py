"""What people read of an evaluation. The page, the PDF and the spreadsheet are all made from `present` (and the
spreadsheet's cells from `measure_cells`, which reads the same rows), so they cannot say different things."""

from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.choices import Profession
from faircase.core import languages
from faircase.core.formatting import counted, nhs_date, pluralise
from faircase.equality.chart_palette import PALETTE, ChartPalette
from faircase.equality.presenters_report import CHART_WIDTH, FLAG_TEXT, interval_text, ratio_text
from faircase.equality.statistics import Flag

from . import disproportionality as dp
from .definitions import MEAN_DAYS
from .measures import Evaluation, Figures, Measure

NOT_SHOWN = gettext_lazy("Not shown (small numbers)")
NOTHING = gettext_lazy("None in the period")
NO_BEFORE = gettext_lazy("No comparison")


def value_text(measure: Measure, figures: Figures | None) -> str:
    if figures is None:
        return str(NO_BEFORE)
    if figures.value is None:
        return str(NOT_SHOWN if figures.suppressed else NOTHING)
    if measure.definition.kind == MEAN_DAYS:
        return pluralise(round(figures.value), counted("day", "days"))  # the mean, to the nearest whole day
    return f"{round(figures.value * 100, 1):g}%"


def counts_text(measure: Measure, figures: Figures | None) -> str:
    if figures is None:
        return ""
    if figures.denominator is None:
        return str(NOT_SHOWN)
    if measure.definition.kind == MEAN_DAYS:
        if measure.key.startswith("resolution"):
            return pluralise(figures.denominator, counted("case", "cases"))
        return pluralise(figures.denominator, counted("episode", "episodes"))
    numerator = _("not shown") if figures.numerator is None else str(figures.numerator)
    return _("%(numerator)s of %(denominator)s") % {
        "numerator": numerator,
        "denominator": figures.denominator,
    }


@dataclass(frozen=True)
class MeasureRow:
    key: str
    benefit: str
    title: str
    definition: str
    kind: str
    after: str
    after_counts: str
    before: str
    before_counts: str
    after_value: float | None
    before_value: float | None
    suppressed: bool


@dataclass(frozen=True)
class BenefitSection:
    key: str
    audience: str
    title: str
    rows: list[MeasureRow]


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    after_width: float | None
    before_width: float | None
    after_text: str
    before_text: str


@dataclass(frozen=True)
class ShareChart:
    """Each share measure of one audience as two bars, after and before adoption, 0 to 100%."""

    id: str
    title: str
    description: str
    width: int
    height: int
    left: int
    bar_width: int
    bars: list[Bar]
    rows: list[MeasureRow]
    colours: ChartPalette = PALETTE


@dataclass(frozen=True)
class ComparisonRow:
    stage: str
    profession: str
    group: str
    after: str
    after_flag: str
    before: str
    before_flag: str


@dataclass(frozen=True)
class EvaluationView:
    title: str
    caption: str
    facts: list[tuple[str, str]]
    no_before_reason: str
    sections: list[BenefitSection]
    charts: list[ShareChart]
    comparisons: list[ComparisonRow]
    comparison_periods: str
    filename: str

    @property
    def rows(self) -> list[MeasureRow]:
        return [row for section in self.sections for row in section.rows]


def _row(measure: Measure) -> MeasureRow:
    definition = measure.definition
    return MeasureRow(
        key=measure.key,
        benefit=languages.localised(definition.benefit, "title"),
        title=languages.localised(definition, "title"),
        definition=languages.localised(definition, "definition"),
        kind=definition.kind,
        after=value_text(measure, measure.figures),
        after_counts=counts_text(measure, measure.figures),
        before=value_text(measure, measure.before),
        before_counts=counts_text(measure, measure.before),
        after_value=measure.value,
        before_value=measure.before.value if measure.before else None,
        suppressed=measure.suppressed or bool(measure.before and measure.before.suppressed),
    )


def _sections(evaluation: Evaluation) -> list[BenefitSection]:
    sections: dict[str, BenefitSection] = {}
    for measure in evaluation.measures:
        benefit = measure.definition.benefit
        if benefit.key not in sections:
            sections[benefit.key] = BenefitSection(
                benefit.key,
                languages.localised(benefit, "audience"),
                languages.localised(benefit, "title"),
                [],
            )
        sections[benefit.key].rows.append(_row(measure))
    return list(sections.values())


def _chart(audience: str, rows: list[MeasureRow]) -> ShareChart:
    left, step, bar_width = 330, 56, CHART_WIDTH - 330 - 90
    bars = []
    for i, row in enumerate(rows):
        bars.append(
            Bar(
                label=row.title if len(row.title) <= 38 else row.title[:36] + "…",
                y=16 + step * i,
                after_width=None if row.after_value is None else round(row.after_value * bar_width, 1),
                before_width=None if row.before_value is None else round(row.before_value * bar_width, 1),
                after_text=row.after,
                before_text=row.before,
            )
        )
    description = " ".join(
        _("%(measure)s: %(after)s after adoption, %(before)s before.")
        % {"measure": row.title, "after": row.after, "before": row.before}
        for row in rows
    )
    return ShareChart(
        id=f"chart-{slugify(audience)}",
        title=_("%(audience)s: measures after adoption (upper bar) and before (lower bar)")
        % {"audience": audience},
        description=description,
        width=CHART_WIDTH,
        height=16 + step * len(rows) + 24,
        left=left,
        bar_width=bar_width,
        bars=bars,
        rows=rows,
    )


def _charts(sections: list[BenefitSection]) -> list[ShareChart]:
    by_audience: dict[str, list[MeasureRow]] = {}
    for section in sections:
        by_audience.setdefault(section.audience, []).extend(r for r in section.rows if r.kind != MEAN_DAYS)
    return [_chart(audience, rows) for audience, rows in by_audience.items() if rows]


def _ratio(row: Any) -> tuple[str, str]:
    if row is None:
        return str(NO_BEFORE), ""
    if row.relative_likelihood is None:
        return _("No ratio"), str(FLAG_TEXT[Flag(row.flag)])
    return f"{ratio_text(row.relative_likelihood)} ({interval_text(row.ci_low, row.ci_high)})", str(
        FLAG_TEXT[Flag(row.flag)]
    )


def _comparisons(result: dp.Disproportionality) -> list[ComparisonRow]:
    rows = []
    for r in result.rows:
        after, after_flag = _ratio(r.after)
        before, before_flag = _ratio(r.before)
        rows.append(
            ComparisonRow(
                r.stage_label,
                _profession(r.profession),
                r.group_label,
                after,
                after_flag,
                before,
                before_flag,
            )
        )
    return rows


def _profession(value: str) -> str:
    """The profession's name in the language in use ("Doctor", "Meddyg")."""
    return str(Profession(value).label) if value in Profession.values else value.capitalize()


def period_text(start: Any, end: Any) -> str:
    return _("%(start)s to %(end)s") % {"start": nhs_date(start), "end": nhs_date(end)}


def present(evaluation: Evaluation) -> EvaluationView:
    organisation = evaluation.organisation
    facts = [
        (_("Organisation"), organisation.name),
        (_("Framework adopted on"), nhs_date(evaluation.adopted_on)),
        (_("Period evaluated"), period_text(evaluation.start, evaluation.end)),
        (
            _("Compared with"),
            period_text(*evaluation.before_period)
            if evaluation.before_period
            else evaluation.no_before_reason,
        ),
    ]
    sections = _sections(evaluation)
    result = evaluation.disproportionality
    return EvaluationView(
        title=_("Evaluation of the framework"),
        caption=organisation.name,
        facts=facts,
        no_before_reason=evaluation.no_before_reason,
        sections=sections,
        charts=_charts(sections),
        comparisons=_comparisons(result),
        comparison_periods=(
            _("%(period)s against %(before)s") % {"period": result.period, "before": result.before_period}
            if result.before_period
            else result.period
        ),
        filename=f"evaluation-{organisation.slug}-{evaluation.start.isoformat()}-{evaluation.end.isoformat()}",
    )


MEASURE_COLUMNS = [
    gettext_lazy("Benefit"),
    gettext_lazy("Measure"),
    gettext_lazy("Key"),
    gettext_lazy("After adoption"),
    gettext_lazy("After: numerator"),
    gettext_lazy("After: denominator"),
    gettext_lazy("Before adoption"),
    gettext_lazy("Before: numerator"),
    gettext_lazy("Before: denominator"),
    gettext_lazy("Definition"),
]


def measure_cells(evaluation: Evaluation) -> list[list[Any]]:
    """The measures table of the spreadsheet: the page's rows, with the published numbers beside them."""
    view = present(evaluation)
    by_key = {m.key: m for m in evaluation.measures}
    cells: list[list[Any]] = [[str(c) for c in MEASURE_COLUMNS]]
    for row in view.rows:
        measure = by_key[row.key]
        before = measure.before
        cells.append(
            [
                row.benefit,
                row.title,
                row.key,
                row.after,
                measure.numerator,
                measure.denominator,
                row.before,
                before.numerator if before else None,
                before.denominator if before else None,
                row.definition,
            ]
        )
    return cells
