"""The facts behind the disproportionality report, counted in the database.

Two sources count together: the organisation's live cases (Case, its practitioner and their EqualityRecord)
and imported `HistoricCase` rows. Practitioners are counted once per organisation (COUNT DISTINCT): a live
practitioner by their record, a historic one by their pseudonymous key, within the organisation that holds
it. The two sources cannot be linked, so a practitioner with both a live and a historic case in one period
counts in each; imports are meant for cases from before faircase.

What "reaching a stage" means for a live case is data, in STAGE_EVIDENCE below; for a historic case it is the
yes/no column of the same name in the import file.

Who may read the report is decided here too: the organisations come through `report_organisations_for`,
scoped to the user's roles (404 for anything else).
"""

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Field,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models import Case as CaseWhen
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from faircase.accounts import roles as R
from faircase.accounts.models import Organisation, Viewer
from faircase.accounts.selectors import organisations_with_role, roles_in
from faircase.cases.models import Case, Concern, StageMove
from faircase.process.models import RegulatorReferral, Restriction

from .choices import GROUPS, STAGES_IN_ORDER, Dimension, Stage, analysis_group, period_bounds, period_for
from .models import EqualityRecord, HistoricCase, WorkforceBaseline

# How many financial years a report may gather: one, or a rolling window of two or five ending with the period
# chosen (small numbers: the GMC gathers five years, WRES is thought to average two).
WINDOWS: tuple[int, ...] = (1, 2, 5)


def window_periods(period: str, window: int = 1) -> list[str]:
    """The `window` financial years ending with `period`, oldest first. ValueError for anything else."""
    first, _last = period_bounds(period)
    if window not in WINDOWS:
        raise ValueError(f"'{window}' is not a number of years to gather: choose 1, 2 or 5")
    return [period_for(dt.date(first.year - back, 4, 1)) for back in range(window - 1, -1, -1)]


# ---------------------------------------------------------------------------------------------------------------
# What counts as reaching each stage (one place; the report prints these definitions beside the numbers)


@dataclass(frozen=True)
class StageEvidence:
    """What in a live case shows that it reached a stage: any one of these is enough."""

    definition: str | Promise  # lazy: read in the language of the report
    moved_to_stages: tuple[str, ...] = ()
    restriction_kinds: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    regulator_referral: bool = False


STAGE_EVIDENCE: dict[str, StageEvidence] = {
    Stage.ANY_CONCERN: StageEvidence(definition=gettext_lazy("Every case: a concern was raised.")),
    Stage.FORMAL_INVESTIGATION: StageEvidence(
        definition=gettext_lazy("The case moved to the formal investigation stage at some point."),
        moved_to_stages=("formal_investigation",),
    ),
    Stage.EXCLUSION: StageEvidence(
        definition=gettext_lazy(
            "An immediate or formal exclusion, or a Performers List suspension, was recorded."
        ),
        restriction_kinds=("immediate_exclusion", "formal_exclusion", "pl_suspension"),
    ),
    Stage.SANCTION: StageEvidence(
        definition=gettext_lazy(
            "The case ended in a formal warning, a final written warning, conditions, dismissal or removal from "
            "the Performers List."
        ),
        outcomes=("warning", "final_warning", "conditions", "dismissal", "removal_from_list"),
    ),
    Stage.REGULATOR_REFERRAL: StageEvidence(
        definition=gettext_lazy(
            "A referral to the regulator was recorded, or the case ended referred to the regulator."
        ),
        outcomes=("referred_to_regulator",),
        regulator_referral=True,
    ),
}
# The yes/no column of an imported historic case for each stage (any concern: every row).
HISTORIC_COLUMN: dict[str, str | None] = {
    Stage.ANY_CONCERN: None,
    Stage.FORMAL_INVESTIGATION: "formal_investigation",
    Stage.EXCLUSION: "exclusion",
    Stage.SANCTION: "sanction",
    Stage.REGULATOR_REFERRAL: "regulator_referral",
}
# Each stage and the one after it. Progression counts practitioners with a case that reached both.
TRANSITIONS: tuple[tuple[str, str], ...] = tuple(
    (str(a), str(b)) for a, b in itertools.pairwise(STAGES_IN_ORDER)
)
# Live cases whose practitioner has no equality record at all: counted in the missing-data group, and shown
# separately to those who handle the data.
NO_RECORD = "_no_record"


def joint_measure(earlier: str, later: str) -> str:
    """The name of the count of practitioners with a case that reached both stages. Every case reached the
    first stage, so reaching it and the next is just reaching the next."""
    return later if earlier == Stage.ANY_CONCERN else f"{earlier}>{later}"


