"""The disproportionality report: for organisations, a period, a profession, a dimension and a stage, each
group's headcount, entrants, rate and relative likelihood against the reference group, with missing data,
progression from each stage to the next, the trend over the periods held and, for several organisations, a
funnel plot.

`build_report()` reads the facts (faircase.equality.selectors_report) and `assemble()` turns them into a
`Report` without touching the database, so the arithmetic and the suppression can be tested on any numbers.
A published report (`publish=True`: the board report, and every export that leaves the team handling the
data) leaves out every count of 1 to 4 and every cell from which one could be worked out, in this report or
by setting it against any other the reader may ask for (faircase.equality.disclosure), with the rates and
ratios made from them. `report_as_json()` is the JSON of issue 5 item 4; `report_for()` builds a report for
someone and writes the audit event.
"""

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from faircase.cases.choices import Profession
from faircase.core import audit
from faircase.core.formatting import counted, pluralise

from . import disclosure
from . import statistics as st
from .choices import DEFAULT_REFERENCE, GROUPS, NOT_COMPARED, Dimension, Stage, period_bounds
from .selectors_report import (
    MEASURES,
    NO_RECORD,
    STAGE_EVIDENCE,
    TRANSITIONS,
    WINDOWS,
    Facts,
    OrganisationRef,
    joint_measure,
    missing_group,
    report_facts,
)

ALL = disclosure.ALL  # the key of a total beside the groups


class ReportError(ValueError):
    """A report asked for with something that is not one of the choices."""


# ---------------------------------------------------------------------------------------------------------------
# What a report holds: numbers only (the presenter words them)


@dataclass(frozen=True)
class GroupRow:
    group: str
    label: str
    headcount: int | None
    entrants: int | None
    rate: Fraction | None = None
    relative_likelihood: Fraction | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    flag: str = st.Flag.WITHIN
    significant: bool | None = None
    suppressed: bool = False
    problem: str = ""  # a plain-words reason there is no rate (no baseline, more entrants than the baseline)


@dataclass(frozen=True)
class Total:
    headcount: int | None
    entrants: int | None
    rate: Fraction | None
    suppressed: bool = False


@dataclass(frozen=True)
class MissingData:
    group: str
    label: str
    entrants: int | None
    entrants_share: Fraction | None
    headcount: int | None
    headcount_share: Fraction | None
    no_record: int | None  # live practitioners with no equality record at all (never in a published report)
    suppressed: bool = False


@dataclass(frozen=True)
class Transition:
    """From one stage to the next: of the practitioners who reached `from_stage` (rows' headcount), how many
    reached `to_stage` in the same case (rows' entrants), and each group's likelihood of moving on."""

    from_stage: str
    to_stage: str
    rows: list[GroupRow]
    total: Total


@dataclass(frozen=True)
class TrendPeriod:
    period: str
    rows: list[GroupRow]
    total: Total
    left_out: list[str] = field(default_factory=list)  # organisations without a baseline for the period


@dataclass(frozen=True)
class FunnelPoint:
    slug: str
    name: str
    headcount: int | None
    entrants: int | None
    rate: Fraction | None
    position: str | None
    suppressed: bool = False


@dataclass(frozen=True)
class Funnel:
    overall_rate: Fraction | None  # None: not shown (small numbers) or no baseline
    points: list[FunnelPoint]


@dataclass(frozen=True)
class Report:
    organisations: list[OrganisationRef]
    period: str
    profession: str
    dimension: str
    stage: str
    reference_group: str
    published: bool
    groups: list[GroupRow]
    total: Total
    missing: MissingData
    progression: list[Transition]
    trend: list[TrendPeriod]
    funnel: Funnel | None
    left_out: list[str]  # organisations without a baseline for the period, left out of the rates
    # The years gathered (window): `periods` oldest first, ending with `period`. For each organisation counted,
    # the periods of the window it holds no baseline for (its headcount is the mean of the others).
    window: int = 1
    periods: list[str] = field(default_factory=list)
    baseline_periods: list[str] = field(
        default_factory=list
    )  # window periods with a baseline (any organisation)
    missing_baselines: list[tuple[str, str]] = field(default_factory=list)  # (organisation name, period)

    @property
    def several(self) -> bool:
        return len(self.organisations) > 1

    @property
    def period_text(self) -> str:
        """'2025-26', or '2021-22 to 2025-26 (5 years)'."""
        if self.window == 1 or not self.periods:
            return self.period
        return _("%(first)s to %(last)s (%(years)s)") % {
            "first": self.periods[0],
            "last": self.periods[-1],
            "years": pluralise(self.window, counted("year", "years")),
        }

    @property
    def definitions(self) -> list[tuple[str, str]]:
        return definitions(self.stage, window=self.window)


