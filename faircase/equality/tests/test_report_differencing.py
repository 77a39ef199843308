"""Issue 9: a board member who asks for many published reports must not be able to subtract one from another and
get back a count of 1 to 4.

The data is the demo's kind (the synthetic generator: two trusts, five years, every case a different
practitioner, so a window is exactly the sum of its years). The board member sits on both boards, so they may
ask for either trust or both together, for any year, with any window they are offered, at any stage. The
attacker (faircase/equality/tests/attacker.py) reads every published report as exact linear equations and
solves them together. The second test does the same on random small worlds, for every combination of
organisations, year, window, dimension, stage and reference group.
"""

import csv
import io
import itertools
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.core.commands import command_line_actor
from faircase.demo.synthetic import SyntheticSpec, plan_synthetic, write_synthetic_data
from faircase.equality import reports
from faircase.equality.choices import GROUPS
from faircase.equality.disclosure import published_window_problem
from faircase.equality.reports import assemble
from faircase.equality.selectors_report import (
    MEASURES,
    NO_RECORD,
    WINDOWS,
    Facts,
    OrganisationRef,
    report_facts,
    report_organisations_for,
    window_periods,
)
from faircase.equality.tests.attacker import Attacker

PERIODS = ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
DIMENSION = "ethnicity"
CHOICES = {"profession": "doctor", "dimension": DIMENSION}
STAGES = ["formal_investigation", "exclusion"]


@pytest.fixture
def two_trusts(db):
    """Two synthetic trusts with five years of baselines and historic cases, as the demo loads them."""
    spec = SyntheticSpec(cases=900, organisations=2, periods=5, seed=9, until=PERIODS[-1])
    organisations = []
    for plan in plan_synthetic(spec):
        organisation = OrganisationFactory(slug=plan.slug, name=plan.name, ods_code=plan.ods_code)
        write_synthetic_data(
            organisation=organisation,
            cells=plan.cells,
            seed=spec.seed,
            stream=f"{plan.index:03d}",
            filename="synthetic",
            fingerprint=spec.fingerprint(),
            by=command_line_actor("test"),
        )
        organisations.append(organisation)
    return organisations


@pytest.fixture
def board_member(two_trusts):
    for organisation in two_trusts:
        user = member(organisation, "board_member", username="two-boards", full_name="Dilys Ashworth-Penrose")
    return user


def atoms(organisations) -> dict:
    """The truth the attacker is after: entrants by trust, year, group and measure; headcounts likewise."""
    found = {}
    for organisation, period in itertools.product(organisations, PERIODS):
        facts = report_facts(organisations=[organisation], period=period, stage="any_concern", **CHOICES)
        for (_, group), measures in facts.counts.items():
            group = "not_stated" if group == NO_RECORD else group
            for measure in MEASURES:
                key = ("e", DIMENSION, organisation.slug, period, group, measure)
                found[key] = found.get(key, 0) + measures[measure]
        for (_, p, group), headcount in facts.baselines.items():
            if p == period:
                found[("h", DIMENSION, organisation.slug, period, group)] = headcount
    for organisation, period, group, measure in itertools.product(
        organisations, PERIODS, GROUPS[DIMENSION].values, MEASURES
    ):
        found.setdefault(("e", DIMENSION, organisation.slug, period, group, measure), 0)
    return found


def csv_groups(content: bytes) -> tuple[str, dict]:
    """A report's CSV: its status line, and headcount and entrants by group code ("" where not shown)."""
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    status = next(row[1] for row in rows if row[:1] == ["Status"])
    start = rows.index(["## Groups"]) + 2
    groups = {}
    for row in rows[start:]:
        if not row:
            break
        groups[row[1]] = (row[2], row[3])
    return status, groups