MEASURES: tuple[str, ...] = tuple(
    dict.fromkeys([*map(str, STAGES_IN_ORDER), *(joint_measure(a, b) for a, b in TRANSITIONS)])
)


def missing_group(dimension: str) -> str:
    return "not_stated" if dimension == Dimension.ETHNICITY else "not_known"


# ---------------------------------------------------------------------------------------------------------------
# Who may read the report


def report_organisations_for(user: Viewer) -> QuerySet[Organisation]:
    """Organisations whose statistics the user may read (published, or with small numbers)."""
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return organisations_with_role(user, R.READS_PUBLISHED_EQUALITY_STATISTICS).order_by("name")


def handles_data_in_all(user: Viewer, organisations: Iterable[Any]) -> bool:
    """Whether the user may see small numbers for every one of these organisations."""
    organisations = list(organisations)
    return bool(organisations) and all(roles_in(user, o) & R.HANDLES_EQUALITY_DATA for o in organisations)


# ---------------------------------------------------------------------------------------------------------------
# The facts


@dataclass(frozen=True)
class OrganisationRef:
    id: int
    slug: str
    name: str


@dataclass
class Facts:
    """Counts of distinct practitioners, by organisation and analysis group, for one profession and dimension.

    - counts[(organisation id, group)][measure] for the chosen period, or the window of `periods` ending with
      it (a practitioner counts once however many of its periods they had a case in): a measure is a stage
      (entrants) or a pair of stages (`formal_investigation>exclusion`: reached both in one case).
    - trend[(organisation id, period, group)]: entrants at the chosen stage in each period held.
    - baselines[(organisation id, period, group)]: headcount from the workforce baseline.
    - year_counts[(organisation id, period, group)][measure]: each year of the window on its own, every
      measure; only for a published window, whose block counts are decided against its years (disclosure.py).
    The group NO_RECORD holds live practitioners with no equality record at all.
    """

    organisations: list[OrganisationRef]
    period: str
    profession: str
    dimension: str
    stage: str
    counts: dict[tuple[int, str], dict[str, int]] = field(default_factory=dict)
    trend: dict[tuple[int, str, str], int] = field(default_factory=dict)
    baselines: dict[tuple[int, str, str], int] = field(default_factory=dict)
    year_counts: dict[tuple[int, str, str], dict[str, int]] = field(default_factory=dict)
    periods: list[str] = field(default_factory=list)  # the window, oldest first (empty: just `period`)

    @property
    def window_periods(self) -> list[str]:
        return self.periods or [self.period]


def report_facts(
    *,
    organisations: Sequence[Any],
    period: str,
    profession: str,
    dimension: str,
    stage: str,
    window: int = 1,
    by_year: bool = False,
) -> Facts:
    """Everything the report needs, in a handful of grouped queries whatever the number of cases. `by_year`:
    also count each year of a window on its own (one more grouped query per source)."""
    periods = window_periods(period, window)  # ValueError for anything but a financial year such as 2025-26
    if dimension not in GROUPS:
        raise ValueError(f"Unknown dimension '{dimension}'")
    if stage not in STAGE_EVIDENCE:
        raise ValueError(f"Unknown stage '{stage}'")
    refs = [OrganisationRef(id=o.pk, slug=o.slug, name=o.name) for o in organisations]
    facts = Facts(
        organisations=refs,
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        periods=periods,
    )
    ids = [r.id for r in refs]
    if not ids:
        return facts
    _add(facts.counts, _historic_counts(ids, periods, profession, dimension))
    _add(facts.counts, _live_counts(ids, periods, profession, dimension))
    if by_year and len(periods) > 1:
        _add(facts.year_counts, _historic_counts(ids, periods, profession, dimension, by_period=True))
        _add(facts.year_counts, _live_counts(ids, periods, profession, dimension, by_period=True))
    for key, value in [
        *_historic_trend(ids, profession, dimension, stage),
        *_live_trend(ids, profession, dimension, stage),
    ]:
        facts.trend[key] = facts.trend.get(key, 0) + value
    for row in WorkforceBaseline.objects.filter(
        organisation_id__in=ids, profession=profession, dimension=dimension
    ).values_list("organisation_id", "period", "group", "headcount"):
        facts.baselines[(row[0], row[1], row[2])] = row[3]
    return facts


