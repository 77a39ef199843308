"""build_report() on hand-worked examples: historic and live cases counted together, distinct practitioners,
what reaching each stage means for a live case, progression from stage to stage, the trend, several
organisations with a funnel plot, missing baselines said plainly, and the JSON of issue 5 item 4."""

import datetime as dt
from fractions import Fraction

import pytest

from faircase.accounts.tests.factories import member
from faircase.cases.models import Case
from faircase.cases.tests.factories import PractitionerFactory
from faircase.core.models import AuditEvent
from faircase.equality import reports
from faircase.equality.tests.report_helpers import (
    baselines,
    historic,
    live_case,
    moved_to,
    referred,
    restricted,
)

pytestmark = pytest.mark.django_db

ETHNICITY = {"white": 2430, "mixed": 40, "asian": 600, "black": 750, "other": 30, "not_stated": 150}


def _report(organisations, **choices):
    defaults = {
        "period": "2025-26",
        "profession": "doctor",
        "dimension": "ethnicity",
        "stage": "formal_investigation",
    }
    return reports.build_report(organisations=organisations, **{**defaults, **choices})


def _row(report, group):
    return next(r for r in report.groups if r.group == group)


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst")


def test_the_wres_example_gives_the_json_of_issue_five(organisation):
    # White: 17 of 2,430 entered formal investigation (0.70%); black: 9 of 750 (1.2%). RL = 729/425 = 1.7153,
    # interval 0.7678 to 3.8320 (worked in test_statistics). Asian: 6 of 600 (1%): RL = (6 x 2430) / (600 x 17)
    # = 14580 / 10200 = 1.4294; SE = sqrt(1/6 - 1/600 + 1/17 - 1/2430) = 0.472665, so 1.4294 x exp(-/+ 0.926406)
    # = 0.5660 to 3.6099. Mixed 3 and other 0: too few. Not stated 2: not compared.
    baselines(organisation, ETHNICITY)
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 40, ethnicity="white")  # a concern, but no formal investigation
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 6, ethnicity="asian", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    historic(organisation, 2, ethnicity="not_stated", formal_investigation=True)
    result = reports.report_as_json(_report([organisation]))
    assert result == {
        "organisation": "riverside",
        "period": "2025-26",
        "profession": "doctor",
        "dimension": "ethnicity",
        "stage": "formal_investigation",
        "reference_group": "white",
        "groups": [
            {"group": "white", "headcount": 2430, "entrants": 17, "rate": 0.006996, "relative_likelihood": None,
             "ci_low": None, "ci_high": None, "flag": "reference", "significant": None, "suppressed": False},
            {"group": "mixed", "headcount": 40, "entrants": 3, "rate": 0.075, "relative_likelihood": None,
             "ci_low": None, "ci_high": None, "flag": "too_few", "significant": None, "suppressed": False},
            {"group": "asian", "headcount": 600, "entrants": 6, "rate": 0.01, "relative_likelihood": 1.4294,
             "ci_low": 0.566, "ci_high": 3.6099, "flag": "above", "significant": False, "suppressed": False},
            {"group": "black", "headcount": 750, "entrants": 9, "rate": 0.012, "relative_likelihood": 1.7153,
             "ci_low": 0.7678, "ci_high": 3.832, "flag": "above", "significant": False, "suppressed": False},
            {"group": "other", "headcount": 30, "entrants": 0, "rate": 0.0, "relative_likelihood": None,
             "ci_low": None, "ci_high": None, "flag": "too_few", "significant": None, "suppressed": False},
            {"group": "not_stated", "headcount": 150, "entrants": 2, "rate": 0.013333, "relative_likelihood": None,
             "ci_low": None, "ci_high": None, "flag": "not_compared", "significant": None, "suppressed": False},
        ],
    }  # fmt: skip


