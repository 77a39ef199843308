"""Synthetic equality data: fictional organisations, workforce baselines and historic cases with a known,
built-in disproportionality. For the demo, the tests and `make bench`; never for real organisations.

    faircase demo synthetic --cases N --organisations M [--periods 5] [--seed S] [--profession doctor ...]

What a test (or an analyst checking the report) can rely on:

- **Organisations** are `synthetic-001`, `synthetic-002`, ... named "Synthetic Trust 001", ... with ODS codes
  `ZZS001`, ...: real ODS codes never start with ZZ. The generator adds data only to organisations it made.
- **Periods** are the `--periods` complete financial years up to `--until` (by default the last complete one).
- **Workforce baselines**: one headcount for every period, profession, dimension and group. An organisation's
  size is drawn from a range plausible for its profession (doctors 400 to 3,600, say) and grows a little each
  year; its mix of groups is the national mix below, varied per organisation. Every dimension's groups add
  up to the same headcount. When the cases asked for are too many for plausible headcounts (more than
  MAX_CONCERN_RATE of the workforce with a concern in a year), every headcount is scaled up to match.
- **Historic cases**: exactly `--cases` of them, shared between organisations, periods and professions in
  proportion to headcount. Each case is a different practitioner, so entrants (distinct practitioners) at a
  stage are the cases that reached it.
- **Built-in disproportionality**: TRUE_RELATIVE_LIKELIHOOD gives, for every dimension, group and stage, the
  relative likelihood against the reference group (issue 5's defaults: white, uk, female, 40_49, no). The
  groups of one case are drawn independently for each dimension, with the chance of a concern in a group in
  proportion to its headcount times its relative likelihood; the chance of each later stage depends on the
  case's groups in every dimension, multiplicatively. Because the dimensions are independent, the
  other dimensions average out alike for every group, and the relative likelihood a report computes for any
  one dimension, for one organisation, converges on the table (within sampling error). Pooled over several
  organisations whose mixes differ, the crude ratio comes out a few per cent nearer 1 (cases follow
  headcount, so an organisation with more staff in higher-risk groups has lower rates in every group).
- **Stages are nested**: every case is a concern (`any_concern`); `formal_investigation` is a subset of the
  cases; `exclusion`, `sanction` and `regulator_referral` are each a subset of the formal investigations
  (STAGE_PARENT).
- **Deterministic**: the same parameters and seed give the same rows, whatever the batch size: each
  organisation, and each period and profession in it, draws from its own random stream named by the seed
  (and by how many years before the latest the period is, so moving `--until` relabels the same draws).
- **Fast**: cases are written in batches of WRITE_BATCH rows with one parameterised INSERT each, in one
  transaction; 1,000,000 cases in 200 organisations take about 20 s on SQLite with ~130 MB peak memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import random
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import batched
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone

from faircase.accounts.models import Nation, Organisation, OrganisationKind
from faircase.cases.choices import Profession
from faircase.core import audit
from faircase.core.formatting import pluralise
from faircase.equality.choices import (
    DEFAULT_REFERENCE,
    GROUPS,
    Dimension,
    Stage,
    period_bounds,
    period_for,
)
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline

# Bump when the rows a seed gives change, so saved data sets (the benchmark's) are rebuilt.
GENERATOR_VERSION = 1
SYNTHETIC_ACTOR = "faircase demo synthetic (synthetic data generator)"
SLUG_PATTERN = re.compile(r"^synthetic-(\d{3,})$")
MAX_PERIODS = 20
MAX_CONCERN_RATE = 0.5
WRITE_BATCH = 5000

DIMENSIONS = tuple(Dimension)
# Stage -> the stage every case at it has also reached.
STAGE_PARENT = {
    Stage.FORMAL_INVESTIGATION: Stage.ANY_CONCERN,
    Stage.EXCLUSION: Stage.FORMAL_INVESTIGATION,
    Stage.SANCTION: Stage.FORMAL_INVESTIGATION,
    Stage.REGULATOR_REFERRAL: Stage.FORMAL_INVESTIGATION,
}
LATER_STAGES = tuple(STAGE_PARENT)  # the four yes/no fields of a historic case, in this order
# The chance that a case whose every group is the reference group reaches each stage, given its parent stage.
STAGE_BASE = {
    Stage.FORMAL_INVESTIGATION: 0.35,
    Stage.EXCLUSION: 0.20,
    Stage.SANCTION: 0.30,
    Stage.REGULATOR_REFERRAL: 0.25,
}


def _rl(*values: float) -> dict[str, float]:
    return dict(zip(tuple(Stage), values, strict=True))


_SAME = _rl(1, 1, 1, 1, 1)
# The true relative likelihood of each group against its dimension's reference group, per stage, in the order
# any_concern, formal_investigation, exclusion, sanction, regulator_referral. Shaped after the public figures
# in the equality domain notes (ethnic minorities, qualified outside the UK and Europe, men, over 65s more
# likely; "Fair to refer?" about 2x for referral), with some groups inside the 0.80-1.25 range on purpose.
# Missing data (not_stated, not_known) is never compared; it is drawn like the reference group.
TRUE_RELATIVE_LIKELIHOOD: dict[str, dict[str, dict[str, float]]] = {
    Dimension.ETHNICITY: {
        "white": _SAME,
        "mixed": _rl(1.2, 1.3, 1.4, 1.3, 1.5),
        "asian": _rl(1.4, 1.6, 1.8, 1.5, 1.9),
        "black": _rl(1.6, 1.9, 2.2, 1.8, 2.3),
        "other": _rl(1.1, 1.15, 1.2, 1.1, 1.2),
        "not_stated": _SAME,
    },
    Dimension.PMQ: {
        "uk": _SAME,
        "eea": _rl(1.1, 1.15, 1.2, 1.1, 1.3),
        "rest_of_world": _rl(1.5, 1.7, 1.9, 1.6, 2.4),
        "not_known": _SAME,
    },
    Dimension.SEX: {
        "female": _SAME,
        "male": _rl(1.4, 1.5, 1.7, 1.5, 1.6),
        "not_known": _SAME,
    },
    Dimension.AGE_BAND: {
        "under_30": _rl(0.7, 0.6, 0.5, 0.6, 0.5),
        "30_39": _rl(0.9, 0.9, 0.85, 0.9, 0.85),
        "40_49": _SAME,
        "50_59": _rl(1.1, 1.15, 1.2, 1.1, 1.2),
        "60_64": _rl(1.2, 1.3, 1.5, 1.3, 1.4),
        "65_plus": _rl(1.5, 1.8, 2.2, 1.7, 2.0),
        "not_known": _SAME,
    },
    Dimension.DISABILITY: {
        "yes": _rl(1.2, 1.3, 1.3, 1.2, 1.3),
        "no": _SAME,
        "not_known": _SAME,
    },
}
# The mix of a medical workforce, roughly as NHS England's workforce statistics show it. Each organisation's
# mix varies around it.
WORKFORCE_SHARES: dict[str, dict[str, float]] = {
    Dimension.ETHNICITY: {
        "white": 0.50,
        "mixed": 0.04,
        "asian": 0.30,
        "black": 0.07,
        "other": 0.05,
        "not_stated": 0.04,
    },
    Dimension.PMQ: {"uk": 0.62, "eea": 0.08, "rest_of_world": 0.28, "not_known": 0.02},
    Dimension.SEX: {"female": 0.48, "male": 0.51, "not_known": 0.01},
    Dimension.AGE_BAND: {
        "under_30": 0.18,
        "30_39": 0.32,
        "40_49": 0.24,
        "50_59": 0.17,
        "60_64": 0.05,
        "65_plus": 0.02,
        "not_known": 0.02,
    },
    Dimension.DISABILITY: {"yes": 0.04, "no": 0.80, "not_known": 0.16},
}
# Headcount of the latest period, by profession: an organisation's is drawn between these (log-uniform).
HEADCOUNT_RANGE = {
    Profession.DOCTOR: (400, 3600),
    Profession.DENTIST: (30, 300),
    Profession.PHARMACIST: (40, 320),
    Profession.OTHER: (50, 500),
}
_PROFESSION_CODE = {
    Profession.DOCTOR: "DOC",
    Profession.DENTIST: "DEN",
    Profession.PHARMACIST: "PHA",
    Profession.OTHER: "OTH",
}


class SyntheticDataError(ValueError):
    """The synthetic data cannot be made as asked; nothing was changed."""


# ---- the pure part: what to make ------------------------------------------------------------------------


def last_complete_period(today: dt.date) -> str:
    """The financial year before the one `today` falls in."""
    start, _ = period_bounds(period_for(today))
    return period_for(start - dt.timedelta(days=1))


def periods_up_to(until: str, count: int) -> tuple[str, ...]:
    """`count` financial years ending with `until`, oldest first."""
    start, _ = period_bounds(until)
    first = start.year - count + 1
    return tuple(f"{year}-{(year + 1) % 100:02d}" for year in range(first, start.year + 1))


@dataclass(frozen=True)
class SyntheticSpec:
    """What to make: the parameters of `faircase demo synthetic`."""

    cases: int
    organisations: int
    periods: int = 5
    seed: int = 1
    professions: tuple[str, ...] = (Profession.DOCTOR.value,)
    until: str = ""  # the last period; "" for the last complete financial year

    def checked(self, *, today: dt.date | None = None) -> SyntheticSpec:
        """The spec with `until` filled in, or SyntheticDataError naming what is wrong."""
        if self.cases < 0:
            raise SyntheticDataError("--cases must be 0 or more")
        if self.organisations < 1:
            raise SyntheticDataError("--organisations must be 1 or more")
        if not 1 <= self.periods <= MAX_PERIODS:
            raise SyntheticDataError(f"--periods must be between 1 and {MAX_PERIODS}")
        unknown = [p for p in self.professions if p not in Profession.values]
        if unknown or not self.professions:
            raise SyntheticDataError(
                f"--profession must be one of {', '.join(Profession.values)} (not {', '.join(unknown) or 'none'})"
            )
        until = self.until or last_complete_period(today or timezone.localdate())
        try:
            period_bounds(until)
        except ValueError as error:
            raise SyntheticDataError(f"--until: {error}") from None
        professions = tuple(dict.fromkeys(self.professions))  # each once, in the order given
        return SyntheticSpec(
            cases=self.cases,
            organisations=self.organisations,
            periods=self.periods,
            seed=self.seed,
            professions=professions,
            until=until,
        )

    @property
    def period_names(self) -> tuple[str, ...]:
        return periods_up_to(self.until, self.periods)

    def fingerprint(self) -> str:
        """What identifies the data these parameters make (stored as the synthetic batches' sha256)."""
        payload = {**asdict(self), "generator": GENERATOR_VERSION}
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


@dataclass
class Cell:
    """One organisation's workforce and cases for one period and profession."""

    period: str
    profession: str
    headcounts: dict[str, dict[str, int]]  # dimension -> group -> headcount
    cases: int = 0
    # Names the cell's random stream: how many periods before the latest it is, so the same parameters give
    # the same draws whichever year is the latest (the demo looks the same from one year to the next).
    years_back: int = 0

    @property
    def headcount(self) -> int:
        return sum(self.headcounts[Dimension.ETHNICITY].values())


@dataclass
class OrganisationPlan:
    index: int
    slug: str
    name: str
    ods_code: str
    cells: list[Cell] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(cell.cases for cell in self.cells)


def synthetic_identity(index: int) -> tuple[str, str, str]:
    """Slug, name and ODS code of the index-th synthetic organisation (from 1)."""
    return f"synthetic-{index:03d}", f"Synthetic Trust {index:03d}", f"ZZS{index:03d}"


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(["faircase-synthetic", *map(str, parts)]))  # noqa: S311 (made-up data, not secrets)


