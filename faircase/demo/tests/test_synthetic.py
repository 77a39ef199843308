"""The synthetic data generator: `faircase demo synthetic` and faircase.demo.synthetic."""

import datetime as dt
import io
import math
from collections import Counter

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as s

from faircase.accounts.models import Organisation
from faircase.accounts.tests.factories import OrganisationFactory
from faircase.cases.choices import Profession
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.demo.synthetic import (
    HEADCOUNT_RANGE,
    MAX_CONCERN_RATE,
    STAGE_CHANCES,
    TRUE_RELATIVE_LIKELIHOOD,
    SyntheticDataError,
    SyntheticSpec,
    cell_cases,
    generate_synthetic,
    last_complete_period,
    plan_synthetic,
    split,
)
from faircase.demo.tests.loading import rolled_back
from faircase.equality.choices import DEFAULT_REFERENCE, GROUPS, NOT_COMPARED, Dimension, Stage, period_bounds
from faircase.equality.models import HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.reports import build_report

GROUPS_PER_PERIOD = sum(len(GROUPS[d]) for d in Dimension)  # 23 baseline rows per period and profession


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "synthetic", *args, stdout=out)
    return out.getvalue()


def rows(spec: SyntheticSpec) -> list:
    return [
        (plan.slug, row)
        for plan in plan_synthetic(spec)
        for cell in plan.cells
        for row in cell_cases(cell, seed=spec.seed, stream=f"{plan.index:03d}")
    ]


def spec(**values) -> SyntheticSpec:
    return SyntheticSpec(**{"cases": 300, "organisations": 3, "until": "2025-26", **values}).checked()


# ---- what it makes (no database) -------------------------------------------------------------------------


def test_the_same_parameters_and_seed_give_the_same_rows():
    assert rows(spec(seed=7)) == rows(spec(seed=7))


def test_another_seed_gives_other_rows():
    assert rows(spec(seed=7)) != rows(spec(seed=8))


def test_the_draws_do_not_depend_on_which_year_is_the_latest():
    this_year = [row[1] for row in rows(spec(until="2025-26"))]
    next_year = [row[1] for row in rows(spec(until="2026-27"))]
    assert [r.formal_investigation for r in this_year] == [r.formal_investigation for r in next_year]
    assert {r.period for r in next_year} == {"2022-23", "2023-24", "2024-25", "2025-26", "2026-27"}


@settings(max_examples=25, deadline=None)
@given(
    cases=s.integers(min_value=0, max_value=3000),
    organisations=s.integers(min_value=1, max_value=6),
    periods=s.integers(min_value=1, max_value=6),
    professions=s.lists(s.sampled_from(Profession.values), min_size=1, max_size=4, unique=True),
    seed=s.integers(min_value=0, max_value=10**6),
)
def test_exactly_the_cases_asked_for_are_made_and_every_dimension_adds_up_to_the_same_headcount(
    cases, organisations, periods, professions, seed
):
    asked = spec(
        cases=cases, organisations=organisations, periods=periods, professions=tuple(professions), seed=seed
    )
    plans = plan_synthetic(asked)
    assert [p.slug for p in plans] == [f"synthetic-{i:03d}" for i in range(1, organisations + 1)]
    made = rows(asked)
    assert len(made) == cases
    for plan in plans:
        assert len(plan.cells) == periods * len(professions)
        for cell in plan.cells:
            totals = {sum(groups.values()) for groups in cell.headcounts.values()}
            assert totals == {cell.headcount}
            assert {d: set(g) for d, g in cell.headcounts.items()} == {
                d: set(GROUPS[d].values) for d in Dimension
            }
    assert len({(slug, row.reference) for slug, row in made}) == cases  # references unique in an organisation
    assert len({row.practitioner_key for _, row in made}) == cases  # each case a different practitioner
    for _, row in made:
        start, end = period_bounds(row.period)
        assert start <= row.date_raised <= end
        assert row.profession in professions