def definitions(stage: str, *, window: int = 1) -> list[tuple[str, str]]:
    """What each figure means, printed beside the numbers, in the language in use."""
    years = pluralise(window, counted("year", "years"))
    if window == 1:
        headcount = _(
            "Practitioners of the profession in the group, from the organisation's workforce baseline for the "
            "period."
        )
        entrants = _(
            "Distinct practitioners with a case raised in the period (the date of its earliest concern) that "
            "reached the stage. %(evidence)s Cases imported from earlier systems count by their own yes or no "
            "answer for the stage."
        )
    else:
        headcount = _(
            "Practitioners of the profession in the group: the mean of the organisation's workforce baselines over "
            "the %(years)s gathered, counting only the years it holds a baseline for, rounded to the nearest whole "
            "practitioner (halves up). Summed over organisations."
        ) % {"years": years}
        entrants = _(
            "Distinct practitioners with a case raised in any of the %(years)s gathered (counted once however many "
            "years they had a case in) (the date of its earliest concern) that reached the stage. %(evidence)s "
            "Cases imported from earlier systems count by their own yes or no answer for the stage."
        )
    return [
        (_("Headcount"), headcount),
        (_("Entrants"), entrants % {"years": years, "evidence": str(STAGE_EVIDENCE[stage].definition)}),
        (_("Rate"), _("Entrants divided by headcount.")),
        (
            _("Relative likelihood"),
            _(
                "The group's rate divided by the reference group's rate: 1 means equally likely, 2 twice as likely. "
                "0.80 to 1.25 is the non-adverse range used by the Workforce Race Equality Standard."
            ),
        ),
        (
            _("95% confidence interval"),
            _(
                "Log method: the standard error of ln(relative likelihood) is the square root of 1/a - 1/n1 + 1/c - "
                "1/n2, where a of n1 in the group and c of n2 in the reference group entered. The result is "
                "significant when the interval does not include 1."
            ),
        ),
        (
            _("Too few to compare"),
            _(
                "The group or the reference group has fewer than %(minimum)s entrants: no ratio or interval is "
                "given, because it would not be stable."
            )
            % {"minimum": st.MINIMUM_ENTRANTS},
        ),
        (
            _("Not compared"),
            _("Practitioners whose answer is not stated or not known: counted and shown, never compared."),
        ),
        (
            _("Small numbers"),
            _(
                "A published report leaves out counts of 1 to 4, any figure from which one could be worked out (a "
                "total minus the others, or one published report set against another), and the rates and ratios "
                "made from them. Each organisation's figures for a year are decided on their own, the same in every "
                "report; a figure for several organisations is shown only where each organisation's is. A published "
                "report gathers 1 year, or the fixed %(years)s ending with %(ends)s."
            )
            % {
                "years": pluralise(disclosure.BLOCK_YEARS, counted("year", "years")),
                "ends": disclosure.block_ends(),
            },
        ),
        (
            _("Funnel plot"),
            _(
                "Each organisation's rate against the overall rate, with control limits at 95% and 99.8% from the "
                "normal approximation to the binomial: overall rate plus or minus z times the square root of "
                "rate times (1 - rate) divided by headcount."
            ),
        ),
    ]


# ---------------------------------------------------------------------------------------------------------------
# Building a report