def _add(into: dict[Any, dict[str, int]], rows: Iterable[tuple[Any, dict[str, int]]]) -> None:
    for key, measures in rows:
        target = into.setdefault(key, dict.fromkeys(MEASURES, 0))
        for name, value in measures.items():
            target[name] += value


# Historic cases: plain SQL over one table, read through the covering index historic_report_covering
# (organisation, profession, period, practitioner, then every group and stage column: ADR 40), so that neither
# database reads the table itself or sorts all the rows at once.


def _column(dimension: str) -> str:
    # Only ever one of the five dimension columns (checked against GROUPS before this is called).
    field = HistoricCase._meta.get_field(dimension)
    assert isinstance(field, Field) and field.column is not None
    return connection.ops.quote_name(field.column)


def _condition(measure: str) -> str | None:
    stages = measure.split(">")
    columns = [connection.ops.quote_name(c) for c in (HISTORIC_COLUMN[s] for s in stages) if c]
    return " AND ".join(columns) if columns else None


def historic_counts_sql(
    ids: Sequence[int],
    profession: str,
    dimension: str,
    *,
    periods: Sequence[str] = (),
    stage: str | None = None,
    by_period: bool = False,
) -> tuple[str, list]:
    """One statement that counts distinct practitioners without a distinct count per measure: the inner query
    makes one row per practitioner and group (and period), with 1 for each measure any of their cases reached;
    the outer one adds those rows up per group.

    `periods`: the years to count, asked as one period or a range so that the index keeps its order (none: every
    period held, as the trend shows them). `stage`: only that measure, its condition in the WHERE (the trend);
    otherwise every measure. `by_period` (or a trend): grouped by period too."""
    column = _column(dimension)
    placeholders = ", ".join(["%s"] * len(ids))
    where = [f"organisation_id IN ({placeholders})", "profession = %s"]
    params: list = [*ids, profession]
    if len(periods) == 1:
        where.append("period = %s")
        params.append(periods[0])
    elif periods:
        where.append("period BETWEEN %s AND %s")
        params += [min(periods), max(periods)]
    measures = [stage] if stage else list(MEASURES)
    if stage and (condition := _condition(stage)):
        where.append(condition)
        measures = [Stage.ANY_CONCERN]  # of the rows that reached it, every practitioner
    conditions = {i: _condition(m) for i, m in enumerate(measures)}
    reached = "".join(f", MAX(CASE WHEN {c} THEN 1 ELSE 0 END) AS m{i}" for i, c in conditions.items() if c)
    counts = ", ".join(f"SUM(m{i})" if c else "COUNT(*)" for i, c in conditions.items())
    period = "period, " if by_period or stage else ""
    table = connection.ops.quote_name(HistoricCase._meta.db_table)
    sql = (
        f"SELECT organisation_id, {period}grouped, {counts} FROM ("  # noqa: S608 (names from code)
        f"SELECT organisation_id, {period}{column} AS grouped{reached} FROM {table} WHERE {' AND '.join(where)} "
        f"GROUP BY organisation_id, {period}practitioner_key, {column}"
        f") AS per_practitioner GROUP BY organisation_id, {period}grouped"
    )
    return sql, params


def _historic_counts(
    ids: Sequence[int], periods: Sequence[str], profession: str, dimension: str, *, by_period: bool = False
) -> list:
    """Keyed (organisation, group), or (organisation, period, group) `by_period`."""
    sql, params = historic_counts_sql(ids, profession, dimension, periods=periods, by_period=by_period)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if by_period:
        return [((row[0], row[1], row[2]), dict(zip(MEASURES, row[3:], strict=True))) for row in rows]
    return [((row[0], row[1]), dict(zip(MEASURES, row[2:], strict=True))) for row in rows]


def _historic_trend(ids: Sequence[int], profession: str, dimension: str, stage: str) -> list:
    """Entrants at the stage in every period held, keyed (organisation, period, group)."""
    sql, params = historic_counts_sql(ids, profession, dimension, stage=stage)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [((row[0], row[1], row[2]), row[3]) for row in rows]


# Live cases: the ORM, grouped in the database.


def _reached(evidence: StageEvidence) -> Q:
    """A case that reached the stage, by the evidence (an empty definition: every case)."""
    case = OuterRef("pk")
    any_of = Q()
    if evidence.moved_to_stages:
        any_of |= Q(Exists(StageMove.objects.of_case(case).filter(to_stage__in=evidence.moved_to_stages)))
        any_of |= Q(stage__in=evidence.moved_to_stages)
    if evidence.restriction_kinds:
        any_of |= Q(Exists(Restriction.objects.of_case(case).filter(kind__in=evidence.restriction_kinds)))
    if evidence.outcomes:
        any_of |= Q(outcome__in=evidence.outcomes)
    if evidence.regulator_referral:
        any_of |= Q(Exists(RegulatorReferral.objects.of_case(case)))
    return any_of if any_of else Q(pk__isnull=False)


