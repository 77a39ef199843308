"""The retention schedule as data: the shipped file, what a bad file is told, overrides, and the due date."""

import datetime as dt

import pytest
import yaml

from faircase.cases.choices import Outcome
from faircase.process import clock
from faircase.retention import schedule as retention
from faircase.retention.schedule import ScheduleError, build_schedule, parse_overrides, parse_schedule

SHIPPED_TEXT = retention.SCHEDULE_FILE.read_text(encoding="utf-8")


def shipped_data() -> dict:
    return yaml.safe_load(SHIPPED_TEXT)


def as_text(data: dict) -> str:
    return yaml.safe_dump(data)


def test_the_shipped_schedule_gives_every_outcome_exactly_one_rule_with_a_source():
    shipped = parse_schedule(SHIPPED_TEXT)
    named = [outcome for rule in shipped.cases for outcome in rule.applies_to.outcomes]
    assert sorted(named) == sorted(Outcome.values)
    assert all(rule.source.strip() and rule.status in {"verified", "to_confirm"} for rule in shipped.cases)
    assert {rule.key for rule in shipped.equality} == {"practitioner_equality_data", "workforce_baselines"}


def test_the_longest_rule_that_applies_wins():
    schedule = build_schedule(parse_schedule(SHIPPED_TEXT), None, "riverside")
    quiet = schedule.rule_for(
        outcome="no_case_to_answer", restriction_recorded=False, regulator_referral_recorded=False
    )
    excluded = schedule.rule_for(
        outcome="no_case_to_answer", restriction_recorded=True, regulator_referral_recorded=False
    )
    referred = schedule.rule_for(
        outcome="warning", restriction_recorded=True, regulator_referral_recorded=True
    )
    assert (quiet.key, excluded.key, referred.key) == (
        "no_case_to_answer",
        "exclusion_or_restriction",
        "referral_to_regulator",
    )
    assert quiet.years < excluded.years < referred.years
    # A case closed before outcomes were asked for is kept as "other" is.
    blank = schedule.rule_for(outcome="", restriction_recorded=False, regulator_referral_recorded=False)
    assert blank.key == "formal_action_short_of_sanction"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(format="something-else/1"),
            "must start with format: faircase-retention-schedule/1",
        ),
        (lambda d: d["cases"][0].update(years="one"), "at cases.0.years: Input should be a valid integer"),
        (
            lambda d: d["cases"][0].update(years=-1),
            "at cases.0.years: Input should be greater than or equal to 0",
        ),
        (lambda d: d["cases"][0].update(status="probably"), "at cases.0.status"),
        (lambda d: d["cases"][0].update(colour="blue"), "at cases.0.colour: Extra inputs are not permitted"),
        (
            lambda d: d["cases"][0]["applies_to"].update(outcomes=["no_further_action"]),
            "the outcome no_case_to_answer has no rule",
        ),
        (
            lambda d: d["cases"][1]["applies_to"]["outcomes"].append("warning"),
            "the outcome warning has more than one rule",
        ),
        (lambda d: d["cases"][1].update(key="no_case_to_answer"), "rule no_case_to_answer is listed twice"),
        (
            lambda d: d["cases"][0]["applies_to"].update(outcomes=["sacked"]),
            "at cases.0.applies_to.outcomes.0",
        ),
    ],
)
def test_a_bad_schedule_is_refused_naming_what_is_wrong(change, message):
    data = shipped_data()
    change(data)
    with pytest.raises(ScheduleError) as refused:
        parse_schedule(as_text(data))
    assert message in str(refused.value)
    assert str(refused.value).startswith("The retention schedule")


def test_a_file_that_is_not_yaml_is_refused_plainly():
    with pytest.raises(ScheduleError, match="is not YAML"):
        parse_schedule("cases: [unclosed")


def overrides(*entries: dict) -> str:
    return as_text({"format": "faircase-retention-overrides/1", "overrides": list(entries)})


def test_an_organisation_may_keep_records_longer_and_its_own_override_wins():
    shipped = parse_schedule(SHIPPED_TEXT)
    text = overrides(
        {"rule": "formal_sanction", "years": 8, "reason": "Trust policy HR-12"},
        {"rule": "formal_sanction", "years": 9, "reason": "Riverside policy", "organisation": "riverside"},
    )
    chosen = parse_overrides(text, schedule=shipped, name="overrides.yaml")
    riverside = build_schedule(shipped, chosen, "riverside").rule("formal_sanction")
    northvale = build_schedule(shipped, chosen, "northvale").rule("formal_sanction")
    assert (riverside.years, riverside.shipped_years, riverside.override_reason) == (9, 6, "Riverside policy")
    assert (northvale.years, northvale.shipped_years) == (8, 6)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"rule": "formal_sanction", "years": 2, "reason": "Save space"},
            "is shorter than the schedule's 6 years",
        ),
        ({"rule": "everything", "years": 9, "reason": "x"}, "there is no rule everything"),
        ({"rule": "practitioner_equality_data", "years": 3, "reason": "x"}, "cannot be kept longer"),
        ({"rule": "formal_sanction", "years": 9}, "at overrides.0.reason: Field required"),
    ],
)
def test_an_override_that_would_shorten_or_misname_a_rule_is_refused(entry, message):
    with pytest.raises(ScheduleError) as refused:
        parse_overrides(overrides(entry), schedule=parse_schedule(SHIPPED_TEXT), name="The file x.yaml")
    assert message in str(refused.value)


def test_every_period_not_cited_exactly_is_marked_to_confirm_and_the_schedule_says_so():
    schedule = build_schedule(parse_schedule(SHIPPED_TEXT), None, "riverside")
    # No period could be checked against its source when the schedule was written: none may claim it was.
    assert {rule.status for rule in (*schedule.cases, *schedule.equality)} == {"to_confirm"}
    assert not schedule.all_verified


@pytest.mark.parametrize(
    ("closed_on", "years", "due_on"),
    [
        (dt.date(2025, 12, 26), 1, dt.date(2026, 12, 26)),
        (dt.date(2024, 2, 29), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2026, 3, 31), 0, dt.date(2026, 3, 31)),
    ],
)
def test_a_case_is_due_the_same_day_its_period_of_whole_years_ends(closed_on, years, due_on):
    assert clock.retention_due_on(closed_on, years) == due_on


def test_each_rule_reads_in_welsh_and_keeps_its_english_for_records():
    from django.utils import translation

    schedule = build_schedule(parse_schedule(SHIPPED_TEXT), None, "riverside")
    every = (*schedule.cases, *schedule.equality)
    assert all(rule.title_cy and rule.source_cy for rule in every)
    equality = schedule.rule("practitioner_equality_data")
    with translation.override("cy"):
        assert equality.label == "Data cydraddoldeb ymarferydd"
        assert equality.period == "Yn cael ei ddileu gyda'r achos olaf am yr ymarferydd"
        assert schedule.rule("formal_sanction").period == "6 blynedd"
        assert "Records Management" not in schedule.rule("formal_sanction").source_label
    with translation.override("en"):
        assert equality.label == equality.title == "A practitioner's equality data"
        assert schedule.rule("formal_sanction").period == "6 years"