def check_choices(
    *, period: str, profession: str, dimension: str, stage: str, reference: str | None, window: int = 1
) -> str:
    """The reference group to use; ReportError naming the first choice that is not valid."""
    try:
        period_bounds(period)
    except ValueError as error:
        raise ReportError(str(error)) from None
    if window not in WINDOWS:
        raise ReportError(f"'{window}' is not a number of years to gather: choose 1, 2 or 5")
    if profession not in Profession.values:
        raise ReportError(f"Unknown profession '{profession}': choose one of {', '.join(Profession.values)}")
    if dimension not in Dimension.values:
        raise ReportError(f"Unknown dimension '{dimension}': choose one of {', '.join(Dimension.values)}")
    if stage not in Stage.values:
        raise ReportError(f"Unknown stage '{stage}': choose one of {', '.join(Stage.values)}")
    comparable = [g for g in GROUPS[dimension].values if g not in NOT_COMPARED]
    chosen = reference or str(DEFAULT_REFERENCE[dimension])
    if chosen not in comparable:
        raise ReportError(
            f"'{chosen}' cannot be the reference group for {dimension}: choose one of {', '.join(comparable)}"
        )
    return chosen


def build_report(
    *,
    organisations: Sequence[Any],
    period: str,
    profession: str,
    dimension: str,
    stage: str,
    reference: str | None = None,
    publish: bool = False,
    window: int = 1,
) -> Report:
    """The report for these organisations (already checked as ones the reader may see). `window`: gather the
    1, 2 or 5 financial years ending with `period`."""
    reference_group = check_choices(
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        reference=reference,
        window=window,
    )
    if not organisations:
        raise ReportError("Choose at least one organisation")
    if publish and (problem := disclosure.published_window_problem(period, window)):
        raise ReportError(problem)
    facts = report_facts(
        organisations=organisations,
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        window=window,
        by_year=publish,
    )
    return assemble(facts, reference=reference_group, publish=publish)


@transaction.atomic
def report_for(
    *,
    by: Any,
    organisations: Sequence[Any],
    period: str,
    profession: str,
    dimension: str,
    stage: str,
    reference: str | None = None,
    publish: bool = False,
    channel: str = "page",
    window: int = 1,
) -> Report:
    """Build the report and record who read it, how, and whether small numbers were shown."""
    report = build_report(
        organisations=organisations,
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        reference=reference,
        publish=publish,
        window=window,
    )
    record_read(by=by, report=report, channel=channel, organisations=organisations)
    return report


def record_read(*, by: Any, report: Report, channel: str, organisations: Sequence[Any]) -> None:
    slugs = [o.slug for o in report.organisations]
    who = slugs[0] if len(slugs) == 1 else f"{len(slugs)} organisations"
    audit.record(
        by=by,
        action="equality.report_read",
        object_type="equality.report",
        # The audit trail keeps 64 characters here; the detail names every organisation.
        object_id=f"{who}:{report.period}:{report.profession}:{report.dimension}:{report.stage}"[:64],
        organisation=organisations[0] if len(organisations) == 1 else None,
        detail={
            "channel": channel,
            "organisations": slugs,
            "period": report.period,
            "profession": report.profession,
            "dimension": report.dimension,
            "stage": report.stage,
            "reference_group": report.reference_group,
            "published": report.published,
            **({"window": report.window, "periods": report.periods} if report.window > 1 else {}),
        },
    )


# ---------------------------------------------------------------------------------------------------------------
# From facts to a report (no database)