def test_published_the_small_counts_go_and_enough_else_that_they_cannot_be_worked_out(organisation):
    # Formal investigation: white 17, mixed 3, asian 6, black 9, other 0, not stated 2; total 37.
    # Mixed (3) and not stated (2) are small; together 5, so the total can stay and the rest are shown.
    baselines(organisation, ETHNICITY)
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 6, ethnicity="asian", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    historic(organisation, 2, ethnicity="not_stated", formal_investigation=True)
    report = _report([organisation], publish=True)
    groups = {row["group"]: row for row in reports.report_as_json(report)["groups"]}
    assert groups["mixed"] | {"headcount": 40} == {
        "group": "mixed", "headcount": 40, "entrants": None, "rate": None, "relative_likelihood": None,
        "ci_low": None, "ci_high": None, "flag": "too_few", "significant": None, "suppressed": True,
    }  # fmt: skip
    assert groups["not_stated"]["entrants"] is None and groups["not_stated"]["suppressed"]
    assert groups["black"]["entrants"] == 9 and groups["black"]["relative_likelihood"] == 1.7153
    assert report.total.entrants == 37
    assert report.missing.entrants is None and report.missing.no_record is None


def test_one_small_count_takes_another_group_with_it_never_the_total(organisation):
    # White 17, black 9, mixed 3: mixed goes, and so must one more group, or 29 - 17 - 9 gives it back. The
    # total stays (the same in every dimension and every request: issue 9), the usual reference group (white)
    # is kept to the last, and among the others the non-zero one goes: black.
    baselines(organisation, ETHNICITY)
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    historic(organisation, 3, ethnicity="mixed", formal_investigation=True)
    report = _report([organisation], publish=True)
    assert _row(report, "mixed").entrants is None
    black = _row(report, "black")
    assert black.entrants is None and black.suppressed and black.relative_likelihood is None
    assert black.flag == "too_few"  # as a small group is: the two cannot be told apart
    assert report.total.entrants == 29 and not report.total.suppressed
    assert _row(report, "white").entrants == 17
    assert _row(report, "mixed").headcount == 40  # headcounts are a table of their own, with nothing small


def test_a_practitioner_with_two_cases_in_the_period_counts_once(organisation):
    baselines(organisation, ETHNICITY)
    historic(organisation, 2, ethnicity="black", formal_investigation=True, key="K-SAME")
    historic(organisation, 1, ethnicity="black", key="K-SAME", date_raised=dt.date(2026, 3, 31))
    historic(organisation, 1, ethnicity="black", formal_investigation=True, date_raised=dt.date(2025, 3, 31))
    report = _report([organisation])
    assert _row(report, "black").entrants == 1  # the 31 March 2025 case is in 2024-25
    assert _report([organisation], stage="any_concern").groups[3].entrants == 1


def test_live_cases_count_by_their_earliest_concern_and_the_evidence_of_each_stage(organisation, analyst):
    cm = member(organisation, "case_manager", username="cm2")
    black = {"ethnicity": "N"}
    baselines(organisation, ETHNICITY)
    investigated = live_case(organisation, cm, equality=black)
    moved_to(investigated, "formal_investigation", cm)
    excluded = live_case(organisation, cm, equality=black)
    restricted(excluded, "immediate_exclusion", cm)
    restricted(live_case(organisation, cm, equality=black), "restriction", cm)  # not an exclusion
    sanctioned = live_case(organisation, cm, equality=black)
    Case.objects.filter(pk=sanctioned.pk).update(outcome="final_warning")
    referred(live_case(organisation, cm, equality=black), cm)
    Case.objects.filter(pk=live_case(organisation, cm, equality=black).pk).update(
        outcome="referred_to_regulator"
    )
    live_case(organisation, cm, equality=black, raised_on=dt.date(2025, 3, 31))  # 2024-25
    live_case(organisation, cm, equality=None)  # no equality record: missing data
    live_case(
        organisation, cm, equality=black, profession="dentist", regulator="gdc", registration_number="8123"
    )
    counts = {
        stage: _row(_report([organisation], stage=stage), "black").entrants
        for stage in ("any_concern", "formal_investigation", "exclusion", "sanction", "regulator_referral")
    }
    assert counts == {
        "any_concern": 6,
        "formal_investigation": 1,
        "exclusion": 1,
        "sanction": 1,
        "regulator_referral": 2,
    }
    report = _report([organisation], stage="any_concern")
    assert _row(report, "not_stated").entrants == 1
    assert report.missing.no_record == 1
    assert [t.period for t in report.trend] == ["2024-25", "2025-26"]
    assert _row(report, "black").entrants == 6
    assert next(r for r in report.trend[0].rows if r.group == "black").entrants == 1