@pytest.mark.django_db
def test_no_count_of_one_to_four_can_be_worked_out_across_every_request_a_board_member_can_make(
    board_member, signed_in
):
    client = signed_in(board_member)
    organisations = list(report_organisations_for(board_member))
    assert len(organisations) == 2
    attacker = Attacker()
    subsets = [[o] for o in organisations] + [organisations]
    for chosen, period, window, stage in itertools.product(subsets, PERIODS, WINDOWS, STAGES):
        # What the board member downloads...
        query = {
            "org": [o.slug for o in chosen],
            "period": period,
            "stage": stage,
            "window": window,
            **CHOICES,
        }
        response = client.get(
            f"{reverse('equality:report_file', kwargs={'fmt': 'csv'})}?{urlencode(query, True)}"
        )
        if response.status_code == 400:
            continue  # a window a published report does not gather: refused with the reason
        status, downloaded = csv_groups(response.content)
        assert status.startswith("Published")
        # ...is the published report, which the attacker reads whole (progression, trend and funnel too).
        choices = {"organisations": chosen, "period": period, "stage": stage, "window": window, **CHOICES}
        published = reports.build_report(publish=True, **choices)
        shown = {
            r.group: tuple("" if v is None else str(v) for v in (r.headcount, r.entrants))
            for r in published.groups
        }
        assert {g: downloaded[g] for g in shown} == shown
        attacker.read(published, reports.build_report(publish=False, **choices))
    assert attacker.requests >= len(subsets) * len(PERIODS) * len(STAGES)
    recovered = attacker.recovered(atoms(organisations))
    assert recovered == [], f"{len(recovered)} counts of 1 to 4 worked out, such as {recovered[:5]}"


# ---------------------------------------------------------------------------------------------------------------
# The same attack on random small worlds: every request a reader of two or three organisations may make


# The last year of one five-year block (2016-17 to 2020-21), and the last three of the next (2021-22 to 2025-26).
YEARS = ["2020-21", "2023-24", "2024-25", "2025-26"]
EMPTY_YEARS = ["2016-17", "2017-18", "2018-19", "2019-20", "2021-22", "2022-23"]  # in those blocks, no data
DIMENSIONS = ["ethnicity", "sex"]
REFERENCES = {"ethnicity": ["white", "asian"], "sex": ["female", "male"]}
STAGE_ORDER = ["any_concern", "formal_investigation", "exclusion", "sanction", "regulator_referral"]


@dataclass(frozen=True)
class Practitioner:
    """One practitioner with one case: where, when, their group in each dimension, the stages it reached."""

    org: int
    year: str
    groups: dict
    stages: frozenset

    def reached(self, measure: str) -> bool:
        return all(stage in self.stages for stage in measure.split(">"))


@dataclass(frozen=True)
class World:
    organisations: list
    practitioners: list
    baselines: dict  # (org, year, dimension, group) -> headcount; every dimension adds up to the same total

    def __repr__(self) -> str:
        """Short enough for hypothesis to print: each practitioner as org/year/groups/stages."""
        people = " ".join(
            f"{p.org}/{p.year[2:4]}/{'/'.join(p.groups.values())}/{''.join(s[0] for s in sorted(p.stages))}"
            for p in self.practitioners
        )
        heads = " ".join(f"{k[0]}/{k[1][2:4]}/{k[3]}={v}" for k, v in self.baselines.items() if k[2] == "sex")
        return f"World({len(self.organisations)} organisations; {people}; sex headcounts {heads})"


@s.composite
def worlds(draw):
    organisations = [
        OrganisationRef(id=i, slug=f"o{i}", name=f"Org {i}") for i in range(1, draw(s.integers(2, 3)) + 1)
    ]
    practitioners, baselines = [], {}
    for org, year in itertools.product(organisations, YEARS):
        # A few groups carry most people, so that small counts are common.
        weights = {d: [draw(s.sampled_from([1, 1, 2, 8])) for _ in GROUPS[d].values] for d in DIMENSIONS}
        for _ in range(draw(s.integers(0, 24))):
            groups = {d: draw(s.sampled_from(_weighted(GROUPS[d].values, weights[d]))) for d in DIMENSIONS}
            stages = {"any_concern"}
            if draw(s.booleans()):
                stages.add("formal_investigation")
                stages |= {st for st in STAGE_ORDER[2:] if draw(s.integers(0, 2)) == 0}
            practitioners.append(Practitioner(org.id, year, groups, frozenset(stages)))
        total = draw(s.integers(20, 90))
        for dimension in DIMENSIONS:
            n = len(GROUPS[dimension].values)
            cuts = sorted(draw(s.lists(s.integers(0, total), min_size=n - 1, max_size=n - 1)))
            sizes = [b - a for a, b in itertools.pairwise([0, *cuts, total])]
            for group, size in zip(GROUPS[dimension].values, sizes, strict=True):
                baselines[(org.id, year, dimension, group)] = size
    return World(organisations, practitioners, baselines)


