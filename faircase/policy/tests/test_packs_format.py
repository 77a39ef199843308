"""The policy pack file format: the shipped packs, and the errors a bad file gets (line and field)."""

import pytest

from faircase.core.readers import UnreadableFile
from faircase.policy import packs
from faircase.policy.models import PolicyPackVersion

# The SHA-256 (first 16 hex digits) of each release-1 file as it was on main before release 2.
RELEASE_1_DIGESTS = {
    "local": "be15f731a6d88c73",
    "mhps_england": "a0f21d3b2562a836",
    "mhps_hpss": "a049fb773b5f6104",
    "performers_lists": "5e393f9a503c6c79",
    "upsw": "62568ae582e3044a",
}


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
    assert (review["amount"], review["unit"], review["satisfied_by"], review["renewal"]) == (
        4,
        "weeks",
        "period_reviewed",
        "review",
    )
    assert "right to return to work" in review["overdue_message"]
    # The right to return when a review is not held: an alert on the last day of each period, and after it.
    assert 0 in review["reminder_days"]
    notice = rules["capability_hearing_notice"]
    assert (notice["direction"], notice["starts_on"], notice["amount"], notice["unit"]) == (
        "before",
        "capability_hearing_date",
        20,
        "working_days",
    )
    assert rules["exclusion_six_months"]["not_when"] == ["criminal_investigation"]


def test_release_2_corrects_what_the_review_found_wrong_in_the_england_pack():
    rules = _rules("mhps_england")
    # Advice after three periods of four weeks: due by the end of the third period, not when it starts.
    third = rules["advice_third_period"]
    assert (third["period_number"], third["amount"], third["unit"], third["first_day_counts"]) == (
        3,
        4,
        "weeks",
        True,
    )
    assert "2014" in third["source"]
    # Six months are six calendar months, and the mark stays in criminal cases as a six-monthly review.
    six = rules["exclusion_six_months"]
    assert (six["amount"], six["unit"], six["first_day_counts"]) == (6, "months", True)
    criminal = rules["exclusion_six_monthly_criminal"]
    assert (criminal["only_when"], criminal["amount"], criminal["unit"], criminal["repeats"]) == (
        ["criminal_investigation"],
        6,
        "months",
        True,
    )
    # Capability timescales apply to capability hearings and their appeals only.
    for key in ("capability_hearing_notice", "capability_hearing_documents"):
        assert rules[key]["starts_on"] == "capability_hearing_date"
    for key in ("appeal_lodged", "appeal_hearing", "appeal_decision"):
        assert rules[key]["only_when"] == ["capability"]
    assert not [r for r in rules.values() if r["starts_on"] == "hearing_date"]


def test_release_2_adds_the_rules_the_review_found_missing():
    england = _rules("mhps_england")
    before = england["advice_before_immediate_exclusion"]
    assert (before["restriction_kinds"], before["satisfied_by_record"], before["record_window_days"]) == (
        ["immediate_exclusion"],
        "advice_contact",
        15,
    )
    assert england["prolonged_exclusion_advice"]["satisfied_by_record"] == "advice_contact"
    assert england["restriction_review"]["restriction_kinds"] == ["restriction"]
    notifications = {n["key"] for n in packs.parse_pack(packs.shipped_text("mhps_england"))["notifications"]}
    assert {
        "advice_before_immediate_exclusion",
        "return_to_work_plan",
        "monthly_exclusions_return",
    } <= notifications
    performers = _rules("performers_lists")
    assert performers["mandatory_suspension_interim_order"]["starts_on"] == "interim_suspension_order"
    assert "reg 12(1A)" in performers["mandatory_suspension_interim_order"]["source"]
    assert "reg 13" in performers["payments_during_suspension"]["source"]
    assert "reg 13" in performers["payments_reconsidered"]["source"]
    tribunal = performers["appeal_first_tier_tribunal"]
    assert (tribunal["amount"], tribunal["unit"], tribunal["status"]) == (28, "calendar_days", "to_confirm")
    ni = _rules("family_practitioners_ni")
    assert (ni["appeal_to_department"]["amount"], ni["appeal_to_department"]["source"][-8:]) == (
        45,
        "reg 5(2)",
    )
    gp = ni["gp_list_suspension_limit"]
    assert (gp["amount"], gp["unit"], gp["renewal"]) == (6, "months", "order") and "12A" in gp["source"]
    wales = _rules("performers_lists_wales")
    limit = wales["welsh_suspension_period"]
    assert (limit["amount"], limit["unit"], limit["source"][-9:]) == (6, "months", "reg 13(2)")
    assert "reg 14(2)" in wales["welsh_review_request_first"]["source"]
    assert "reg 14(3)" in wales["welsh_review_after_review"]["source"]