def split(total: int, weights: Sequence[float]) -> list[int]:
    """`total` shared in proportion to `weights` in whole numbers that add up to it (largest remainder)."""
    weight_sum = sum(weights)
    if total == 0 or weight_sum <= 0:
        return [0] * len(weights)
    exact = [total * w / weight_sum for w in weights]
    parts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def organisation_shares(rng: random.Random) -> dict[str, dict[str, float]]:
    """One organisation's mix of groups: the national mix, each share varied by up to about a third."""
    shares = {}
    for dimension, groups in WORKFORCE_SHARES.items():
        varied = {group: share * math.exp(rng.gauss(0, 0.3)) for group, share in groups.items()}
        total = sum(varied.values())
        shares[dimension] = {group: value / total for group, value in varied.items()}
    return shares


def workforce(
    *,
    periods: Sequence[str],
    latest_headcount: Mapping[str, float],
    growth: Mapping[str, float],
    shares: Mapping[str, Mapping[str, float]],
) -> list[Cell]:
    """The cells of one organisation (no cases yet): each profession's headcount in the latest period, grown
    back to the earlier ones, split into every dimension's groups."""
    cells = []
    for profession, latest in latest_headcount.items():
        for age, period in enumerate(reversed(periods)):
            total = round(latest / (1 + growth[profession]) ** age)
            headcounts = {
                dimension: dict(zip(groups, split(total, list(groups.values())), strict=True))
                for dimension, groups in shares.items()
            }
            cells.append(Cell(period=period, profession=profession, headcounts=headcounts, years_back=age))
    cells.sort(key=lambda cell: (list(latest_headcount).index(cell.profession), cell.period))
    return cells


