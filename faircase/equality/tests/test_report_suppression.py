"""A published report lets no count of 1 to 4 be worked out.

For random facts (several organisations, groups, stages and periods, with small numbers everywhere), the test
builds the report twice: as the team handling the data sees it (the truth) and published. It then plays the
reader of the published report: every published figure is known, every figure left out is an unknown, and
everything the report says ties them together as linear equations: groups add up to the total, organisations
add up to the same total, a shown rate times its headcount gives the entrants, a shown share of the total gives
the missing-data count. Gaussian elimination over exact fractions finds every unknown the equations pin down;
none of them may be a count of 1 to 4, and no group of left-out counts may add up to 1 to 4 where the total
is shown.
"""

import itertools
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as s

from faircase.equality.choices import GROUPS
from faircase.equality.reports import Report, assemble
from faircase.equality.selectors_report import MEASURES, NO_RECORD, Facts, OrganisationRef

PERIOD, EARLIER = "2025-26", "2024-25"
STAGES = ["any_concern", "formal_investigation", "exclusion", "sanction", "regulator_referral"]


@s.composite
def facts(draw):
    dimension = draw(s.sampled_from(["ethnicity", "sex", "disability"]))
    groups = [*GROUPS[dimension].values]
    orgs = [
        OrganisationRef(id=i, slug=f"o{i}", name=f"Org {i}") for i in range(1, draw(s.integers(1, 3)) + 1)
    ]
    small = s.integers(min_value=0, max_value=9)
    counts, trend, baselines = {}, {}, {}
    for org in orgs:
        for group in [*groups, NO_RECORD]:
            if draw(s.booleans()):
                continue
            any_concern = draw(s.integers(0, 14))
            stage = {"any_concern": any_concern}
            for name in STAGES[1:]:
                stage[name] = draw(s.integers(0, any_concern))
            measures = dict(stage)
            for earlier, later in itertools.pairwise(STAGES[1:]):
                measures[f"{earlier}>{later}"] = draw(s.integers(0, min(stage[earlier], stage[later])))
            assert set(measures) == set(MEASURES)
            counts[(org.id, group)] = measures
            trend[(org.id, EARLIER, group)] = draw(small)
        for period in (PERIOD, EARLIER):
            if draw(s.integers(0, 5)) == 0:
                continue  # no baseline: the organisation is left out of that period (or nobody has one)
            for group in groups:
                if draw(s.integers(0, 8)):
                    baselines[(org.id, period, group)] = draw(s.integers(0, 60))
    return Facts(
        organisations=orgs,
        period=PERIOD,
        profession="doctor",
        dimension=dimension,
        stage=draw(s.sampled_from(STAGES)),
        counts=counts,
        trend=trend,
        baselines=baselines,
    )


class Reader:
    """What a reader of the published report knows: values, and linear equations between unknowns."""

    def __init__(self) -> None:
        self.truth: dict = {}
        self.known: dict = {}
        self.equations: list[dict] = []  # {variable: coefficient}, each summing to 0
        self.partitions: list[tuple] = []

    def cell(self, name, true_value, published_value) -> None:
        if true_value is None:
            return
        if name in self.truth:
            assert self.truth[name] == true_value, f"{name} has two true values"
        self.truth[name] = true_value
        if published_value is not None:
            assert published_value == true_value, f"{name} published as {published_value}, truly {true_value}"
            assert not 1 <= published_value <= 4, f"{name}: a count of {published_value} was published"
            self.known[name] = published_value

    def partition(self, total, parts) -> None:
        parts = [p for p in parts if p in self.truth]
        if total in self.truth:
            self.equations.append({total: Fraction(-1), **dict.fromkeys(parts, Fraction(1))})
            self.partitions.append((total, parts))

    def ratio(self, numerator, denominator, published_rate) -> None:
        """A published rate ties its numerator to its denominator: numerator - rate x denominator = 0."""
        if published_rate is None or numerator not in self.truth or denominator not in self.truth:
            return
        self.equations.append({numerator: Fraction(1), denominator: -Fraction(published_rate)})

    def derived(self) -> dict:
        """Every unknown the equations pin down, with its value."""
        unknowns = sorted({v for eq in self.equations for v in eq if v not in self.known}, key=repr)
        index = {v: i for i, v in enumerate(unknowns)}
        rows = []
        for eq in self.equations:
            row = [Fraction(0)] * (len(unknowns) + 1)
            for var, coefficient in eq.items():
                if var in self.known:
                    row[-1] -= coefficient * self.known[var]
                else:
                    row[index[var]] += coefficient
            rows.append(row)
        pivot_row, pivots = 0, []
        for col in range(len(unknowns)):
            found = next((r for r in range(pivot_row, len(rows)) if rows[r][col] != 0), None)
            if found is None:
                continue
            rows[pivot_row], rows[found] = rows[found], rows[pivot_row]
            lead = rows[pivot_row][col]
            rows[pivot_row] = [x / lead for x in rows[pivot_row]]
            for r in range(len(rows)):
                if r != pivot_row and rows[r][col] != 0:
                    factor = rows[r][col]
                    rows[r] = [a - factor * b for a, b in zip(rows[r], rows[pivot_row], strict=True)]
            pivots.append((pivot_row, col))
            pivot_row += 1
        found = {}
        for r, col in pivots:
            if all(rows[r][c] == 0 for c in range(len(unknowns)) if c != col):
                found[unknowns[col]] = rows[r][-1]
        return found


