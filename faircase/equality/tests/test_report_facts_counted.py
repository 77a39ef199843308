"""The report's facts (selectors_report.report_facts) on a varied data set against a plain count in Python: every
count, trend entry, yearly count and baseline the same, for every dimension, every stage, one year, windows of
two and five years, with and without the yearly counts of a published window.

The data set is built to catch a grouped query that counts wrongly: practitioners with several cases in one year
and across years, one whose age band changed between cases (counted in each group), cases of another profession
and of another organisation, years without a baseline and a baseline year without cases, live cases that reach
stages by each kind of evidence, a live practitioner with two cases and one with no equality record."""

import datetime as dt
import itertools
import random
from collections import defaultdict

import pytest

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases.models import Case, Concern, StageMove
from faircase.equality.choices import GROUPS, STAGES_IN_ORDER, Dimension, analysis_group, period_for
from faircase.equality.models import EqualityRecord, HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.selectors_report import (
    MEASURES,
    NO_RECORD,
    STAGE_EVIDENCE,
    Facts,
    report_facts,
    window_periods,
)
from faircase.equality.tests.factories import ImportBatchFactory
from faircase.equality.tests.report_helpers import live_case, moved_to, referred, restricted
from faircase.process.models import RegulatorReferral, Restriction

pytestmark = pytest.mark.django_db

PERIODS = ["2021-22", "2022-23", "2023-24", "2024-25", "2025-26"]
CHOSEN = "2025-26"


def _date_in(period: str, rng: random.Random) -> dt.date:
    start = dt.date(int(period[:4]), 4, 1)
    return start + dt.timedelta(days=rng.randrange(365))


@pytest.fixture
def varied(db):
    rng = random.Random(15)
    first, second, other = (
        OrganisationFactory(slug=s, name=f"{s.title()} Trust") for s in ("one", "two", "other")
    )
    ethnicities = [v for v in GROUPS[Dimension.ETHNICITY].values]
    rows = []
    for organisation in (first, second, other):
        cases = ImportBatchFactory(organisation=organisation, kind=ImportBatch.Kind.CASES)
        for n in range(90):
            # 60 keys for 90 cases: repeated practitioners, within a year and across years.
            period = rng.choice(PERIODS[1:])  # nothing in 2021-22: a baseline year without cases
            raised = _date_in(period, rng)
            investigated = rng.random() < 0.5
            rows.append(
                HistoricCase(
                    organisation=organisation,
                    batch=cases,
                    reference=f"V-{n}",
                    practitioner_key=f"{organisation.slug}-{n % 60}",
                    profession=rng.choice(["doctor", "doctor", "doctor", "dentist"]),
                    date_raised=raised,
                    period=period_for(raised),
                    ethnicity=ethnicities[n % 60 % len(ethnicities)],
                    pmq=rng.choice(["uk", "eea", "rest_of_world", "not_known"]),
                    sex=rng.choice(["female", "male"]),
                    age_band=rng.choice(["30_39", "40_49"]),  # the same practitioner in two bands, sometimes
                    disability=rng.choice(["no", "yes", "not_known"]),
                    formal_investigation=investigated,
                    exclusion=investigated and rng.random() < 0.5,
                    sanction=investigated and rng.random() < 0.5,
                    regulator_referral=rng.random() < 0.3,
                )
            )
    HistoricCase.objects.bulk_create(rows)
    batch = ImportBatchFactory(organisation=first)
    WorkforceBaseline.objects.bulk_create(
        WorkforceBaseline(
            organisation=organisation,
            period=period,
            profession="doctor",
            dimension=dimension,
            group=group,
            headcount=rng.randrange(20, 400),
            batch=batch,
        )
        for organisation in (first, second)
        for period in ("2021-22", "2023-24", "2025-26")  # 2022-23 and 2024-25: cases, no baseline
        for dimension in Dimension.values
        for group in GROUPS[dimension].values
    )
    manager = member(first, "case_manager", username="cm-varied")
    black = {"ethnicity": "L", "pmq": "rest_of_world", "sex": "male", "age_band": "50_59", "disability": "no"}
    white = {"ethnicity": "A", "pmq": "uk", "sex": "female", "age_band": "40_49", "disability": "yes"}
    twice = live_case(first, manager, raised_on=dt.date(2025, 5, 1), equality=black)
    moved_to(twice, "formal_investigation", manager)
    restricted(twice, "formal_exclusion", manager)
    again = live_case(first, manager, raised_on=dt.date(2025, 9, 1), practitioner=twice.practitioner)
    referred(again, manager)
    ended = live_case(first, manager, raised_on=dt.date(2024, 6, 1), equality=white)
    Case.objects.for_system("statistics").filter(pk=ended.pk).update(outcome="warning")
    live_case(first, manager, raised_on=dt.date(2025, 7, 1), equality=None)  # no equality record
    suspended = live_case(second, manager, raised_on=dt.date(2023, 6, 1), equality=white)
    restricted(suspended, "pl_suspension", manager, on=dt.date(2023, 7, 1))
    live_case(second, manager, raised_on=dt.date(2025, 6, 1), equality=black, profession="dentist",
              regulator="gdc", registration_number="7123")  # fmt: skip
    return [first, second, other]


# ---- the plain count -------------------------------------------------------------------------------------------