def plan_synthetic(spec: SyntheticSpec) -> list[OrganisationPlan]:
    """The organisations, workforces and number of cases per cell the spec asks for. Pure and deterministic."""
    periods = spec.period_names
    drawn = []
    for index in range(1, spec.organisations + 1):
        rng = _rng(spec.seed, index)
        sizes = {}
        growth = {}
        for profession in spec.professions:
            low, high = HEADCOUNT_RANGE[profession]
            sizes[profession] = math.exp(rng.uniform(math.log(low), math.log(high)))
            growth[profession] = rng.uniform(-0.01, 0.05)
        drawn.append((index, sizes, growth, organisation_shares(rng)))
    # Scale every workforce up when the cases asked for would otherwise be more than MAX_CONCERN_RATE of it.
    total_headcount = sum(
        size / (1 + growth[p]) ** age
        for _, sizes, growth, _ in drawn
        for p, size in sizes.items()
        for age in range(spec.periods)
    )
    scale = max(1.0, spec.cases / total_headcount / MAX_CONCERN_RATE)
    plans = []
    for index, sizes, growth, shares in drawn:
        slug, name, ods_code = synthetic_identity(index)
        cells = workforce(
            periods=periods,
            latest_headcount={p: size * scale for p, size in sizes.items()},
            growth=growth,
            shares=shares,
        )
        plans.append(OrganisationPlan(index=index, slug=slug, name=name, ods_code=ods_code, cells=cells))
    all_cells = [cell for plan in plans for cell in plan.cells]
    for cell, cases in zip(all_cells, split(spec.cases, [c.headcount for c in all_cells]), strict=True):
        cell.cases = cases
    return plans


