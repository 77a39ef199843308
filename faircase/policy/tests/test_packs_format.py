"""The policy pack file format: the shipped packs, and the errors a bad file gets (line and field)."""

import pytest

from faircase.core.readers import UnreadableFile
from faircase.policy import packs
from faircase.policy.models import PolicyPackVersion


def _rules(key):
    return {rule["key"]: rule for rule in packs.parse_pack(packs.shipped_text(key))["rules"]}


@pytest.mark.parametrize("key", packs.SHIPPED_KEYS)
def test_every_shipped_pack_parses_and_survives_export_and_import_unchanged(key):
    content = packs.parse_pack(packs.shipped_text(key))
    assert content["key"] == key
    assert packs.parse_pack(packs.dump_pack(content, organisation="riverside", version=1)) == content


@pytest.mark.parametrize("key", packs.SHIPPED_KEYS)
def test_every_shipped_rule_and_notification_names_its_source_and_status(key):
    content = packs.parse_pack(packs.shipped_text(key))
    for item in content["rules"] + content["notifications"]:
        assert item["source"].strip()
        assert item["status"] in {"verified", "to_confirm"}


def test_mhps_england_tags_each_rule_as_the_process_rules_do():
    rules = _rules("mhps_england")
    assert {k for k, r in rules.items() if r["status"] == "verified"} == {
        "immediate_exclusion_limit",
        "formal_exclusion_review",
        "advice_third_period",
        "exclusion_six_months",
    }
    review = rules["formal_exclusion_review"]
    assert (review["amount"], review["unit"], review["satisfied_by"]) == (4, "weeks", "period_reviewed")
    assert "right to return to work" in review["overdue_message"]
    notice = rules["capability_hearing_notice"]
    assert (notice["direction"], notice["starts_on"], notice["amount"], notice["unit"]) == (
        "before",
        "hearing_date",
        20,
        "working_days",
    )
    assert rules["exclusion_six_months"]["not_when"] == ["criminal_investigation"]


def test_northern_ireland_mirrors_england_to_be_confirmed_with_the_hsc_rules_verified():
    content = packs.parse_pack(packs.shipped_text("mhps_hpss"))
    assert content["nation"] == "northern-ireland"
    verified = {r["key"] for r in content["rules"] if r["status"] == "verified"}
    assert verified == {"hsc_decide_after_complaint", "hsc_decide_after_notice"}
    rules = {r["key"]: r for r in content["rules"]}
    assert (rules["hsc_decide_after_complaint"]["amount"], rules["hsc_decide_after_complaint"]["unit"]) == (
        28,
        "calendar_days",
    )
    assert (rules["hsc_decide_after_notice"]["amount"], rules["hsc_decide_after_notice"]["unit"]) == (
        26,
        "weeks",
    )


def test_wales_uses_its_calendar_and_verifies_the_welsh_performer_timescales():
    content = packs.parse_pack(packs.shipped_text("upsw"))
    assert content["nation"] == "wales"
    rules = {r["key"]: r for r in content["rules"]}
    assert rules["welsh_performer_representations"]["status"] == "verified"
    assert rules["welsh_performer_decision_notified"]["amount"] == 7
    assert rules["formal_exclusion_review"]["status"] == "to_confirm"


def test_performers_lists_has_its_own_stage_names_and_verified_hearing_notice():
    pack = packs.shipped_pack("performers_lists")
    names = [stage.name for stage in pack.workflow.stages]
    assert names[:2] == ["Concern received", "Performance Advisory Group"]
    assert "Decision Panel" in names and "First-tier Tribunal appeal" in names
    notice = next(r for r in pack.rules if r.key == "suspension_oral_hearing_notice")
    assert (notice.amount, notice.unit, notice.direction, notice.status) == (
        2,
        "working_days",
        "before",
        "verified",
    )
    assert notice.source == "NHS (Performers Lists) (England) Regulations 2013, reg 12(2)"
    assert any(n.to == "NHS Resolution" and n.verified for n in pack.notifications)
    six = next(r for r in pack.rules if r.key == "suspension_six_months")
    assert six.status == "to_confirm"