@settings(max_examples=20, deadline=None)
@given(seed=s.integers(min_value=0, max_value=10**6))
def test_stages_are_nested_every_later_stage_inside_a_formal_investigation(seed):
    made = [row for _, row in rows(spec(cases=2000, organisations=1, periods=1, seed=seed))]
    for row in made:
        if row.exclusion or row.sanction or row.regulator_referral:
            assert row.formal_investigation
    assert any(row.formal_investigation for row in made) and not all(row.formal_investigation for row in made)


def test_the_chance_of_every_stage_is_a_probability_for_every_combination_of_groups():
    assert len(STAGE_CHANCES) == math.prod(len(GROUPS[d]) for d in Dimension)
    assert all(0 < chance <= 1 for chances in STAGE_CHANCES.values() for chance in chances)


def test_the_true_relative_likelihood_of_every_reference_group_is_one():
    for dimension in Dimension:
        assert set(TRUE_RELATIVE_LIKELIHOOD[dimension][DEFAULT_REFERENCE[dimension]].values()) == {1}


def test_headcounts_are_plausible_for_the_profession_when_the_cases_are_few():
    plans = plan_synthetic(spec(cases=1000, organisations=20, professions=("doctor", "dentist")))
    for plan in plans:
        for cell in plan.cells:
            low, high = HEADCOUNT_RANGE[cell.profession]
            assert low * 0.8 <= cell.headcount <= high * 1.05  # the latest in range, earlier ones grown back
            assert cell.cases <= cell.headcount * MAX_CONCERN_RATE


def test_headcounts_grow_to_match_when_the_cases_asked_for_would_be_too_many():
    plans = plan_synthetic(spec(cases=200_000, organisations=2))
    headcount = sum(cell.headcount for plan in plans for cell in plan.cells)
    assert 200_000 / headcount == pytest.approx(MAX_CONCERN_RATE, rel=0.01)


def test_the_periods_are_complete_financial_years_up_to_the_last_complete_one():
    assert last_complete_period(dt.date(2026, 11, 27)) == "2025-26"
    assert last_complete_period(dt.date(2026, 3, 31)) == "2024-25"
    # Not spec(): it fills `until` from the real today before this test can name its own.
    made = SyntheticSpec(cases=300, organisations=3, periods=5)
    assert made.checked(today=dt.date(2026, 11, 27)).period_names == (
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
        "2025-26",
    )


def test_cases_are_shared_in_whole_numbers_that_add_up():
    assert split(10, [1, 1, 1]) == [4, 3, 3]
    assert split(0, [1, 2]) == [0, 0]
    assert sum(split(1_000_003, [3.2, 0.0, 7.9, 1.1])) == 1_000_003
    assert split(5, [0, 1])[0] == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"cases": -1}, "--cases"),
        ({"organisations": 0}, "--organisations"),
        ({"periods": 0}, "--periods"),
        ({"professions": ("surgeon",)}, "--profession"),
        ({"until": "2025-27"}, "--until"),
    ],
)
def test_bad_parameters_are_refused_naming_the_option(values, message):
    with pytest.raises(SyntheticDataError, match=message):
        SyntheticSpec(**{"cases": 10, "organisations": 1, **values}).checked()


def test_the_rows_recover_the_true_relative_likelihoods_for_one_organisation():
    """Without the report: entrants per head in each group, against the reference group, from the rows."""
    plan = plan_synthetic(spec(cases=60_000, organisations=1, periods=1))[0]
    (cell,) = plan.cells
    made = list(cell_cases(cell, seed=1, stream="001"))
    for dimension in Dimension:
        reference = DEFAULT_REFERENCE[dimension]
        for stage in Stage:
            column = None if stage == Stage.ANY_CONCERN else str(stage)
            entrants = Counter(getattr(r, dimension) for r in made if column is None or getattr(r, column))
            for group, truth in TRUE_RELATIVE_LIKELIHOOD[dimension].items():
                if group in NOT_COMPARED or group == reference:
                    continue
                a, c = entrants[group], entrants[reference]
                observed = (a / cell.headcounts[dimension][group]) / (
                    c / cell.headcounts[dimension][reference]
                )
                standard_error = math.sqrt(1 / a + 1 / c)
                assert standard_error < 0.25, (dimension, group, stage)
                assert abs(math.log(observed / truth[stage])) < 4 * standard_error, (dimension, group, stage)