def test_live_and_historic_cases_count_together_and_a_live_practitioner_with_two_cases_once(organisation):
    cm = member(organisation, "case_manager", username="cm3")
    baselines(organisation, ETHNICITY)
    practitioner = PractitionerFactory(organisation=organisation)
    first = live_case(organisation, cm, practitioner=practitioner, equality={"ethnicity": "H"})
    second = live_case(organisation, cm, practitioner=practitioner, equality={"ethnicity": "H"})
    moved_to(first, "formal_investigation", cm)
    moved_to(second, "formal_investigation", cm)
    historic(organisation, 4, ethnicity="asian", formal_investigation=True)
    assert _row(_report([organisation]), "asian").entrants == 5


def test_progression_from_each_stage_to_the_next_counts_cases_that_reached_both(organisation):
    # Black: 20 with a concern, 10 of them investigated, 5 of those also excluded; 2 excluded without an
    # investigation. White: 100 with a concern, 10 investigated, 1 of those excluded.
    baselines(organisation, ETHNICITY)
    historic(organisation, 5, ethnicity="black", formal_investigation=True, exclusion=True)
    historic(organisation, 5, ethnicity="black", formal_investigation=True)
    historic(organisation, 2, ethnicity="black", exclusion=True)
    historic(organisation, 8, ethnicity="black")
    historic(organisation, 1, ethnicity="white", formal_investigation=True, exclusion=True)
    historic(organisation, 9, ethnicity="white", formal_investigation=True)
    historic(organisation, 90, ethnicity="white")
    report = _report([organisation], stage="exclusion")
    first, second = report.progression[0], report.progression[1]
    black = next(r for r in first.rows if r.group == "black")
    assert (black.headcount, black.entrants) == (20, 10)
    # (10 / 20) / (10 / 100) = 5
    assert black.relative_likelihood == 5
    black_on = next(r for r in second.rows if r.group == "black")
    white_on = next(r for r in second.rows if r.group == "white")
    assert (black_on.headcount, black_on.entrants) == (10, 5)
    assert (white_on.headcount, white_on.entrants) == (10, 1)
    assert black_on.flag == "too_few"  # the reference group has 1 moving on
    assert _row(report, "black").entrants == 7  # entrants to exclusion, with or without an investigation


def test_several_organisations_are_summed_and_compared_in_a_funnel(organisation, other_organisation):
    baselines(organisation, {"white": 1000, "black": 1000})
    baselines(other_organisation, {"white": 3000, "black": 1000})
    historic(organisation, 10, ethnicity="white", formal_investigation=True)
    historic(organisation, 40, ethnicity="black", formal_investigation=True)
    historic(other_organisation, 30, ethnicity="white", formal_investigation=True)
    historic(other_organisation, 20, ethnicity="black", formal_investigation=True)
    report = _report([organisation, other_organisation])
    # White 40 of 4,000 (1%), black 60 of 2,000 (3%): RL 3. Overall 100 of 6,000.
    assert _row(report, "black").relative_likelihood == 3
    assert report.funnel.overall_rate == Fraction(1, 60)
    points = {p.slug: p for p in report.funnel.points}
    assert (points["riverside"].entrants, points["riverside"].headcount) == (50, 2000)
    # Riverside 2.5% of 2,000 against 1.667%: the 99.8% limit is 1.667% + 3.09 x 0.286% = 2.55%, the 95% limit
    # 2.23%: above the 95% limit only.
    assert points["riverside"].position == "above_95"
    assert reports.report_as_json(report)["organisation"] == ["riverside", "hillside"]


