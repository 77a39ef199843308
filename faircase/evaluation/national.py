"""The national view (issue 13, part 4): each organisation exports counts only, a national evaluator merges them.

An export (`build_export`, `export_for`) holds no personal data and nothing that names a case or a person: the
organisation's ODS code, name, nation and framework adoption date, the period, and counts. Everything is counted
per NHS financial year, and each year's tables are the equality report's published tables
(faircase.equality.reports.build_report with publish=True), decided for the organisation alone
(faircase.equality.disclosure): counts of 1 to 4, and any count from which one could be worked out, are null.
So an export of 2024-25 to 2025-26 and one of 2025-26 alone publish the same 2025-26 figures, and no two exports
can be subtracted to give back a hidden count. The evaluation measures' numerators and denominators come from
faircase.evaluation.measures through one seam (`evaluation_counts`), published by the evaluation's own rule for
each financial year, so the export and the evaluation page of a year show the same figures.

`read_exports` checks files against the schema (pydantic) and refuses, with a message naming the file, another
schema version, a malformed file, and two exports of one organisation whose periods overlap. `aggregate` merges
any number of exports without touching the database: a national total sums the counts that are published and
says how many organisations' counts are not (it is then "at least" that total); a rate, ratio or funnel point
is made only from organisations whose every count it needs is published. docs/adr/0024-national-view-from-exports.md
"""

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any

from django.db import transaction
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from faircase.accounts.models import Nation
from faircase.cases.choices import Profession
from faircase.core import audit
from faircase.core.formatting import pluralise
from faircase.core.readers import UnreadableFile, read_text_file
from faircase.equality import reports
from faircase.equality import statistics as st
from faircase.equality.choices import (
    DEFAULT_REFERENCE,
    GROUPS,
    NOT_COMPARED,
    STAGES_IN_ORDER,
    Dimension,
    period_bounds,
    period_for,
)
from faircase.equality.models import WorkforceBaseline

from . import measures as evaluation_measures
from .definitions import KINDS, measure_definitions

SCHEMA_VERSION = 1
KIND = "faircase national export"
MAX_EXPORT_BYTES = 8 * 1024 * 1024  # a year of one organisation is about 60 KB
MAX_COUNT = 10_000_000
SUPPRESSED_TEXT = (
    "Counts of 1 to 4, and any count from which one could be worked out, are null (not published). A group "
    "missing from a headcount has no workforce baseline."
)
PROFESSIONS: tuple[str, ...] = tuple(Profession.values)
DIMENSIONS: tuple[str, ...] = tuple(Dimension.values)
STAGES: tuple[str, ...] = tuple(str(stage) for stage in STAGES_IN_ORDER)
# The funnel plot compares organisations' totals (every practitioner of the profession): the totals of one
# dimension's tables, the same people in every dimension.
FUNNEL_DIMENSION = str(Dimension.ETHNICITY)


class NationalError(ValueError):
    """A request or a file refused, with a message that says what is wrong and what to do; nothing written."""


# ---------------------------------------------------------------------------------------------------------------
# Periods: whole financial years


def financial_years(start: dt.date, end: dt.date) -> list[str]:
    """The financial years from `start` (a 1 April) to `end` (a 31 March), oldest first. Every count in an export
    is one year's, so that exports of different periods publish the same figures for the years they share."""
    if start > end:
        raise NationalError(f"The period starts ({start:%d %B %Y}) after it ends ({end:%d %B %Y}): swap them")
    first, last = period_bounds(period_for(start)), period_bounds(period_for(end))
    if start != first[0] or end != last[1]:
        raise NationalError(
            f"An export covers whole financial years: start on 1 April and end on 31 March (for example --from "
            f"{first[0].isoformat()} --to {last[1].isoformat()}), not {start.isoformat()} to {end.isoformat()}"
        )
    return [period_for(dt.date(year, 4, 1)) for year in range(first[0].year, last[0].year + 1)]


# ---------------------------------------------------------------------------------------------------------------
# The file format