class _Numbers:
    """The counts a report shows, each under a key, summed over the organisations that count for a period.

    The chosen period's numbers are under `self.key`: the period itself, or for a window of several years a
    key of its own ("2024-25..2025-26"), so that the trend can still show each single year beside it."""

    def __init__(self, facts: Facts) -> None:
        self.facts = facts
        self.groups = [str(g) for g in GROUPS[facts.dimension].values]
        self.missing = missing_group(facts.dimension)
        self.values: dict[Hashable, int | None] = {}
        self.used: dict[str, list[OrganisationRef]] = {}
        self.left_out: dict[str, list[str]] = {}
        self.window = facts.window_periods
        self.key = facts.period if len(self.window) == 1 else f"{self.window[0]}..{self.window[-1]}"
        self.covered: dict[str, set[int]] = {}
        for org, p, _g in facts.baselines:
            self.covered.setdefault(p, set()).add(org)

    def organisations_for(self, period: str) -> list[OrganisationRef]:
        """Organisations with a baseline for the period (every one, when none has); for the window's key, a
        baseline for any of its years."""
        if period not in self.used:
            periods = self.window if period == self.key else [period]
            ids = set().union(*(self.covered.get(p, set()) for p in periods))
            used = [o for o in self.facts.organisations if o.id in ids] or list(self.facts.organisations)
            used_ids = {o.id for o in used}
            self.used[period] = used
            self.left_out[period] = [o.name for o in self.facts.organisations if o.id not in used_ids]
        return self.used[period]

    def missing_baselines(self) -> list[tuple[str, str]]:
        """(organisation, period) for each year of a window an organisation counted holds no baseline for."""
        if len(self.window) == 1:
            return []
        return [
            (o.name, p)
            for o in self.organisations_for(self.key)
            for p in self.window
            if o.id not in self.covered.get(p, set())
        ]

    def mean_headcount(self, org: int, group: str) -> int | None:
        """The group's headcount over the window: the mean of the years with a baseline, halves rounded up (a
        single year: its headcount)."""
        held = [
            self.facts.baselines[(org, p, group)]
            for p in self.window
            if (org, p, group) in self.facts.baselines
        ]
        if not held:
            return None
        return math.floor(Fraction(sum(held), len(held)) + Fraction(1, 2))

    def group_of(self, group: str) -> str:
        return self.missing if group == NO_RECORD else group

    def add_partition(self, total: Hashable, parts: dict[Hashable, int | None]) -> None:
        present = [v for v in parts.values() if v is not None]
        self.values.update(parts)
        self.values[total] = sum(present) if present else None

    def headcounts(self, period: str) -> None:
        orgs = {o.id for o in self.organisations_for(period)}
        sums: dict[str, int | None] = dict.fromkeys(self.groups)
        for (org, p, group), headcount in self.facts.baselines.items():
            if p == period and org in orgs and group in sums:
                sums[group] = (sums[group] or 0) + headcount
        self.add_partition(("h", period, ALL), {("h", period, g): sums[g] for g in self.groups})

    def window_headcounts(self) -> None:
        sums: dict[str, int | None] = dict.fromkeys(self.groups)
        for org in self.organisations_for(self.key):
            for group in self.groups:
                mean = self.mean_headcount(org.id, group)
                if mean is not None:
                    sums[group] = (sums[group] or 0) + mean
        self.add_partition(("h", self.key, ALL), {("h", self.key, g): sums[g] for g in self.groups})

    def current(self) -> None:
        orgs = {o.id for o in self.organisations_for(self.key)}
        sums = {m: dict.fromkeys(self.groups, 0) for m in MEASURES}
        no_record = 0
        for (org, group), measures in self.facts.counts.items():
            if org not in orgs or self.group_of(group) not in sums[MEASURES[0]]:
                continue
            for m in MEASURES:
                sums[m][self.group_of(group)] += measures[m]
            if group == NO_RECORD:
                no_record += measures[self.facts.stage]
        self.no_record = no_record
        for m in MEASURES:
            key = ("e", self.key, m)
            self.add_partition((*key, ALL), {(*key, g): sums[m][g] for g in self.groups})
        if len(self.window) == 1:
            self.headcounts(self.key)
        else:
            self.window_headcounts()

    def trend(self) -> list[str]:
        """Single years, each period held (with a window, the chosen period is counted again on its own)."""
        periods = {p for _o, p, _g in self.facts.baselines} | {p for _o, p, _g in self.facts.trend}
        periods = sorted(periods | {self.facts.period})
        for period in periods:
            if period == self.key:
                continue
            orgs = {o.id for o in self.organisations_for(period)}
            sums = dict.fromkeys(self.groups, 0)
            for (org, p, group), entrants in self.facts.trend.items():
                if p == period and org in orgs and self.group_of(group) in sums:
                    sums[self.group_of(group)] += entrants
            key = ("e", period, self.facts.stage)
            self.add_partition((*key, ALL), {(*key, g): sums[g] for g in self.groups})
            self.headcounts(period)
        return periods

    def funnel(self) -> list[OrganisationRef]:
        stage = self.facts.stage
        orgs = self.organisations_for(self.key)
        entrants: dict[Hashable, int | None] = {}
        headcounts: dict[Hashable, int | None] = {}
        own_entrants: dict[int, int] = {}
        for (org_id, group), measures in self.facts.counts.items():
            if self.group_of(group) in self.groups:
                own_entrants[org_id] = own_entrants.get(org_id, 0) + measures[stage]
        for org in orgs:
            means = [m for m in (self.mean_headcount(org.id, g) for g in self.groups) if m is not None]
            entrants[("oe", org.id)] = own_entrants.get(org.id, 0)
            headcounts[("oh", org.id)] = sum(means) if means else None
        self.values.update(entrants)
        self.values.update(headcounts)
        return orgs