# The chance of each later stage, for every combination of groups, computed once.
_GROUP_LISTS = {dimension: tuple(GROUPS[dimension].values) for dimension in DIMENSIONS}


def _stage_chances() -> dict[tuple[int, ...], tuple[float, ...]]:
    chances = {}

    def combinations(prefix: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if len(prefix) == len(DIMENSIONS):
            yield prefix
            return
        for i in range(len(_GROUP_LISTS[DIMENSIONS[len(prefix)]])):
            yield from combinations((*prefix, i))

    for combination in combinations(()):
        row = []
        for stage in LATER_STAGES:
            chance = STAGE_BASE[stage]
            for dimension, i in zip(DIMENSIONS, combination, strict=True):
                rl = TRUE_RELATIVE_LIKELIHOOD[dimension][_GROUP_LISTS[dimension][i]]
                chance *= rl[stage] / rl[STAGE_PARENT[stage]]
            row.append(chance)
        chances[combination] = tuple(row)
    return chances


STAGE_CHANCES = _stage_chances()


def _check_tables() -> None:
    for dimension in DIMENSIONS:
        groups = set(_GROUP_LISTS[dimension])
        if set(TRUE_RELATIVE_LIKELIHOOD[dimension]) != groups or set(WORKFORCE_SHARES[dimension]) != groups:
            raise AssertionError(f"synthetic tables: the groups of {dimension} are not {sorted(groups)}")
        if TRUE_RELATIVE_LIKELIHOOD[dimension][DEFAULT_REFERENCE[dimension]] != _SAME:
            raise AssertionError(
                f"synthetic tables: the reference group of {dimension} must be 1 at every stage"
            )
    worst = max(max(row) for row in STAGE_CHANCES.values())
    if worst > 1:
        raise AssertionError(f"synthetic tables: a stage's chance reaches {worst:.2f}, over 1")


_check_tables()


class CaseRow(NamedTuple):
    """One historic case, as the HistoricCase fields of the same names."""

    reference: str
    practitioner_key: str
    profession: str
    date_raised: dt.date
    period: str
    ethnicity: str
    pmq: str
    sex: str
    age_band: str
    disability: str
    formal_investigation: bool
    exclusion: bool
    sanction: bool
    regulator_referral: bool


def cell_cases(cell: Cell, *, seed: int, stream: str) -> Iterator[CaseRow]:
    """The cases of one cell, drawn from the random stream named by seed and `stream` (the organisation)."""
    if not cell.cases:
        return
    rng = _rng(seed, stream, cell.years_back, cell.profession)
    start, end = period_bounds(cell.period)
    days = [start + dt.timedelta(days=d) for d in range((end - start).days + 1)]
    drawn = []
    for dimension in DIMENSIONS:
        groups = _GROUP_LISTS[dimension]
        weights = [
            cell.headcounts[dimension][g] * TRUE_RELATIVE_LIKELIHOOD[dimension][g][Stage.ANY_CONCERN]
            for g in groups
        ]
        drawn.append(rng.choices(range(len(groups)), weights=weights, k=cell.cases))
    dates = sorted(rng.choices(days, k=cell.cases))
    code = _PROFESSION_CODE[cell.profession]
    year = cell.period[:4]
    for n, combination in enumerate(zip(*drawn, strict=True)):
        fi_chance, exclusion_chance, sanction_chance, referral_chance = STAGE_CHANCES[combination]
        investigated = rng.random() < fi_chance
        # Draw all three whatever happens, so one stage's outcome does not shift the stream of the others.
        excluded, sanctioned, referred = rng.random(), rng.random(), rng.random()
        groups = [_GROUP_LISTS[d][i] for d, i in zip(DIMENSIONS, combination, strict=True)]
        yield CaseRow(
            reference=f"SYN-{year}-{code}-{n + 1:06d}",
            practitioner_key=f"syn-{stream}-{year}-{code}-{n + 1:06d}",
            profession=cell.profession,
            date_raised=dates[n],
            period=cell.period,
            ethnicity=groups[0],
            pmq=groups[1],
            sex=groups[2],
            age_band=groups[3],
            disability=groups[4],
            formal_investigation=investigated,
            exclusion=investigated and excluded < exclusion_chance,
            sanction=investigated and sanctioned < sanction_chance,
            regulator_referral=investigated and referred < referral_chance,
        )


# ---- writing ---------------------------------------------------------------------------------------------


@dataclass
class SyntheticResult:
    organisations: list[str] = field(default_factory=list)
    organisations_created: int = 0
    baselines: int = 0
    cases: int = 0
    already_present: bool = False
    replaced_cases: int = 0


def write_synthetic_data(
    *,
    organisation: Organisation,
    cells: Iterable[Cell],
    seed: int,
    stream: str,
    filename: str,
    fingerprint: str,
    by: object,
    imported_by: object = None,
) -> tuple[int, int]:
    """Write one organisation's baselines and cases as one synthetic import batch, with its audit event.
    Runs inside the caller's transaction. Returns (baseline rows, cases)."""
    cells = list(cells)
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=ImportBatch.Kind.SYNTHETIC,
        filename=filename,
        sha256=fingerprint,
        rows=sum(cell.cases for cell in cells),
        imported_by=imported_by,
    )
    baselines = [
        WorkforceBaseline(
            organisation=organisation,
            period=cell.period,
            profession=cell.profession,
            dimension=dimension,
            group=group,
            headcount=headcount,
            batch=batch,
        )
        for cell in cells
        for dimension, groups in cell.headcounts.items()
        for group, headcount in groups.items()
    ]
    WorkforceBaseline.objects.bulk_create(baselines, batch_size=WRITE_BATCH)
    written = _insert_cases(
        organisation_id=organisation.pk,
        batch_id=batch.pk,
        rows=(row for cell in cells for row in cell_cases(cell, seed=seed, stream=stream)),
    )
    audit.record(
        by=by,
        action="equality.synthetic_data_created",
        obj=batch,
        organisation=organisation,
        after={"workforce_baseline_rows": len(baselines), "historic_cases": written},
        detail={
            "periods": sorted({cell.period for cell in cells}),
            "professions": sorted({cell.profession for cell in cells}),
            "seed": seed,
        },
    )
    return len(baselines), written