# ---- the command ------------------------------------------------------------------------------------------


def test_the_command_makes_the_organisations_baselines_and_cases(db):
    out = run("--cases", "500", "--organisations", "3", "--until", "2025-26")
    organisations = Organisation.objects.filter(slug__startswith="synthetic-").order_by("slug")
    assert [(o.slug, o.name, o.ods_code) for o in organisations] == [
        ("synthetic-001", "Synthetic Trust 001", "ZZS001"),
        ("synthetic-002", "Synthetic Trust 002", "ZZS002"),
        ("synthetic-003", "Synthetic Trust 003", "ZZS003"),
    ]
    assert HistoricCase.objects.count() == 500
    assert WorkforceBaseline.objects.count() == 3 * 5 * GROUPS_PER_PERIOD
    batches = ImportBatch.objects.all()
    assert {b.kind for b in batches} == {ImportBatch.Kind.SYNTHETIC} and len(batches) == 3
    assert sum(b.rows for b in batches) == 500
    assert set(HistoricCase.objects.values_list("period", flat=True)) == {
        "2021-22",
        "2022-23",
        "2023-24",
        "2024-25",
        "2025-26",
    }
    assert AuditEvent.objects.filter(action="equality.synthetic_data_created").count() == 3
    assert audit.verify_chain()[1] is None
    assert "500 historic cases" in out and "synthetic-001 to synthetic-003" in out


def test_the_command_writes_what_the_generator_draws(db):
    asked = spec(cases=200, organisations=2, professions=("doctor", "pharmacist"), seed=3)
    run(
        "--cases",
        "200",
        "--organisations",
        "2",
        "--until",
        "2025-26",
        "--seed",
        "3",
        "--profession",
        "doctor",
        "--profession",
        "pharmacist",
    )
    expected = sorted(
        (slug, row.reference, row.ethnicity, row.date_raised, row.exclusion) for slug, row in rows(asked)
    )
    written = sorted(
        HistoricCase.objects.values_list(
            "organisation__slug", "reference", "ethnicity", "date_raised", "exclusion"
        )
    )
    assert written == expected


def test_running_again_with_the_same_parameters_changes_nothing(db):
    run("--cases", "100", "--organisations", "2", "--until", "2025-26")
    ids = list(HistoricCase.objects.order_by("pk").values_list("pk", flat=True))
    events = AuditEvent.objects.count()
    out = run("--cases", "100", "--organisations", "2", "--until", "2025-26")
    assert "nothing changed" in out
    assert list(HistoricCase.objects.order_by("pk").values_list("pk", flat=True)) == ids
    assert AuditEvent.objects.count() == events


def test_other_parameters_are_refused_without_replace_and_change_nothing(db):
    run("--cases", "100", "--organisations", "2", "--until", "2025-26")
    with pytest.raises(CommandError, match="--replace"):
        run("--cases", "150", "--organisations", "2", "--until", "2025-26")
    assert HistoricCase.objects.count() == 100


def test_replace_deletes_the_synthetic_data_made_before_and_makes_the_new(db):
    run("--cases", "100", "--organisations", "3", "--until", "2025-26")
    out = run("--cases", "40", "--organisations", "2", "--until", "2025-26", "--seed", "9", "--replace")
    assert HistoricCase.objects.count() == 40
    assert set(HistoricCase.objects.values_list("organisation__slug", flat=True)) <= {
        "synthetic-001",
        "synthetic-002",
    }
    assert ImportBatch.objects.count() == 2
    assert WorkforceBaseline.objects.count() == 2 * 5 * GROUPS_PER_PERIOD
    assert "replacing 100 cases" in out
    assert AuditEvent.objects.filter(action="equality.synthetic_data_deleted").count() == 3