HEADCOUNT = "headcount"  # the measure of a headcount table, beside the stages


def give_up_first(dimension: str) -> disclosure.Order:
    """The order in which groups are left out to protect a small count, the same whatever the request (so the
    reference group chosen cannot change what is shown): the missing-data group first, the usual reference
    group last, so that comparisons survive where they can."""
    missing, usual = missing_group(dimension), str(DEFAULT_REFERENCE[dimension])
    return lambda group: 0 if group == missing else 2 if group == usual else 1


class _Published:
    """Which cells a published report leaves out (docs/adr/0008, issue 9).

    Each organisation's tables (a year, or a fixed five-year block; a measure or the headcount) are decided on
    their own by faircase.equality.disclosure, whatever else the request holds, so every report that shows a
    table shows it alike. A cell for several organisations is left out when any of them leaves it out: shown,
    it is a sum of counts already published, and adds nothing a reader could subtract."""

    def __init__(self, numbers: _Numbers) -> None:
        self.numbers = numbers
        facts = numbers.facts
        self.order = give_up_first(facts.dimension)
        self.decided: dict[tuple[int, str, str], set[Hashable]] = {}
        # The facts by organisation (and year), so that each table is read once.
        self.chosen: dict[int, list[tuple[str, dict[str, int]]]] = {}
        for (org, group), measures in facts.counts.items():
            self.chosen.setdefault(org, []).append((group, measures))
        self.years: dict[tuple[int, str], list[tuple[str, dict[str, int]]]] = {}
        for (org, period, group), measures in facts.year_counts.items():
            self.years.setdefault((org, period), []).append((group, measures))
        self.trend: dict[tuple[int, str], list[tuple[str, dict[str, int]]]] = {}
        for (org, period, group), entrants in facts.trend.items():
            self.trend.setdefault((org, period), []).append((group, {facts.stage: entrants}))

    def _entrants(self, org: int, period: str, measure: str) -> dict[Hashable, int | None]:
        """One organisation's entrants by group: the chosen period or window, or one year of the trend or the
        window. A year's count at the chosen stage comes from the trend, as shown."""
        n = self.numbers
        if period == n.key:
            rows = self.chosen.get(org, [])
        elif measure == n.facts.stage:
            rows = self.trend.get((org, period), [])
        else:
            rows = self.years.get((org, period), [])
        parts: dict[Hashable, int | None] = dict.fromkeys(n.groups, 0)
        for group, measures in rows:
            if n.group_of(group) in parts:
                parts[n.group_of(group)] = int(parts[n.group_of(group)] or 0) + measures[measure]
        return parts

    def _headcounts(self, org: int, period: str) -> dict[Hashable, int | None]:
        n = self.numbers
        if period == n.key and len(n.window) > 1:
            return {g: n.mean_headcount(org, g) for g in n.groups}
        return {g: n.facts.baselines.get((org, period, g)) for g in n.groups}

    def _parts(self, org: int, period: str, measure: str) -> dict[Hashable, int | None]:
        return self._headcounts(org, period) if measure == HEADCOUNT else self._entrants(org, period, measure)

    def hidden_in(self, org: int, period: str, measure: str) -> set[Hashable]:
        """The cells (groups, ALL) left out of one organisation's table."""
        key = (org, period, measure)
        if key not in self.decided:
            parts = self._parts(org, period, measure)
            if period == self.numbers.key and len(self.numbers.window) > 1:
                years = [
                    disclosure.YearTable(
                        parts=self._parts(org, year, measure), hidden=self.hidden_in(org, year, measure)
                    )
                    for year in self.numbers.window
                ]
                self.decided[key] = disclosure.hide_in_block(years, parts, give_up_first=self.order)
            else:
                self.decided[key] = disclosure.hide_in_table(parts, give_up_first=self.order)
        return self.decided[key]

    def cells(self) -> set[Hashable]:
        """Every cell of the report (as _Numbers keys it) that a published report leaves out."""
        n, stage = self.numbers, self.numbers.facts.stage
        hidden: set[Hashable] = set()
        for key in n.values:
            kind = key[0]
            if kind in ("oe", "oh"):  # a funnel point: one organisation's total
                measure = stage if kind == "oe" else HEADCOUNT
                if ALL in self.hidden_in(key[1], n.key, measure):
                    hidden.add(key)
                continue
            period, cell = key[1], key[-1]
            measure = key[2] if kind == "e" else HEADCOUNT
            if any(cell in self.hidden_in(o.id, period, measure) for o in n.organisations_for(period)):
                hidden.add(key)
        return hidden