def test_northern_ireland_employment_mirrors_england_to_be_confirmed_and_primary_care_has_its_own_pack():
    content = packs.parse_pack(packs.shipped_text("mhps_hpss"))
    assert content["nation"] == "northern-ireland"
    assert {r["status"] for r in content["rules"]} == {"to_confirm"}
    assert not [r for r in content["rules"] if r["key"].startswith("hsc_")]
    primary = packs.parse_pack(packs.shipped_text("family_practitioners_ni"))
    assert primary["nation"] == "northern-ireland"
    for words in ("dental, ophthalmic and pharmaceutical", "regulation 12A", "April 2022"):
        assert words in " ".join(primary["description"].split())
    rules = {r["key"]: r for r in primary["rules"]}
    assert (rules["hsc_decide_after_complaint"]["amount"], rules["hsc_decide_after_complaint"]["unit"]) == (
        28,
        "calendar_days",
    )
    assert (rules["hsc_decide_after_notice"]["amount"], rules["hsc_decide_after_notice"]["unit"]) == (
        26,
        "weeks",
    )
    assert {r["status"] for r in rules.values() if r["key"].startswith("hsc_")} == {"verified"}


def test_wales_employment_cites_part_i_and_its_performers_rules_have_their_own_pack():
    content = packs.parse_pack(packs.shipped_text("upsw"))
    assert content["nation"] == "wales"
    rules = {r["key"]: r for r in content["rules"]}
    assert not [key for key in rules if key.startswith("welsh_performer")]
    assert rules["formal_exclusion_review"]["status"] == "to_confirm"
    stages = {s["code"]: s["description"] for s in content["stages"]}
    assert "UPSW Part I," in stages["initial_assessment"]
    performers = packs.parse_pack(packs.shipped_text("performers_lists_wales"))
    assert performers["nation"] == "wales"
    welsh = {r["key"]: r for r in performers["rules"]}
    assert welsh["welsh_performer_representations"]["status"] == "verified"
    assert welsh["welsh_performer_decision_notified"]["amount"] == 7


def test_performers_lists_cite_the_2013_regulations_and_let_an_order_extend_a_suspension():
    pack = packs.shipped_pack("performers_lists")
    names = [stage.name for stage in pack.workflow.stages]
    assert names[:2] == ["Concern received", "Performance Advisory Group"]
    assert "Decision Panel" in names and "First-tier Tribunal appeal" in names
    rules = {r.key: r for r in pack.rules}
    notice = rules["suspension_oral_hearing_notice"]
    assert (notice.amount, notice.unit, notice.direction, notice.status) == (
        2,
        "working_days",
        "before",
        "verified",
    )
    assert notice.source == "NHS (Performers Lists) (England) Regulations 2013 (SI 2013/335), reg 12(2)"
    for rule in pack.rules:
        cites_regulations = "Regulations" in rule.source
        assert not cites_regulations or "SI 2013/335" in rule.source or "revoked 2004" in rule.source, (
            rule.key
        )
        assert "NHS (Performers Lists) Regulations 2004" not in rule.source, rule.key
    period = rules["suspension_period"]
    assert (period.amount, period.unit, period.renewal, period.status) == (6, "months", "order", "to_confirm")
    assert "suspension_six_months" not in rules
    assert any(n.to == "NHS Resolution" and n.verified for n in pack.notifications)


def test_a_rule_reads_its_period_in_words():
    rules = {r.key: r for r in packs.shipped_pack("mhps_england").rules}
    assert (
        rules["capability_hearing_notice"].period_in_words()
        == "20 working days before the capability hearing"
    )
    assert (
        rules["immediate_exclusion_limit"].period_in_words()
        == "2 weeks from the day each period starts, that day counted"
    )
    assert rules["exclusion_six_months"].period_in_words() == (
        "6 months from the day the restriction started, that day counted"
    )
    assert (
        rules["advice_third_period"].period_in_words()
        == "4 weeks from the day period 3 starts, that day counted"
    )
    assert rules["practitioner_comments"].period_in_words() == (
        "10 working days after the report was shared with the practitioner"
    )


@pytest.mark.django_db
def test_the_migrations_load_release_1_as_version_1_and_release_2_as_the_next_version():
    national = PolicyPackVersion.objects.filter(organisation__isnull=True)
    first = set(packs.released_keys(1))
    added = set(packs.released_keys(2)) - first
    assert added == {"performers_lists_wales", "family_practitioners_ni"}
    assert sorted(national.values_list("key", "number")) == sorted(
        [(k, 1) for k in first] + [(k, 2) for k in first] + [(k, 1) for k in added]
    )
    for key in first:
        old = national.get(key=key, number=1)
        assert old.content == packs.parse_pack(packs.shipped_text(key, release=1))
        new = national.get(key=key, number=2)
        assert new.based_on_id == old.pk and new.change_note.startswith("Release 2")
        assert {**new.content, "change_note": ""} == packs.parse_pack(packs.shipped_text(key))
    assert packs.national_version("mhps_england").number == 2


def test_a_released_pack_is_never_changed():
    """Release 1 is what installations loaded as version 1: its files stay as released."""
    import hashlib

    digests = {
        key: hashlib.sha256(packs.shipped_text(key, release=1).encode()).hexdigest()[:16]
        for key in packs.released_keys(1)
    }
    assert digests == RELEASE_1_DIGESTS


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