def _live_reached(case: Case) -> dict[str, bool]:
    """Each stage a live case reached, by STAGE_EVIDENCE, asked one question at a time."""
    reached = {}
    for stage, evidence in STAGE_EVIDENCE.items():
        reached[stage] = (
            not (evidence.moved_to_stages or evidence.restriction_kinds or evidence.outcomes)
            and not evidence.regulator_referral
        )
        if evidence.moved_to_stages:
            reached[stage] |= (
                case.stage in evidence.moved_to_stages
                or StageMove.objects.for_system("statistics")
                .filter(case=case, to_stage__in=evidence.moved_to_stages)
                .exists()
            )
        if evidence.restriction_kinds:
            reached[stage] |= (
                Restriction.objects.for_system("statistics")
                .filter(case=case, kind__in=evidence.restriction_kinds)
                .exists()
            )
        if evidence.outcomes:
            reached[stage] |= case.outcome in evidence.outcomes
        if evidence.regulator_referral:
            reached[stage] |= RegulatorReferral.objects.for_system("statistics").filter(case=case).exists()
    return reached


def entries(organisations, profession: str, dimension: str) -> list[tuple]:
    """(organisation id, period, group, practitioner, stages reached) for every case of either source."""
    return list(_entries(organisations, profession, dimension))


def _entries(organisations, profession: str, dimension: str):
    ids = [o.pk for o in organisations]
    for row in HistoricCase.objects.filter(organisation_id__in=ids, profession=profession):
        reached = {
            "any_concern": True,
            "formal_investigation": row.formal_investigation,
            "exclusion": row.exclusion,
            "sanction": row.sanction,
            "regulator_referral": row.regulator_referral,
        }
        yield (
            row.organisation_id,
            row.period,
            getattr(row, dimension),
            ("historic", row.practitioner_key),
            reached,
        )
    for case in Case.objects.for_system("statistics").filter(
        organisation_id__in=ids, practitioner__profession=profession
    ):
        raised = min(c.raised_on for c in Concern.objects.for_system("statistics").filter(case=case))
        record = EqualityRecord.objects.filter(practitioner_id=case.practitioner_id).first()
        group = analysis_group(dimension, getattr(record, dimension)) if record else NO_RECORD
        yield (
            case.organisation_id,
            period_for(raised),
            group,
            ("live", case.practitioner_id),
            _live_reached(case),
        )


def plain_facts(organisations, found, *, period, profession, dimension, stage, window, by_year) -> Facts:
    """The facts counted in Python from `found` (entries() of the same organisations, profession and dimension)."""
    periods = window_periods(period, window)
    facts = Facts(
        organisations=[],
        period=period,
        profession=profession,
        dimension=dimension,
        stage=stage,
        periods=periods,
    )
    who: dict[tuple, set] = defaultdict(set)  # (org, period or None, group, measure) -> practitioners
    for org, p, group, practitioner, reached in found:
        for measure in MEASURES:
            if all(reached[s] for s in measure.split(">")):
                who[(org, p, group, measure)].add(practitioner)
                if p in periods:
                    who[(org, None, group, measure)].add(practitioner)
        who[(org, p, group, "seen")].add(practitioner)
        if p in periods:
            who[(org, None, group, "seen")].add(practitioner)
    for org, p, group, measure in list(who):
        if measure != "seen":
            continue
        measures = {m: len(who.get((org, p, group, m), ())) for m in MEASURES}
        if p is None:
            facts.counts[(org, group)] = measures
            continue
        if measures[stage]:
            facts.trend[(org, p, group)] = measures[stage]
        if by_year and window > 1 and p in periods:
            facts.year_counts[(org, p, group)] = measures
    for b in WorkforceBaseline.objects.filter(
        organisation__in=organisations, profession=profession, dimension=dimension
    ):
        facts.baselines[(b.organisation_id, b.period, b.group)] = b.headcount
    return facts


def _compared(facts: Facts) -> tuple:
    return facts.counts, facts.trend, facts.year_counts, facts.baselines, facts.window_periods


CHOICES = [
    *((dimension, "formal_investigation") for dimension in Dimension.values),
    *((Dimension.ETHNICITY, str(stage)) for stage in STAGES_IN_ORDER),
]


def test_the_facts_are_the_plain_count_of_distinct_practitioners(varied):
    for (dimension, stage), organisations, profession in itertools.product(
        CHOICES, (varied[:1], varied[:2]), ("doctor", "dentist")
    ):
        found = entries(organisations, profession, dimension)
        for window, by_year in ((1, False), (2, True), (5, False), (5, True)):
            choices = {"period": CHOSEN, "profession": profession, "dimension": dimension, "stage": stage}
            counted = report_facts(organisations=organisations, window=window, by_year=by_year, **choices)
            plain = plain_facts(organisations, found, window=window, by_year=by_year, **choices)
            assert _compared(counted) == _compared(plain), (
                dimension,
                stage,
                organisations,
                profession,
                window,
            )


def test_the_plain_count_sees_what_the_data_set_was_built_to_hold(varied):
    """The comparison means something: repeated practitioners, two groups for one practitioner, live cases."""
    facts = plain_facts(
        varied[:1], entries(varied[:1], "doctor", "age_band"), period=CHOSEN, profession="doctor", dimension="age_band", stage="any_concern", window=5,
        by_year=True,
    )  # fmt: skip
    rows = HistoricCase.objects.filter(organisation=varied[0], profession="doctor")
    assert sum(m["any_concern"] for m in facts.counts.values()) < rows.count() + 3
    keys_in_two_bands = {
        key for key, bands in itertools.groupby(
            sorted(rows.values_list("practitioner_key", "age_band")), key=lambda r: r[0]
        ) if len({b for _, b in bands}) > 1
    }  # fmt: skip
    assert keys_in_two_bands
    assert facts.counts[(varied[0].pk, NO_RECORD)]["any_concern"] == 1