def _group_expression(dimension: str) -> CaseWhen:
    """The analysis group of the case's practitioner, from their equality record (NO_RECORD without one)."""
    field = EqualityRecord._meta.get_field(dimension)
    assert isinstance(field, Field) and field.choices is not None
    groups: dict[str, list[str]] = defaultdict(list)
    for value, _label in field.choices:
        groups[analysis_group(dimension, value)].append(value)
    path = f"practitioner__equality__{dimension}"
    whens = [When(**{f"{path}__in": values}, then=Value(group)) for group, values in groups.items()]
    return CaseWhen(*whens, default=Value(NO_RECORD))


def _live_cases(ids: Sequence[int], profession: str, dimension: str) -> QuerySet[Case]:
    first_raised = Subquery(
        Concern.objects.filter(case=OuterRef("pk")).order_by("raised_on").values("raised_on")[:1]
    )
    flags = {
        f"reached_{stage}": ExpressionWrapper(_reached(STAGE_EVIDENCE[stage]), output_field=BooleanField())
        for stage in map(str, STAGES_IN_ORDER)
        if stage != Stage.ANY_CONCERN
    }
    return (
        Case.objects.for_system("statistics")
        .filter(organisation_id__in=ids, practitioner__profession=profession)
        .annotate(raised=first_raised, analysis_group=_group_expression(dimension), **flags)
        .filter(raised__isnull=False)
        .order_by()
    )


def _live_filter(measure: str) -> Q | None:
    stages = [s for s in measure.split(">") if s != Stage.ANY_CONCERN]
    return Q(*(Q(**{f"reached_{s}": True}) for s in stages)) if stages else None


def _live_counts(
    ids: Sequence[int], periods: Sequence[str], profession: str, dimension: str, *, by_period: bool = False
) -> list:
    """Keyed (organisation, group), or (organisation, period, group) `by_period`."""
    first, last = period_bounds(periods[0])[0], period_bounds(periods[-1])[1]
    counts = {
        f"n{i}": Count("practitioner_id", distinct=True, filter=_live_filter(m))
        for i, m in enumerate(MEASURES)
    }
    # `raised` is annotated by _live_cases; the type checker's plugin sees only the model's own fields.
    cases = _live_cases(ids, profession, dimension).filter(raised__gte=first, raised__lte=last)  # type: ignore[misc]
    grouping = ["organisation_id", "analysis_group"]
    if by_period:
        cases = _with_year_started(cases)
        grouping.append("year_started")
    rows = cases.values(*grouping).annotate(**counts)

    def key(row: dict) -> tuple:
        if by_period:
            year = period_for(dt.date(row["year_started"], 4, 1))
            return (row["organisation_id"], year, row["analysis_group"])
        return (row["organisation_id"], row["analysis_group"])

    return [(key(row), {m: row[f"n{i}"] for i, m in enumerate(MEASURES)}) for row in rows]


def _with_year_started(cases: QuerySet[Case]) -> QuerySet[Any]:
    """Each case's financial year as the calendar year it started in (April to March)."""
    year_started = CaseWhen(When(Q(raised_month__gte=4), then=F("raised_year")), default=F("raised_year") - 1)
    return cases.annotate(raised_year=ExtractYear("raised"), raised_month=ExtractMonth("raised")).annotate(
        year_started=year_started
    )


def _live_trend(ids: Sequence[int], profession: str, dimension: str, stage: str) -> list:
    cases = _live_cases(ids, profession, dimension)
    condition = _live_filter(stage)
    if condition is not None:
        cases = cases.filter(condition)
    rows = (
        _with_year_started(cases)
        .values("organisation_id", "year_started", "analysis_group")
        .annotate(entrants=Count("practitioner_id", distinct=True))
    )
    return [
        (
            (row["organisation_id"], period_for(dt.date(row["year_started"], 4, 1)), row["analysis_group"]),
            row["entrants"],
        )
        for row in rows
    ]


def periods_held(organisations: Iterable[Any]) -> list[str]:
    """The periods with a workforce baseline for any of these organisations, oldest first."""
    ids = [o.pk for o in organisations]
    return sorted(
        WorkforceBaseline.objects.filter(organisation_id__in=ids).values_list("period", flat=True).distinct()
    )