def _insert_cases(*, organisation_id: int, batch_id: int, rows: Iterable[CaseRow]) -> int:
    """Insert historic cases in batches with one parameterised INSERT each (executemany): Django's
    bulk_create builds a model instance and compiles SQL for every row, several times slower at a million
    rows. The rows are checked values from cell_cases, so nothing is lost by skipping the model layer."""
    table = HistoricCase._meta.db_table
    columns = [
        "organisation_id",
        "batch_id",
        *(HistoricCase._meta.get_field(n).column for n in CaseRow._fields),
    ]
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({placeholders})"  # noqa: S608 (the model's own names)
    adapt_date = connection.ops.adapt_datefield_value
    written = 0
    if connection.vendor == "postgresql":  # COPY: several times faster than INSERTs at a million rows
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
        ):
            for r in rows:
                copy.write_row((organisation_id, batch_id, *r))
                written += 1
        return written
    with connection.cursor() as cursor:
        for chunk in batched(rows, WRITE_BATCH):
            cursor.executemany(
                sql,
                [(organisation_id, batch_id, *r[:3], adapt_date(r[3]), *r[4:]) for r in chunk],
            )
            written += len(chunk)
    return written


def is_synthetic(organisation: Organisation) -> bool:
    """Whether the generator made this organisation (slug, name and ODS code as it writes them)."""
    match = SLUG_PATTERN.match(organisation.slug)
    if match is None:
        return False
    _, name, ods_code = synthetic_identity(int(match.group(1)))
    return organisation.name == name and organisation.ods_code == ods_code