def _weighted(values, weights):
    return [v for v, w in zip(values, weights, strict=True) for _ in range(w)]


def facts_for(world: World, organisations, *, period, dimension, stage, window) -> Facts:
    """What report_facts would read from a database holding the world."""
    periods = window_periods(period, window)
    ids = {o.id for o in organisations}
    facts = Facts(
        organisations=list(organisations),
        period=period,
        profession="doctor",
        dimension=dimension,
        stage=stage,
        periods=periods,
    )
    for p in world.practitioners:
        if p.org not in ids:
            continue
        reached = {m: int(p.reached(m)) for m in MEASURES}
        if p.year in periods:
            counts = facts.counts.setdefault((p.org, p.groups[dimension]), dict.fromkeys(MEASURES, 0))
            for m in MEASURES:
                counts[m] += reached[m]
            if window > 1:
                by_year = facts.year_counts.setdefault(
                    (p.org, p.year, p.groups[dimension]), dict.fromkeys(MEASURES, 0)
                )
                for m in MEASURES:
                    by_year[m] += reached[m]
        if reached[stage]:
            key = (p.org, p.year, p.groups[dimension])
            facts.trend[key] = facts.trend.get(key, 0) + 1
    for (org, year, d, group), headcount in world.baselines.items():
        if org in ids and d == dimension:
            facts.baselines[(org, year, group)] = headcount
    return facts


def world_atoms(world: World) -> dict:
    found = {}
    for org, year, dimension in itertools.product(world.organisations, YEARS, DIMENSIONS):
        for group, measure in itertools.product(GROUPS[dimension].values, MEASURES):
            found[("e", dimension, org.slug, year, group, measure)] = sum(
                p.reached(measure)
                for p in world.practitioners
                if p.org == org.id and p.year == year and p.groups[dimension] == group
            )
        for group in GROUPS[dimension].values:
            found[("h", dimension, org.slug, year, group)] = world.baselines[(org.id, year, dimension, group)]
    return found


def every_published_report(world: World):
    """Every published report a reader of all the world's organisations may ask for, beside its truth."""
    subsets = [
        list(chosen)
        for n in range(1, len(world.organisations) + 1)
        for chosen in itertools.combinations(world.organisations, n)
    ]
    for chosen, period, window, dimension, stage in itertools.product(
        subsets, YEARS, WINDOWS, DIMENSIONS, ["formal_investigation", "sanction"]
    ):
        if published_window_problem(period, window):
            continue  # a window no published report gathers
        facts = facts_for(world, chosen, period=period, dimension=dimension, stage=stage, window=window)
        truth = assemble(facts, reference=REFERENCES[dimension][0], publish=False)
        for reference in REFERENCES[dimension]:
            yield assemble(facts, reference=reference, publish=True), truth


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(worlds())
def test_no_count_of_one_to_four_can_be_worked_out_from_every_published_report_together(world):
    attacker = Attacker()
    for published, truth in every_published_report(world):
        attacker.read(published, truth)
    attacker.same_people({d: list(GROUPS[d].values) for d in DIMENSIONS}, headcounts=True)
    attacker.knows_nothing_happened(EMPTY_YEARS)
    truth = world_atoms(world)
    recovered = attacker.recovered(truth)
    assert recovered == [], f"{len(recovered)} counts of 1 to 4 worked out, such as {recovered[:5]}"
    # Someone who handles the first organisation's data, and sits on the others' boards, sees its exact counts:
    # a report of several organisations still tells them nothing hidden about the others.
    attacker.knows_exactly({atom: value for atom, value in truth.items() if atom[2] == "o1"})
    recovered = attacker.recovered(truth, about=lambda atom: atom[2] != "o1")
    assert recovered == [], f"knowing o1, {len(recovered)} counts of the others worked out: {recovered[:5]}"