def read(truth: Report, published: Report) -> Reader:
    reader = Reader()
    groups = [row.group for row in truth.groups]

    def table(prefix, true_rows, pub_rows, true_total, pub_total, entrants_var, headcount_var):
        for t, p in zip(true_rows, pub_rows, strict=True):
            reader.cell(entrants_var(t.group), t.entrants, p.entrants)
            reader.cell(headcount_var(t.group), t.headcount, p.headcount)
            reader.ratio(entrants_var(t.group), headcount_var(t.group), p.rate)
            if p.relative_likelihood is not None or p.ci_low is not None:
                assert p.rate is not None and not p.suppressed, f"{prefix}: a ratio without its own rate"
        reader.cell(entrants_var("*"), true_total.entrants, pub_total.entrants)
        reader.cell(headcount_var("*"), true_total.headcount, pub_total.headcount)
        reader.ratio(entrants_var("*"), headcount_var("*"), pub_total.rate)
        reader.partition(entrants_var("*"), [entrants_var(g) for g in groups])
        reader.partition(headcount_var("*"), [headcount_var(g) for g in groups])

    def entrants(period, measure):
        return lambda g: ("E", period, measure, g)

    def headcount(period):
        return lambda g: ("H", period, g)

    table(
        "groups",
        truth.groups,
        published.groups,
        truth.total,
        published.total,
        entrants(PERIOD, truth.stage),
        headcount(PERIOD),
    )
    for t, p in zip(truth.trend, published.trend, strict=True):
        table(
            f"trend {t.period}",
            t.rows,
            p.rows,
            t.total,
            p.total,
            entrants(t.period, truth.stage),
            headcount(t.period),
        )
    for t, p in zip(truth.progression, published.progression, strict=True):
        joint = t.to_stage if t.from_stage == "any_concern" else f"{t.from_stage}>{t.to_stage}"
        table(
            f"progression {joint}",
            t.rows,
            p.rows,
            t.total,
            p.total,
            entrants(PERIOD, joint),
            entrants(PERIOD, t.from_stage),
        )
    missing = truth.missing.group
    reader.ratio(
        ("E", PERIOD, truth.stage, missing), ("E", PERIOD, truth.stage, "*"), published.missing.entrants_share
    )
    reader.ratio(("H", PERIOD, missing), ("H", PERIOD, "*"), published.missing.headcount_share)
    assert published.missing.no_record is None
    if truth.funnel is not None:
        org_e = [("OE", point.slug) for point in truth.funnel.points]
        org_h = [("OH", point.slug) for point in truth.funnel.points]
        for t, p, e, h in zip(truth.funnel.points, published.funnel.points, org_e, org_h, strict=True):
            reader.cell(e, t.entrants, p.entrants)
            reader.cell(h, t.headcount, p.headcount)
            reader.ratio(e, h, p.rate)
        reader.partition(("E", PERIOD, truth.stage, "*"), org_e)
        reader.partition(("H", PERIOD, "*"), org_h)
        reader.ratio(("E", PERIOD, truth.stage, "*"), ("H", PERIOD, "*"), published.funnel.overall_rate)
    return reader


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(facts())
def test_no_published_report_lets_a_count_of_one_to_four_be_worked_out(generated):
    reference = {"ethnicity": "white", "sex": "female", "disability": "no"}[generated.dimension]
    truth = assemble(generated, reference=reference, publish=False)
    published = assemble(generated, reference=reference, publish=True)
    reader = read(truth, published)
    for name, value in reader.derived().items():
        assert value == reader.truth[name], (
            f"{name}: the equations give {value}, the truth is {reader.truth[name]}"
        )
        assert not 1 <= value <= 4, f"{name} = {value} can be worked out from the published report"
    for total, parts in reader.partitions:
        if total in reader.known:
            hidden = [p for p in parts if p not in reader.known]
            together = sum(reader.truth[p] for p in hidden)
            assert not 1 <= together <= 4, f"the cells left out of {total} add up to {together}"


@settings(max_examples=100, deadline=None)
@given(facts())
def test_the_unpublished_report_shows_every_count(generated):
    truth = assemble(
        generated,
        reference={"ethnicity": "white", "sex": "female", "disability": "no"}[generated.dimension],
        publish=False,
    )
    assert not any(row.suppressed for row in truth.groups)
    assert all(row.entrants is not None for row in truth.groups)