def _refuse_unless_synthetic(organisation: Organisation) -> None:
    from faircase.cases.models import Case

    if not is_synthetic(organisation):
        raise SyntheticDataError(
            f"Organisation {organisation.slug} ({organisation.name}, ODS code {organisation.ods_code}) was not made "
            "by the synthetic data generator: it will not add data to it. Nothing was changed."
        )
    other = (
        ImportBatch.objects.filter(organisation=organisation)
        .exclude(kind=ImportBatch.Kind.SYNTHETIC)
        .exists()
        or Case.objects.for_system("demo").filter(organisation=organisation).exists()
    )
    if other:
        raise SyntheticDataError(
            f"Organisation {organisation.slug} holds real cases or imported data: the generator will not add "
            "synthetic data to it. Nothing was changed."
        )


def generate_synthetic(*, spec: SyntheticSpec, by: object, replace: bool = False) -> SyntheticResult:
    """Make the synthetic organisations, baselines and cases the spec asks for, in one transaction.

    Running again with the same parameters changes nothing. Other parameters are refused while synthetic
    data exists, unless `replace`: then every synthetic organisation's synthetic data is deleted first (the
    organisations stay; the audit trail refers to them). Refuses outside demo mode."""
    from faircase.demo.services import require_demo_mode

    require_demo_mode()
    spec = spec.checked()
    fingerprint = spec.fingerprint()
    plans = plan_synthetic(spec)
    result = SyntheticResult(organisations=[plan.slug for plan in plans])
    with transaction.atomic():
        slugs = [plan.slug for plan in plans]
        existing = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
        for organisation in existing.values():
            _refuse_unless_synthetic(organisation)
        clash = (
            Organisation.objects.filter(ods_code__in=[plan.ods_code for plan in plans])
            .exclude(slug__in=slugs)
            .first()
        )
        if clash is not None:
            raise SyntheticDataError(
                f"ODS code {clash.ods_code} belongs to {clash.slug}, which the generator did not make. Nothing was "
                "changed."
            )
        synthetic_organisations = [
            o for o in Organisation.objects.filter(slug__startswith="synthetic-") if is_synthetic(o)
        ]
        batches = ImportBatch.objects.filter(
            organisation__in=synthetic_organisations, kind=ImportBatch.Kind.SYNTHETIC
        )
        if batches.exists():
            present = list(batches.values_list("organisation__slug", "sha256"))
            if sorted(present) == sorted((slug, fingerprint) for slug in slugs):
                result.already_present = True
                result.cases = sum(plan.cases for plan in plans)
                return result
            if not replace:
                raise SyntheticDataError(
                    "Synthetic data made with other parameters is already in this database: run again with "
                    "--replace to delete it and make the new data. Nothing was changed."
                )
            result.replaced_cases = HistoricCase.objects.filter(batch__in=batches).count()
            HistoricCase.objects.filter(batch__in=batches).delete()
            WorkforceBaseline.objects.filter(batch__in=batches).delete()
            for batch in batches:
                audit.record(
                    by=by,
                    action="equality.synthetic_data_deleted",
                    obj=batch,
                    organisation=batch.organisation,
                    detail={"replaced_by": fingerprint},
                )
            batches.delete()
        for plan in plans:
            organisation = existing.get(plan.slug)
            if organisation is None:
                organisation = Organisation.objects.create(
                    slug=plan.slug,
                    name=plan.name,
                    ods_code=plan.ods_code,
                    nation=Nation.ENGLAND,
                    kind=OrganisationKind.NHS_TRUST,
                )
                audit.record(
                    by=by,
                    action="organisation.created",
                    obj=organisation,
                    organisation=organisation,
                    after={"slug": plan.slug, "name": plan.name, "ods_code": plan.ods_code},
                    detail={"source": "synthetic data generator"},
                )
                result.organisations_created += 1
            baselines, cases = write_synthetic_data(
                organisation=organisation,
                cells=plan.cells,
                seed=spec.seed,
                stream=f"{plan.index:03d}",
                filename=describe(spec),
                fingerprint=fingerprint,
                by=by,
            )
            result.baselines += baselines
            result.cases += cases
    return result


def describe(spec: SyntheticSpec) -> str:
    periods = spec.period_names
    return (
        f"synthetic data: seed {spec.seed}, {pluralise(spec.cases, 'case')} in {pluralise(spec.organisations, 'organisation')}, "
        f"{periods[0]} to {periods[-1]}, {', '.join(spec.professions)}"
    )