def test_an_organisation_the_generator_did_not_make_is_never_added_to(db):
    OrganisationFactory(slug="synthetic-002", name="Riverside Fictional NHS Trust", ods_code="ZZR99")
    with pytest.raises(CommandError, match=r"synthetic-002 .* was not made by the synthetic data generator"):
        run("--cases", "100", "--organisations", "3")
    assert not HistoricCase.objects.exists()
    assert not Organisation.objects.filter(slug="synthetic-001").exists()


def test_an_ods_code_held_by_another_organisation_is_refused(db):
    OrganisationFactory(slug="hillside", ods_code="ZZS001")
    with pytest.raises(CommandError, match="ZZS001 belongs to hillside"):
        run("--cases", "10", "--organisations", "1")
    assert not HistoricCase.objects.exists()


def test_a_synthetic_organisation_with_real_imported_data_is_refused(db):
    organisation = OrganisationFactory(slug="synthetic-001", name="Synthetic Trust 001", ods_code="ZZS001")
    ImportBatch.objects.create(
        organisation=organisation, kind=ImportBatch.Kind.CASES, filename="x.csv", sha256="0" * 64, rows=0
    )
    with pytest.raises(CommandError, match="holds real cases or imported data"):
        run("--cases", "10", "--organisations", "1")
    assert not HistoricCase.objects.exists()


@override_settings(DEMO_MODE=False)
def test_the_command_refuses_outside_demo_mode_and_makes_nothing(db):
    with pytest.raises(CommandError, match="Demo mode is off"):
        run("--cases", "10", "--organisations", "1")
    assert not Organisation.objects.exists()


@override_settings(DEMO_MODE=False)
def test_the_service_refuses_outside_demo_mode(db):
    from faircase.demo.services import DemoModeRequired

    with pytest.raises(DemoModeRequired):
        generate_synthetic(spec=SyntheticSpec(cases=1, organisations=1), by="test")


def test_bad_arguments_are_refused_with_a_one_line_reason(db):
    with pytest.raises(CommandError, match="--organisations must be 1 or more"):
        run("--cases", "10", "--organisations", "0")
    assert not Organisation.objects.exists()


# ---- the report recovers the built-in disproportionality -------------------------------------------------


@pytest.fixture(scope="module")
def one_large_organisation(django_db_setup, django_db_blocker):
    asked = SyntheticSpec(cases=40_000, organisations=1, periods=1, until="2025-26", seed=11)

    def load():
        generate_synthetic(spec=asked, by="test")
        return Organisation.objects.get(slug="synthetic-001")

    with rolled_back(django_db_blocker, load) as organisation:
        yield organisation


@pytest.mark.parametrize("stage", list(Stage))
@pytest.mark.parametrize("dimension", list(Dimension))
def test_the_report_recovers_the_built_in_relative_likelihoods(one_large_organisation, db, dimension, stage):
    report = build_report(
        organisations=[one_large_organisation],
        period="2025-26",
        profession="doctor",
        dimension=dimension,
        stage=stage,
    )
    compared = [
        row for row in report.groups if row.group not in NOT_COMPARED and row.group != report.reference_group
    ]
    assert compared
    for row in compared:
        truth = TRUE_RELATIVE_LIKELIHOOD[dimension][row.group][stage]
        observed = float(row.relative_likelihood)
        # The 95% interval's half-width on the log scale is 1.96 standard errors.
        standard_error = (math.log(row.ci_high) - math.log(observed)) / 1.96
        assert standard_error < 0.25, row
        assert abs(math.log(observed / truth)) < 4 * standard_error, (row.group, observed, truth)
        assert row.flag == ("above" if observed > 1.25 else "below" if observed < 0.8 else "within")