Count = Annotated[int, Field(ge=0, le=MAX_COUNT)] | None  # None: not published (small numbers)
Key = Annotated[str, Field(pattern=r"^[a-z0-9_]{1,64}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class OrganisationPart(_Strict):
    ods_code: str = Field(pattern=r"^[A-Z0-9]{3,10}$")
    name: str = Field(min_length=1, max_length=200)
    nation: str
    framework_adopted_on: dt.date | None = Field(strict=False)

    @field_validator("nation")
    @classmethod
    def _nation(cls, value: str) -> str:
        if value not in Nation.values:
            raise ValueError(f"'{value}' is not a nation: choose one of {', '.join(Nation.values)}")
        return value


class PeriodPart(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    start: dt.date = Field(alias="from", strict=False)
    end: dt.date = Field(alias="to", strict=False)
    years: list[str] = Field(max_length=50)

    @model_validator(mode="after")
    def _whole_years(self) -> "PeriodPart":
        try:
            years = financial_years(self.start, self.end)
        except NationalError as error:
            raise ValueError(str(error)) from None
        if self.years != years:
            raise ValueError(f"the years of {self.start} to {self.end} are {', '.join(years)}")
        return self


class Cells(_Strict):
    """One table: each group's count (null: not published) and their total."""

    groups: dict[str, Count]
    total: Count

    @model_validator(mode="after")
    def _adds_up(self) -> "Cells":
        shown = [v for v in self.groups.values() if v is not None]
        if self.total is None:
            return self
        if len(shown) == len(self.groups) and self.groups and sum(shown) != self.total:
            raise ValueError(f"the groups add up to {sum(shown):,}, not the total of {self.total:,}")
        if sum(shown) > self.total:
            raise ValueError(
                f"the groups shown add up to {sum(shown):,}, more than the total of {self.total:,}"
            )
        return self


class YearTable(_Strict):
    """One organisation, year, profession and dimension: the workforce headcount (null: no baseline held) and the
    entrants at each stage, by group."""

    year: str
    profession: str
    dimension: str
    headcount: Cells | None
    stages: dict[str, Cells]

    @model_validator(mode="after")
    def _known_names(self) -> "YearTable":
        _check_year(self.year)
        if self.profession not in PROFESSIONS:
            raise ValueError(
                f"'{self.profession}' is not a profession: choose one of {', '.join(PROFESSIONS)}"
            )
        if self.dimension not in DIMENSIONS:
            raise ValueError(f"'{self.dimension}' is not a dimension: choose one of {', '.join(DIMENSIONS)}")
        groups = set(GROUPS[Dimension(self.dimension)].values)
        if set(self.stages) != set(STAGES):
            raise ValueError(f"the stages must be exactly {', '.join(STAGES)}")
        tables = [*([self.headcount] if self.headcount else []), *self.stages.values()]
        for cells in tables:
            unknown = sorted(set(cells.groups) - groups)
            if unknown:
                raise ValueError(f"'{unknown[0]}' is not a group of {self.dimension}")
        for stage, cells in self.stages.items():
            if set(cells.groups) != groups:
                raise ValueError(f"the entrants at {stage} must give every group of {self.dimension}")
        return self


class MeasureCounts(_Strict):
    kind: str
    numerator: Count
    denominator: Count

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"'{value}' is not a kind of measure: choose one of {', '.join(KINDS)}")
        return value


class YearMeasures(_Strict):
    year: str
    counts: dict[Key, MeasureCounts]

    @model_validator(mode="after")
    def _year(self) -> "YearMeasures":
        _check_year(self.year)
        return self


class Export(_Strict):
    schema_version: int
    kind: str
    organisation: OrganisationPart
    period: PeriodPart
    small_numbers: str
    disproportionality: list[YearTable] = Field(max_length=5000)
    measures: list[YearMeasures] = Field(max_length=50)

    @model_validator(mode="after")
    def _inside_the_period(self) -> "Export":
        years = set(self.period.years)
        seen: set[tuple[str, str, str]] = set()
        for table in self.disproportionality:
            if table.year not in years:
                raise ValueError(
                    f"a table of {table.year} is outside the period ({', '.join(self.period.years)})"
                )
            key = (table.year, table.profession, table.dimension)
            if key in seen:
                raise ValueError(f"{' '.join(key)} is given twice")
            seen.add(key)
        measure_years = [m.year for m in self.measures]
        if len(set(measure_years)) != len(measure_years) or not set(measure_years) <= years:
            raise ValueError("the measures must give each year of the period at most once")
        return self


def _check_year(year: str) -> None:
    try:
        period_bounds(year)
    except ValueError as error:
        raise ValueError(str(error)) from None


# ---------------------------------------------------------------------------------------------------------------
# Making an export (reads the database)


@dataclass(frozen=True)
class PublishedMeasure:
    kind: str  # share, or mean_days (numerator: total days)
    numerator: int | None  # None: not published
    denominator: int | None


def evaluation_counts(organisation: Any, start: dt.date, end: dt.date) -> dict[str, PublishedMeasure]:
    """THE SEAM to the evaluation measures (faircase.evaluation.measures): each measure's numerator and
    denominator for one organisation and one financial year, published by the evaluation's own rule
    (`measures.publish`: each measure's table of parts decided by disclosure.hide_in_table), so the export and
    the evaluation page of that year show the same figures. `count_all` is `raw_counts` with each measure's
    parts, which the rule needs (the routes of a closure, those who did and did not)."""
    definitions = {d.key: d for d in measure_definitions()}
    return {
        key: PublishedMeasure(
            kind=definitions[key].kind, numerator=figures.numerator, denominator=figures.denominator
        )
        for key, counts in evaluation_measures.count_all(organisation, start, end).items()
        for figures in [evaluation_measures.publish(definitions[key], counts)]
    }


def _baseline_groups(organisation: Any, years: Sequence[str]) -> set[tuple[str, str, str, str]]:
    """(year, profession, dimension, group) for each workforce baseline the organisation holds: a headcount left
    out of a published report is null, a group without a baseline is not in the export at all."""
    return set(
        WorkforceBaseline.objects.filter(organisation=organisation, period__in=list(years)).values_list(
            "period", "profession", "dimension", "group"
        )
    )


def _cells(rows: Iterable[reports.GroupRow], total: int | None, attribute: str, keep: set[str]) -> dict:
    return {"groups": {r.group: getattr(r, attribute) for r in rows if r.group in keep}, "total": total}


def _year_table(organisation: Any, year: str, profession: str, dimension: str, baselines: set) -> dict:
    """One year, profession and dimension, from the equality report's published tables, one report a stage."""
    groups = [str(g) for g in GROUPS[Dimension(dimension)].values]
    held = {g for g in groups if (year, profession, dimension, g) in baselines}
    stages: dict[str, dict] = {}
    headcount: dict | None = None
    for stage in STAGES:
        report = reports.build_report(
            organisations=[organisation],
            period=year,
            profession=profession,
            dimension=dimension,
            stage=stage,
            publish=True,
        )
        stages[stage] = _cells(report.groups, report.total.entrants, "entrants", set(groups))
        if headcount is None and held:
            headcount = _cells(report.groups, report.total.headcount, "headcount", held)
    return {
        "year": year,
        "profession": profession,
        "dimension": dimension,
        "headcount": headcount,
        "stages": stages,
    }


def build_export(*, organisation: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The export of one organisation for whole financial years from `start` to `end`, as JSON-ready data."""
    years = financial_years(start, end)
    baselines = _baseline_groups(organisation, years)
    tables = [
        _year_table(organisation, year, profession, dimension, baselines)
        for year in years
        for profession in PROFESSIONS
        for dimension in DIMENSIONS
    ]
    year_measures = []
    for year in years:
        first, last = period_bounds(year)
        published = evaluation_counts(organisation, first, last)
        year_measures.append(
            {
                "year": year,
                "counts": {
                    key: {"kind": m.kind, "numerator": m.numerator, "denominator": m.denominator}
                    for key, m in sorted(published.items())
                },
            }
        )
    adopted = organisation.framework_adopted_on
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": KIND,
        "organisation": {
            "ods_code": organisation.ods_code,
            "name": organisation.name,
            "nation": organisation.nation,
            "framework_adopted_on": adopted.isoformat() if adopted else None,
        },
        "period": {"from": start.isoformat(), "to": end.isoformat(), "years": years},
        "small_numbers": SUPPRESSED_TEXT,
        "disproportionality": tables,
        "measures": year_measures,
    }


@transaction.atomic
def export_for(*, by: Any, organisation: Any, start: dt.date, end: dt.date) -> dict[str, Any]:
    """Build the export and record who made it, in the same transaction."""
    export = build_export(organisation=organisation, start=start, end=end)
    audit.record(
        by=by,
        action="evaluation.national_export",
        object_type="evaluation.national_export",
        object_id=f"{organisation.slug}:{start.isoformat()}:{end.isoformat()}",
        organisation=organisation,
        detail={"from": start.isoformat(), "to": end.isoformat(), "years": export["period"]["years"]},
    )
    return export


def export_text(export: Mapping[str, Any]) -> str:
    return json.dumps(export, indent=1, ensure_ascii=False) + "\n"


# ---------------------------------------------------------------------------------------------------------------
# Reading exports


def _schema_problem(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the top level"
    message = str(first["msg"]).removeprefix("Value error, ")
    more = len(error.errors()) - 1
    also = f" (and {pluralise(more, 'other problem')})" if more else ""
    return f"at {where}: {message}{also}"


def parse_export(text: str, *, name: str) -> Export:
    """One export from its text; NationalError naming the file and the first problem."""
    advice = "Ask the organisation for a new export made by `faircase national export`, unchanged."
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise NationalError(f"{name} is not JSON ({error}). {advice}") from None
    if not isinstance(data, dict) or data.get("kind") != KIND:
        raise NationalError(f"{name} is not a faircase national export. {advice}")
    version = data.get("schema_version")
    if version != SCHEMA_VERSION:
        raise NationalError(
            f"{name} is an export of schema version {version!r}; this faircase reads version {SCHEMA_VERSION}. "
            "Make every export with the same version of faircase."
        )
    try:
        return Export.model_validate(data)
    except ValidationError as error:
        raise NationalError(
            f"{name} does not follow the export format {_schema_problem(error)}. {advice}"
        ) from None


def read_exports(paths: Sequence[Path]) -> list[Export]:
    """Every file checked before anything is merged; NationalError for the first one refused."""
    if not paths:
        raise NationalError("Give at least one export file to aggregate.")
    exports: list[tuple[str, Export]] = []
    for path in paths:
        try:
            text = read_text_file(path, max_bytes=MAX_EXPORT_BYTES)
        except UnreadableFile as error:
            raise NationalError(f"{path.name}: {error}") from None
        except FileNotFoundError:
            raise NationalError(f"There is no file {path}: check the name.") from None
        except (OSError, UnicodeDecodeError) as error:
            raise NationalError(f"{path.name} could not be read ({error}).") from None
        exports.append((path.name, parse_export(text, name=path.name)))
    _refuse_overlaps(exports)
    _refuse_mixed_kinds(exports)
    return [export for _, export in exports]


def _refuse_mixed_kinds(exports: Sequence[tuple[str, Export]]) -> None:
    """A measure is a share in every file or a mean in every file: they cannot be added up otherwise."""
    kinds: dict[str, tuple[str, str]] = {}
    for name, export in exports:
        for year in export.measures:
            for key, counts in year.counts.items():
                first = kinds.setdefault(key, (counts.kind, name))
                if first[0] != counts.kind:
                    raise NationalError(
                        f"{first[1]} gives the measure {key} as {first[0]} and {name} as {counts.kind}: make every "
                        "export with the same version of faircase."
                    )


def _refuse_overlaps(exports: Sequence[tuple[str, Export]]) -> None:
    """Two exports of one organisation whose periods share a year would count that year twice."""
    for i, (name, export) in enumerate(exports):
        for other_name, other in exports[:i]:
            if other.organisation.ods_code != export.organisation.ods_code:
                continue
            shared = sorted(set(export.period.years) & set(other.period.years))
            if shared:
                raise NationalError(
                    f"{other_name} and {name} are both exports of {export.organisation.name} "
                    f"({export.organisation.ods_code}) and both cover {', '.join(shared)}: give each organisation's "
                    "years once."
                )


# ---------------------------------------------------------------------------------------------------------------
# The aggregate (no database)


@dataclass(frozen=True)
class Summed:
    """A national count: the sum of the published counts, and how many counts (organisations, or organisation
    years) were not published and so are not in it. With any left out, the true count is at least `known`."""

    known: int = 0
    left_out: int = 0

    def __add__(self, other: "Summed") -> "Summed":
        return Summed(self.known + other.known, self.left_out + other.left_out)

    @staticmethod
    def of(value: int | None) -> "Summed":
        return Summed(0, 1) if value is None else Summed(value, 0)

    @property
    def complete(self) -> bool:
        return self.left_out == 0


@dataclass(frozen=True)
class MeasureTotal:
    key: str
    kind: str  # share, or mean_days (numerator: total days; value: the mean)
    numerator: Summed
    denominator: Summed
    # The proportion over the organisation years whose numerator and denominator are both published.
    value: Fraction | None
    counted: int  # organisation years in `value`
    by_year: dict[str, "MeasureTotal"] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupLine:
    group: str
    entrants: Summed
    headcount: Summed
    comparison: st.Comparison  # over the organisation years whose four counts are published
    compared: int  # organisation years in the comparison
    entrants_compared: int = 0
    headcount_compared: int = 0


@dataclass(frozen=True)
class StageTable:
    profession: str
    dimension: str
    stage: str
    year: str  # a financial year, or ALL_YEARS
    reference: str
    groups: list[GroupLine]
    entrants: Summed
    headcount: Summed


ALL_YEARS = "all"


@dataclass(frozen=True)
class FunnelPoint:
    ods_code: str
    name: str
    headcount: int
    entrants: int
    rate: Fraction
    position: str


@dataclass(frozen=True)
class Funnel:
    profession: str
    stage: str
    overall_rate: Fraction | None
    points: list[FunnelPoint]
    left_out: list[str]  # organisations with a total not published, or no baseline, in one of their years


@dataclass(frozen=True)
class OrganisationLine:
    ods_code: str
    name: str
    nation: str
    start: dt.date
    end: dt.date
    framework_adopted_on: dt.date | None


@dataclass(frozen=True)
class National:
    organisations: list[OrganisationLine]
    years: list[str]
    measures: list[MeasureTotal]
    tables: list[StageTable]  # pooled over every year, then each year (the trend)
    funnels: list[Funnel]

    def table(self, profession: str, dimension: str, stage: str, year: str = ALL_YEARS) -> StageTable | None:
        return next(
            (
                t
                for t in self.tables
                if (t.profession, t.dimension, t.stage, t.year) == (profession, dimension, stage, year)
            ),
            None,
        )


def _measure_totals(exports: Sequence[Export]) -> list[MeasureTotal]:
    cells: dict[str, dict[str, list[MeasureCounts]]] = {}
    for export in exports:
        for year in export.measures:
            for key, counts in year.counts.items():
                cells.setdefault(key, {}).setdefault(year.year, []).append(counts)

    def total(key: str, counts: list[MeasureCounts]) -> MeasureTotal:
        both = [c for c in counts if c.numerator is not None and c.denominator is not None]
        num, den = sum(c.numerator or 0 for c in both), sum(c.denominator or 0 for c in both)
        return MeasureTotal(
            key=key,
            kind=counts[0].kind,
            numerator=sum((Summed.of(c.numerator) for c in counts), Summed()),
            denominator=sum((Summed.of(c.denominator) for c in counts), Summed()),
            value=Fraction(num, den) if den else None,
            counted=len(both),
        )

    result = []
    for key in sorted(cells):
        years = cells[key]
        pooled = total(key, [c for year in sorted(years) for c in years[year]])
        by_year = {year: total(key, years[year]) for year in sorted(years)}
        result.append(
            MeasureTotal(
                key=key,
                kind=pooled.kind,
                numerator=pooled.numerator,
                denominator=pooled.denominator,
                value=pooled.value,
                counted=pooled.counted,
                by_year=by_year,
            )
        )
    return result


def _stage_table(
    tables: Sequence[YearTable], *, profession: str, dimension: str, stage: str, year: str
) -> StageTable:
    """One stage's national table from organisations' year tables (all of one profession and dimension)."""
    reference = str(DEFAULT_REFERENCE[Dimension(dimension)])
    groups = [str(g) for g in GROUPS[Dimension(dimension)].values]

    def headcount_of(table: YearTable, group: str | None) -> tuple[bool, int | None]:
        """(held, count): a baseline is held for the group (or any group), and its published count."""
        if table.headcount is None:
            return False, None
        if group is None:
            return True, table.headcount.total
        if group not in table.headcount.groups:
            return False, None
        return True, table.headcount.groups[group]

    lines = []
    for group in groups:
        entrants, headcount = Summed(), Summed()
        a = n1 = c = n2 = compared = 0
        for table in tables:
            cells = table.stages[stage]
            own_e = cells.groups.get(group)
            entrants += Summed.of(own_e)
            held, own_h = headcount_of(table, group)
            if held:
                headcount += Summed.of(own_h)
            ref_held, ref_h = headcount_of(table, reference)
            ref_e = cells.groups.get(reference)
            if held and ref_held and None not in (own_e, own_h, ref_e, ref_h):
                a, n1, c, n2 = a + (own_e or 0), n1 + (own_h or 0), c + (ref_e or 0), n2 + (ref_h or 0)
                compared += 1
        comparison = st.compare(
            group=group,
            reference=reference,
            entrants=a if compared else None,
            headcount=n1 if compared else None,
            reference_entrants=c if compared else None,
            reference_headcount=n2 if compared else None,
            not_compared=NOT_COMPARED,
        )
        lines.append(GroupLine(group, entrants, headcount, comparison, compared, a, n1))
    entrants_total = sum((Summed.of(t.stages[stage].total) for t in tables), Summed())
    headcount_total = sum((Summed.of(t.headcount.total) for t in tables if t.headcount is not None), Summed())
    return StageTable(profession, dimension, stage, year, reference, lines, entrants_total, headcount_total)


def _funnel(exports: Sequence[Export], *, profession: str, stage: str) -> Funnel:
    """Each organisation's rate over its years (every group: the totals of the FUNNEL_DIMENSION tables) against
    the rate of all organisations shown, with the equality report's control limits."""
    totals: list[tuple[Export, int, int]] = []
    left_out = []
    for export in exports:
        tables = [
            t
            for t in export.disproportionality
            if t.profession == profession and t.dimension == FUNNEL_DIMENSION
        ]
        entrants = [t.stages[stage].total for t in tables]
        headcounts = [t.headcount.total if t.headcount else None for t in tables]
        if not tables:
            continue
        if None in entrants or None in headcounts or not sum(h or 0 for h in headcounts):
            if None in entrants or any(entrants):  # not one without practitioners of the profession at all
                left_out.append(export.organisation.name)
            continue
        totals.append((export, sum(e or 0 for e in entrants), sum(h or 0 for h in headcounts)))
    headcount = sum(h for _, _, h in totals)
    overall = st.rate(sum(e for _, e, _ in totals), headcount) if headcount else None
    points = []
    for export, count, own in totals:
        if count > own:  # more entrants than the baseline holds: no rate (the equality report says why)
            left_out.append(export.organisation.name)
            continue
        points.append(
            FunnelPoint(
                ods_code=export.organisation.ods_code,
                name=export.organisation.name,
                headcount=own,
                entrants=count,
                rate=Fraction(count, own),
                position=str(st.funnel_position(count, own, float(overall)))
                if overall is not None
                else str(st.FunnelPosition.WITHIN),
            )
        )
    return Funnel(profession, stage, overall, points, sorted(left_out))


def aggregate(exports: Sequence[Export]) -> National:
    """The national evaluation and disproportionality report from checked exports (read_exports)."""
    years = sorted({y for e in exports for y in e.period.years})
    by_key: dict[tuple[str, str], list[YearTable]] = {}
    for export in exports:
        for table in export.disproportionality:
            by_key.setdefault((table.profession, table.dimension), []).append(table)
    stage_tables = []
    for (profession, dimension), tables in sorted(
        by_key.items(), key=lambda item: (PROFESSIONS.index(item[0][0]), DIMENSIONS.index(item[0][1]))
    ):
        for stage in STAGES:
            stage_tables.append(
                _stage_table(tables, profession=profession, dimension=dimension, stage=stage, year=ALL_YEARS)
            )
            for year in years:
                of_year = [t for t in tables if t.year == year]
                if of_year:
                    stage_tables.append(
                        _stage_table(
                            of_year, profession=profession, dimension=dimension, stage=stage, year=year
                        )
                    )
    professions = [p for p in PROFESSIONS if any(k[0] == p for k in by_key)]
    funnels = [_funnel(exports, profession=p, stage=s) for p in professions for s in STAGES]
    organisations = sorted(
        (
            OrganisationLine(
                ods_code=e.organisation.ods_code,
                name=e.organisation.name,
                nation=e.organisation.nation,
                start=e.period.start,
                end=e.period.end,
                framework_adopted_on=e.organisation.framework_adopted_on,
            )
            for e in exports
        ),
        key=lambda o: (o.name, o.start),
    )
    return National(organisations, years, _measure_totals(exports), stage_tables, funnels)


# ---------------------------------------------------------------------------------------------------------------
# The aggregate as JSON


def _fraction(value: Fraction | float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def _summed(value: Summed) -> dict[str, Any]:
    return {"known": value.known, "not_published": value.left_out, "at_least": not value.complete}


def _measure_json(m: MeasureTotal) -> dict[str, Any]:
    return {
        "numerator": _summed(m.numerator),
        "denominator": _summed(m.denominator),
        "value": _fraction(m.value, 6),
        "organisation_years_in_value": m.counted,
    }


def national_as_json(national: National) -> dict[str, Any]:
    """Totals are {known, not_published, at_least}: `known` sums the published counts; `not_published` counts the
    organisation years whose count is null (small numbers), so with any the true total is at least `known`.
    Rates, ratios and intervals use only the organisation years whose every count is published."""
    return {
        "schema_version": SCHEMA_VERSION,
        "organisations": [
            {
                "ods_code": o.ods_code,
                "name": o.name,
                "nation": o.nation,
                "from": o.start.isoformat(),
                "to": o.end.isoformat(),
                "framework_adopted_on": o.framework_adopted_on.isoformat()
                if o.framework_adopted_on
                else None,
            }
            for o in national.organisations
        ],
        "years": national.years,
        "measures": [
            {
                "key": m.key,
                "kind": m.kind,
                **_measure_json(m),
                "by_year": {y: _measure_json(v) for y, v in m.by_year.items()},
            }
            for m in national.measures
        ],
        "disproportionality": [
            {
                "profession": t.profession,
                "dimension": t.dimension,
                "stage": t.stage,
                "year": t.year,
                "reference_group": t.reference,
                "entrants": _summed(t.entrants),
                "headcount": _summed(t.headcount),
                "groups": [
                    {
                        "group": g.group,
                        "entrants": _summed(g.entrants),
                        "headcount": _summed(g.headcount),
                        "organisation_years_compared": g.compared,
                        "rate": _fraction(g.comparison.rate, 6),
                        "relative_likelihood": _fraction(g.comparison.relative_likelihood, 4),
                        "ci_low": _fraction(g.comparison.ci_low, 4),
                        "ci_high": _fraction(g.comparison.ci_high, 4),
                        "flag": str(g.comparison.flag),
                        "significant": g.comparison.significant,
                    }
                    for g in t.groups
                ],
            }
            for t in national.tables
        ],
        "funnels": [
            {
                "profession": f.profession,
                "stage": f.stage,
                "overall_rate": _fraction(f.overall_rate, 6),
                "left_out": f.left_out,
                "points": [
                    {
                        "ods_code": p.ods_code,
                        "headcount": p.headcount,
                        "entrants": p.entrants,
                        "rate": _fraction(p.rate, 6),
                        "position": p.position,
                    }
                    for p in f.points
                ],
            }
            for f in national.funnels
        ],
    }
