"""The demo's equality data: baselines and history for the demo organisations, the practitioners' equality data,
and the equality analysts who read it (one of them regional)."""

import shutil

import pytest

from faircase.accounts.models import Membership
from faircase.accounts.roles import Role
from faircase.cases.models import Case
from faircase.demo.data import DATA_DIR, DemoDataError, demo_data, read_demo_data
from faircase.demo.equality_data import demo_equality, read_demo_equality
from faircase.demo.services import load_demo
from faircase.demo.synthetic import last_complete_period, periods_up_to
from faircase.equality.choices import GROUPS, Dimension, Stage
from faircase.equality.models import EqualityRecord, HistoricCase, ImportBatch, WorkforceBaseline
from faircase.equality.reports import build_report

DEMO_SLUGS = [o.slug for o in demo_data().organisations]


@pytest.fixture(scope="module")
def loaded(demo_loaded):
    return demo_loaded


@pytest.fixture
def demo(loaded, db):
    return loaded


@pytest.fixture
def data_copy(tmp_path):
    for path in DATA_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def spoil(directory, name, old, new):
    path = directory / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def latest_period():
    from django.utils import timezone

    return last_complete_period(timezone.localdate())


def test_every_demo_organisation_has_baselines_for_five_periods_of_each_of_its_professions(demo):
    periods = set(periods_up_to(latest_period(), 5))
    groups = sum(len(GROUPS[d]) for d in Dimension)
    for slug, specs in demo_equality().workforce.items():
        rows = WorkforceBaseline.objects.filter(organisation__slug=slug)
        assert set(rows.values_list("period", flat=True)) == periods
        assert set(rows.values_list("profession", flat=True)) == {spec.profession for spec in specs}
        assert rows.count() == len(periods) * len(specs) * groups


def test_every_demo_organisation_has_its_history_as_one_synthetic_batch_imported_by_its_analyst(demo):
    for slug in DEMO_SLUGS:
        (batch,) = ImportBatch.objects.filter(organisation__slug=slug)
        assert batch.kind == ImportBatch.Kind.SYNTHETIC
        assert batch.imported_by.username == f"{slug}-equality-analyst"
        assert HistoricCase.objects.filter(batch=batch).count() == batch.rows > 100
    assert demo.equality.historic_cases_created == HistoricCase.objects.count()


def test_every_demo_practitioner_has_equality_data(demo):
    # The case stories and the closed cases behind the consistency lens alike.
    for story in demo_data().all_stories:
        case = Case.objects.get(organisation__slug=story.organisation, reference=story.reference)
        record = EqualityRecord.objects.get(practitioner=case.practitioner)
        assert record.source == EqualityRecord.Source.SELF_REPORTED
        assert record.updated_by.username == f"{story.organisation}-equality-analyst"
    assert demo.equality.equality_records_created == len(demo_data().all_stories) > len(demo_data().stories)


def test_a_regional_equality_analyst_reads_all_three_organisations(demo):
    memberships = Membership.objects.filter(user__username="regional-equality-analyst")
    assert {(m.organisation.slug, m.role) for m in memberships} == {
        (slug, Role.EQUALITY_ANALYST) for slug in DEMO_SLUGS
    }
    assert Membership.objects.filter(
        user__username="riverside-equality-analyst", organisation__slug="riverside"
    ).exists()


def test_loading_again_adds_no_equality_data(demo):
    counts = (HistoricCase.objects.count(), WorkforceBaseline.objects.count(), EqualityRecord.objects.count())
    again = load_demo()
    assert not again.changed_anything
    assert (
        HistoricCase.objects.count(),
        WorkforceBaseline.objects.count(),
        EqualityRecord.objects.count(),
    ) == counts


def test_the_demo_shows_a_real_picture_some_groups_above_some_within_some_too_few(demo):
    period = latest_period()
    for organisations in ([demo_organisation("riverside")], [demo_organisation(s) for s in DEMO_SLUGS]):
        flags = set()
        for dimension in Dimension:
            for stage in (Stage.ANY_CONCERN, Stage.FORMAL_INVESTIGATION):
                report = build_report(
                    organisations=organisations,
                    period=period,
                    profession="doctor",
                    dimension=dimension,
                    stage=stage,
                )
                flags |= {str(row.flag) for row in report.groups}
        assert {"above", "within", "too_few"} <= flags


def demo_organisation(slug):
    from faircase.accounts.models import Organisation

    return Organisation.objects.get(slug=slug)


# ---- the data file is checked before anything loads ------------------------------------------------------


def test_workforce_for_an_organisation_that_is_not_in_the_demo_is_refused(data_copy):
    spoil(data_copy, "equality.yaml", "  northvale:\n", "  southvale:\n")
    with pytest.raises(DemoDataError, match="southvale' is not a demo organisation"):
        read_demo_equality(data_copy, read_demo_data(data_copy))


def test_an_answer_that_is_not_one_of_the_choices_is_refused_naming_the_case(data_copy):
    spoil(data_copy, "equality.yaml", "RIV-0147: {ethnicity: N,", "RIV-0147: {ethnicity: Q,")
    with pytest.raises(DemoDataError, match="RIV-0147: 'ethnicity' must be one of"):
        read_demo_equality(data_copy, read_demo_data(data_copy))


def test_equality_data_for_a_case_that_does_not_exist_is_refused(data_copy):
    spoil(data_copy, "equality.yaml", "RIV-0147:", "RIV-9999:")
    with pytest.raises(DemoDataError, match="RIV-9999: no demo case has this reference"):
        read_demo_equality(data_copy, read_demo_data(data_copy))


def test_a_person_also_in_an_unknown_organisation_is_refused(data_copy):
    spoil(
        data_copy,
        "organisations.yaml",
        "also_in: [bro-derwen, northvale, lough-carragh]",
        "also_in: [bro-derwen, southvale, lough-carragh]",
    )
    with pytest.raises(DemoDataError, match="also_in names southvale"):
        read_demo_data(data_copy)