def assemble(facts: Facts, *, reference: str, publish: bool) -> Report:
    """The report from the facts: comparisons on the true numbers, then (published) the cells left out, and
    everything made from them."""
    numbers = _Numbers(facts)
    numbers.current()
    periods = numbers.trend()
    several = len(facts.organisations) > 1
    funnel_orgs = numbers.funnel() if several else []
    values = numbers.values
    if publish:
        problem = disclosure.published_window_problem(facts.period, len(numbers.window))
        if problem:
            raise ReportError(problem)
        hidden = _Published(numbers).cells()
    else:
        hidden = set()
    period, stage, key = facts.period, facts.stage, numbers.key

    def rows_for(
        entrants_key: tuple, headcount_key: tuple, *, progression: bool = False
    ) -> tuple[list[GroupRow], Total]:
        ref_e, ref_h = values[(*entrants_key, reference)], values[(*headcount_key, reference)]
        ref_hidden = (*entrants_key, reference) in hidden or (*headcount_key, reference) in hidden
        rows = []
        for group in numbers.groups:
            e_key, h_key = (*entrants_key, group), (*headcount_key, group)
            entrants, headcount = values[e_key], values[h_key]
            comparison = st.compare(
                group=group,
                reference=reference,
                entrants=entrants,
                headcount=headcount,
                reference_entrants=ref_e,
                reference_headcount=ref_h,
            )
            flag = comparison.flag
            problem = st.baseline_problem(entrants, headcount)
            if progression:
                problem = ""
                if flag == st.Flag.NO_BASELINE:
                    flag = st.Flag.TOO_FEW
            suppressed = e_key in hidden or h_key in hidden
            if suppressed or (ref_hidden and flag not in (st.Flag.REFERENCE, st.Flag.NOT_COMPARED)):
                shown_flag = flag if flag in (st.Flag.REFERENCE, st.Flag.NOT_COMPARED) else st.Flag.TOO_FEW
                rows.append(
                    GroupRow(
                        group=group,
                        label=str(GROUPS[facts.dimension](group).label),
                        headcount=None if h_key in hidden else headcount,
                        entrants=None if e_key in hidden else entrants,
                        rate=None if suppressed else comparison.rate,
                        flag=shown_flag,
                        suppressed=suppressed,
                    )
                )
                continue
            rows.append(
                GroupRow(
                    group=group,
                    label=str(GROUPS[facts.dimension](group).label),
                    headcount=headcount,
                    entrants=entrants,
                    rate=comparison.rate,
                    relative_likelihood=comparison.relative_likelihood,
                    ci_low=comparison.ci_low,
                    ci_high=comparison.ci_high,
                    flag=flag,
                    significant=comparison.significant,
                    problem=problem,
                )
            )
        return rows, _total((*entrants_key, ALL), (*headcount_key, ALL), values, hidden)

    groups, total = rows_for(("e", key, stage), ("h", key))
    progression = []
    for earlier, later in TRANSITIONS:
        rows, t = rows_for(("e", key, joint_measure(earlier, later)), ("e", key, earlier), progression=True)
        progression.append(Transition(from_stage=earlier, to_stage=later, rows=rows, total=t))
    trend = []
    for p in periods:
        rows, t = rows_for(("e", p, stage), ("h", p))
        trend.append(TrendPeriod(period=p, rows=rows, total=t, left_out=numbers.left_out.get(p, [])))
    missing_row = next(r for r in groups if r.group == numbers.missing)
    return Report(
        organisations=list(facts.organisations),
        period=period,
        profession=facts.profession,
        dimension=facts.dimension,
        stage=stage,
        reference_group=reference,
        published=publish,
        groups=groups,
        total=total,
        missing=MissingData(
            group=missing_row.group,
            label=missing_row.label,
            entrants=missing_row.entrants,
            entrants_share=_share(missing_row.entrants, total.entrants),
            headcount=missing_row.headcount,
            headcount_share=_share(missing_row.headcount, total.headcount),
            no_record=None if publish else numbers.no_record,
            suppressed=missing_row.suppressed,
        ),
        progression=progression,
        trend=trend,
        funnel=_funnel(funnel_orgs, values, hidden, key, stage) if several else None,
        left_out=numbers.left_out.get(key, []),
        window=len(numbers.window),
        periods=list(numbers.window),
        baseline_periods=[
            p for p in numbers.window if numbers.covered.get(p, set()) & {o.id for o in facts.organisations}
        ],
        missing_baselines=numbers.missing_baselines(),
    )


