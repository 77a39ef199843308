"""The closure checklist and the review focus live in the policy pack files, checked when a pack is read."""

import pytest

from faircase.cases import closure
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.framework.selectors import considerations_in, current_version
from faircase.policy.pack_extras import CLOSURE_CHECKS
from faircase.policy.packs import SHIPPED_KEYS, PackFileError, dump_pack, parse_pack, shipped_text


def test_every_check_a_pack_may_name_is_one_faircase_makes():
    assert set(CLOSURE_CHECKS) == set(closure.CHECKS)


@pytest.mark.parametrize("key", SHIPPED_KEYS)
def test_every_shipped_pack_has_the_four_closure_checks(key):
    content = parse_pack(shipped_text(key))
    assert [item["check"] for item in content["closure_checklist"]] == list(CLOSURE_CHECKS)
    assert all(item["text"] and item["how"] for item in content["closure_checklist"])


@pytest.mark.parametrize("key", SHIPPED_KEYS)
def test_every_shipped_pack_narrows_the_exclusion_review_to_every_principle(key, db):
    content = parse_pack(shipped_text(key))
    codes = set(content["review_focus"]["restriction"]["considerations"])
    national = {c.code: c for c in considerations_in(current_version(None))}
    assert codes <= set(national), "the focus names considerations of the national starter set"
    assert {national[code].principle for code in codes} == {p.value for p in PRINCIPLES_IN_ORDER}


@pytest.mark.parametrize("key", SHIPPED_KEYS)
def test_the_extras_survive_export_and_import(key):
    content = parse_pack(shipped_text(key))
    again = parse_pack(dump_pack(content))
    assert again["closure_checklist"] == content["closure_checklist"]
    assert again["review_focus"] == content["review_focus"]


def _with(text: str) -> str:
    return shipped_text("local").split("\nreview_focus:")[0] + "\n" + text


def test_an_unknown_check_is_refused_naming_its_line():
    with pytest.raises(PackFileError) as error:
        parse_pack(_with("closure_checklist:\n  - check: paperwork_filed\n    text: Filed\n"))
    assert "'paperwork_filed' is not a check faircase makes" in str(error.value)
    assert error.value.line is not None


def test_an_unknown_review_point_in_the_focus_is_refused():
    with pytest.raises(PackFileError) as error:
        parse_pack(_with("review_focus:\n  tea_break:\n    considerations: [WS4]\n"))
    assert "is not a review point" in str(error.value)
    assert error.value.field_name == "tea_break"