def test_a_rule_reads_its_period_in_words():
    rules = {r.key: r for r in packs.shipped_pack("mhps_england").rules}
    assert rules["capability_hearing_notice"].period_in_words() == "20 working days before the hearing"
    assert (
        rules["immediate_exclusion_limit"].period_in_words()
        == "2 weeks after the immediate exclusion started"
    )
    assert rules["advice_third_period"].period_in_words() == "When period 3 starts"


@pytest.mark.django_db
def test_the_national_packs_are_loaded_as_version_one_by_the_migration():
    national = PolicyPackVersion.objects.filter(organisation__isnull=True)
    assert sorted(national.values_list("key", "number")) == sorted((k, 1) for k in packs.SHIPPED_KEYS)
    version = national.get(key="mhps_england")
    assert version.content == packs.parse_pack(packs.shipped_text("mhps_england"))


# ---- errors name the line and the field ----------------------------------------------------------------

GOOD = packs.shipped_text("local")


def _error(text):
    with pytest.raises(packs.PackFileError) as caught:
        packs.parse_pack(text)
    return caught.value


def _line_of(text, needle):
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_an_unknown_event_is_refused_with_its_line_and_field():
    bad = GOOD.replace("starts_on: report_shared", "starts_on: report_emailed")
    error = _error(bad)
    assert (error.line, error.field_name) == (_line_of(bad, "report_emailed"), "starts_on")
    assert "'report_emailed' is not one of" in str(error)


def test_an_unknown_unit_is_refused():
    bad = GOOD.replace("unit: working_days", "unit: fortnights", 1)
    error = _error(bad)
    assert (error.line, error.field_name) == (_line_of(bad, "fortnights"), "unit")


def test_an_unknown_review_point_on_a_move_is_refused():
    bad = GOOD.replace("review_point: commencement", "review_point: lunch", 1)
    error = _error(bad)
    assert (error.line, error.field_name) == (_line_of(bad, "lunch"), "review_point")


def test_a_move_to_a_stage_the_pack_does_not_have_is_refused():
    bad = GOOD.replace("{from: appeal, to: closed", "{from: appeal, to: tribunal")
    error = _error(bad)
    assert (error.line, error.field_name) == (_line_of(bad, "to: tribunal"), "to")
    assert "is not one of the pack's stages" in str(error)


def test_a_status_other_than_verified_or_to_confirm_is_refused():
    bad = GOOD.replace("status: to_confirm", "status: probably", 1)
    error = _error(bad)
    assert (error.line, error.field_name) == (_line_of(bad, "probably"), "status")


def test_a_rule_without_a_source_is_refused():
    bad = GOOD.replace("    source: Local policy (replace with the section of your policy)\n", "", 1)
    assert _error(bad).field_name == "source"


def test_a_period_number_on_a_clock_that_is_not_a_period_is_refused():
    bad = GOOD.replace("    unit: working_days\n", "    unit: working_days\n    period_number: 3\n", 1)
    error = _error(bad)
    assert error.field_name == "period_number"


def test_an_unknown_field_and_broken_yaml_are_refused():
    assert _error(GOOD.replace("title: Local policy (template)", "titel: x")).field_name == "titel"
    assert _error("format: [unclosed").line == 1
    assert "must be 'faircase-policy-pack/1'" in str(
        _error(GOOD.replace("faircase-policy-pack/1", "other/2"))
    )


@pytest.mark.parametrize(
    "text",
    [GOOD.replace("title: Local policy (template)", "? [title]\n: Local policy"), "stages: " + "[" * 20_000],
    ids=["a complex key", "lists nested 20,000 deep"],
)
def test_a_pack_that_cannot_be_read_is_refused_as_unreadable_not_a_crash(text):
    with pytest.raises(UnreadableFile, match=r"^The file could not be read: "):
        packs.parse_pack(text)