def _share(part: int | None, whole: int | None) -> Fraction | None:
    if part is None or not whole:
        return None
    return Fraction(part, whole)


def _total(e_key: tuple, h_key: tuple, values: dict, hidden: set) -> Total:
    entrants, headcount = values[e_key], values[h_key]
    suppressed = e_key in hidden or h_key in hidden
    return Total(
        headcount=None if h_key in hidden else headcount,
        entrants=None if e_key in hidden else entrants,
        rate=None if suppressed else st.rate(entrants, headcount),
        suppressed=suppressed,
    )


def _funnel(orgs: list[OrganisationRef], values: dict, hidden: set, period: str, stage: str) -> Funnel:
    t_key, h_key = ("e", period, stage, ALL), ("h", period, ALL)
    overall = None if (t_key in hidden or h_key in hidden) else st.rate(values[t_key], values[h_key])
    points = []
    for org in orgs:
        e_key, o_key = ("oe", org.id), ("oh", org.id)
        entrants, headcount = values[e_key], values[o_key]
        suppressed = e_key in hidden or o_key in hidden
        own = None if suppressed else st.rate(entrants, headcount)
        position = None
        if own is not None and overall is not None and headcount:
            position = str(st.funnel_position(int(entrants or 0), headcount, float(overall)))
        points.append(
            FunnelPoint(
                slug=org.slug,
                name=org.name,
                headcount=None if o_key in hidden else headcount,
                entrants=None if e_key in hidden else entrants,
                rate=own,
                position=position,
                suppressed=suppressed,
            )
        )
    return Funnel(overall_rate=overall, points=points)


# ---------------------------------------------------------------------------------------------------------------
# The JSON of issue 5 item 4


def _number(value: Fraction | float | None, places: int) -> float | None:
    return None if value is None else round(float(value), places)


def report_as_json(report: Report) -> dict[str, Any]:
    """`organisation` is the slug, or the list of slugs for several organisations. Rates are proportions (0.012
        is 1.2%), rounded to 6 places; ratios and intervals to 4. A window of several years adds `window` (the
    number of years) and `periods` (the years gathered, oldest first)."""
    slugs = [o.slug for o in report.organisations]
    result: dict[str, Any] = {
        "organisation": slugs[0] if len(slugs) == 1 else slugs,
        "period": report.period,
        "profession": report.profession,
        "dimension": report.dimension,
        "stage": report.stage,
        "reference_group": report.reference_group,
        "groups": [
            {
                "group": row.group,
                "headcount": row.headcount,
                "entrants": row.entrants,
                "rate": _number(row.rate, 6),
                "relative_likelihood": _number(row.relative_likelihood, 4),
                "ci_low": _number(row.ci_low, 4),
                "ci_high": _number(row.ci_high, 4),
                "flag": str(row.flag),
                "significant": row.significant,
                "suppressed": row.suppressed,
            }
            for row in report.groups
        ],
    }
    if report.window > 1:  # a single year keeps exactly the fields of issue 5
        result["window"] = report.window
        result["periods"] = list(report.periods)
    return result