def test_an_organisation_without_a_baseline_is_named_and_left_out_of_the_rates(
    organisation, other_organisation
):
    baselines(organisation, {"white": 1000, "black": 1000})
    historic(organisation, 10, ethnicity="white", formal_investigation=True)
    historic(other_organisation, 99, ethnicity="white", formal_investigation=True)
    report = _report([organisation, other_organisation])
    assert report.left_out == ["Hillside Fictional Health Board"]
    assert _row(report, "white").entrants == 10


def test_no_baseline_at_all_is_said_plainly_and_nothing_is_divided_by_zero(organisation):
    historic(organisation, 10, ethnicity="white", formal_investigation=True)
    historic(organisation, 10, ethnicity="black", formal_investigation=True)
    report = _report([organisation])
    black = _row(report, "black")
    assert (black.headcount, black.entrants, black.rate, black.flag) == (None, 10, None, "no_baseline")
    assert black.problem == "no workforce baseline for this group"
    assert report.total.rate is None


def test_more_entrants_than_the_baseline_is_flagged_not_computed(organisation):
    baselines(organisation, {"white": 1000, "black": 5})
    historic(organisation, 10, ethnicity="white", formal_investigation=True)
    historic(organisation, 8, ethnicity="black", formal_investigation=True)
    black = _row(_report([organisation]), "black")
    assert black.flag == "no_baseline" and black.rate is None
    assert black.problem == "more entrants than the workforce baseline holds: check the baseline"


def test_another_reference_group_can_be_chosen_and_a_wrong_one_is_refused(organisation):
    baselines(organisation, ETHNICITY)
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    report = _report([organisation], reference="black")
    assert report.reference_group == "black"
    assert _row(report, "white").relative_likelihood == Fraction(425, 729)
    for bad in ("uk", "not_stated", "nobody"):
        with pytest.raises(reports.ReportError):
            _report([organisation], reference=bad)
    with pytest.raises(reports.ReportError):
        _report([organisation], period="2025-2026")


def test_other_dimensions_read_their_own_column_and_default_reference(organisation):
    baselines(organisation, {"uk": 2000, "eea": 200, "rest_of_world": 800, "not_known": 10}, dimension="pmq")
    historic(organisation, 10, pmq="uk", formal_investigation=True)
    historic(organisation, 12, pmq="rest_of_world", formal_investigation=True)
    report = _report([organisation], dimension="pmq")
    assert report.reference_group == "uk"
    # (12 / 800) / (10 / 2000) = 3
    assert _row(report, "rest_of_world").relative_likelihood == 3


def test_reading_the_report_is_audited(organisation, analyst):
    baselines(organisation, ETHNICITY)
    reports.report_for(
        by=analyst, organisations=[organisation], period="2025-26", profession="doctor", dimension="ethnicity",
        stage="formal_investigation", publish=True, channel="page",
    )  # fmt: skip
    event = AuditEvent.objects.get(action="equality.report_read")
    assert event.summary["detail"]["published"] is True
    assert event.object_id == "riverside:2025-26:doctor:ethnicity:formal_investigation"


def test_a_report_on_several_organisations_is_audited_naming_each_in_the_detail(
    organisation, other_organisation, analyst
):
    reports.report_for(
        by=analyst, organisations=[organisation, other_organisation], period="2025-26", profession="doctor",
        dimension="ethnicity", stage="formal_investigation",
    )  # fmt: skip
    event = AuditEvent.objects.get(action="equality.report_read")
    assert event.object_id == "2 organisations:2025-26:doctor:ethnicity:formal_investigation"
    assert event.organisation is None
    assert event.summary["detail"]["organisations"] == ["riverside", "hillside"]
