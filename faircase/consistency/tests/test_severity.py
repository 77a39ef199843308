"""The shipped severity order is pinned, bad files are refused, and the threshold arithmetic holds."""

import copy

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from faircase.cases.choices import Outcome
from faircase.consistency.comparison import build_comparison, percent
from faircase.consistency.severity import SEVERITY_FILE, SeverityFileError, parse, severity
from faircase.policy.choices import Policy
from faircase.policy.packs import shipped_pack


def _shipped():
    return yaml.safe_load(SEVERITY_FILE.read_text(encoding="utf-8"))


def test_the_shipped_severity_order_is_pinned():
    sev = severity()
    assert sev.warn_above_share == 0.5
    assert sev.weak_below == 5
    assert (sev.suppress_below, sev.hidden_exact_from) == (5, 10), "ADR 12: counts of 1 to 4; fewer than 10"
    assert [s.code for s in sev.routes.steps] == ["no_formal_investigation", "formal_investigation"]
    assert sev.formal_stages == ("formal_investigation", "determination", "hearing", "appeal")
    assert [(s.code, s.members) for s in sev.restrictions.steps] == [
        ("none", ()),
        ("restriction", ("restriction", "voluntary_undertaking", "pl_conditions")),
        ("exclusion", ("immediate_exclusion", "formal_exclusion", "pl_suspension")),
    ]
    assert [s.code for s in sev.referrals.steps] == ["not_referred", "referred"]
    assert [(s.code, s.rank) for s in sev.outcomes.steps] == [
        ("no_case_to_answer", 0),
        ("no_further_action", 0),
        ("informal_resolution", 1),
        ("remediation", 2),
        ("warning", 3),
        ("final_warning", 4),
        ("conditions", 5),
        ("referred_to_regulator", 6),
        ("dismissal", 7),
        ("removal_from_list", 7),
        ("other", None),
        ("", None),
    ]


def test_every_outcome_has_exactly_one_place():
    placed = [s.code for s in severity().outcomes.steps if s.code]
    assert sorted(placed) == sorted(Outcome.values)


def test_the_formal_route_covers_the_formal_stages_of_every_shipped_policy_pack():
    formal = set(severity().formal_stages)
    before_or_outside_formal = {"concern_received", "initial_assessment", "informal_resolution", "closed"}
    for policy in Policy.values:
        codes = {stage.code for stage in shipped_pack(policy).workflow.stages}
        assert "formal_investigation" in codes, policy
        assert codes - before_or_outside_formal <= formal, policy


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["outcomes"].pop(), "every outcome must appear exactly once"),
        (lambda d: d["outcomes"].append(["warning"]), "repeated warning"),
        (lambda d: d["restrictions"][2]["kinds"].append("house_arrest"), "unknown kinds: house_arrest"),
        (lambda d: d["routes"][1]["stages"].append("tribunal"), "unknown stages: tribunal"),
        (lambda d: d.update(warn_above_share=1.5), "warn_above_share"),
        (lambda d: d.update(format="something/2"), "format"),
        (lambda d: d["routes"][1].pop("without"), "needs stages and a 'without' phrase"),
        (lambda d: d.pop("suppress_below"), "suppress_below"),
        (lambda d: d.update(suppress_below=1), "suppress_below"),
        (lambda d: d.update(hidden_exact_from=5), "more than suppress_below"),
        (lambda d: d.update(hidden_exact_from="ten"), "hidden_exact_from"),
    ],
)
def test_a_bad_severity_file_is_refused_with_a_reason(change, message):
    data = copy.deepcopy(_shipped())
    change(data)
    with pytest.raises(SeverityFileError, match=message):
        parse(data)


def _rows(route_counts):
    return [
        {
            "route_rank": rank,
            "restriction_rank": 0,
            "referral_rank": 0,
            "outcome": "no_further_action",
            "n": n,
        }
        for rank, n in enumerate(route_counts)
        if n
    ]


@pytest.mark.parametrize(
    ("less", "more", "warns"),
    [
        (0, 0, False),
        (1, 1, False),
        (2, 2, False),
        (3, 2, True),
        (51, 49, True),
        (50, 50, False),
        (1, 0, True),
    ],
)
def test_a_step_is_flagged_only_when_more_than_half_were_less_severe(less, more, warns):
    comparison = build_comparison(_rows([less, more]))
    assert comparison.route.more_severe_than_most(1, above=0.5) is warns


def test_unranked_outcomes_are_counted_but_not_compared():
    rows = [
        {"route_rank": 0, "restriction_rank": 0, "referral_rank": 0, "outcome": "other", "n": 5},
        {"route_rank": 0, "restriction_rank": 0, "referral_rank": 0, "outcome": "no_further_action", "n": 1},
        {"route_rank": 0, "restriction_rank": 0, "referral_rank": 0, "outcome": "warning", "n": 1},
    ]
    comparison = build_comparison(rows)
    assert comparison.outcome.total == 7
    assert comparison.outcome.compared == 2
    warning = severity().outcome_rank("warning")
    assert comparison.outcome.less_severe_than(warning) == 1
    assert not comparison.outcome.more_severe_than_most(warning, above=0.5), "1 of 2 is not more than half"


@given(
    st.lists(st.integers(min_value=0, max_value=40), min_size=3, max_size=3),
    st.integers(min_value=0, max_value=2),
)
def test_the_flag_agrees_with_counting_by_hand(counts, rank):
    rows = [
        {"route_rank": 0, "restriction_rank": r, "referral_rank": 0, "outcome": "", "n": n}
        for r, n in enumerate(counts)
        if n
    ]
    restriction = build_comparison(rows).restriction
    less = sum(counts[:rank])
    assert restriction.total == sum(counts)
    assert restriction.less_severe_than(rank) == less
    assert restriction.more_severe_than_most(rank, above=0.5) is (2 * less > sum(counts))
    assert sum(row.count for row in restriction.rows()) == sum(counts)
    flags = [restriction.more_severe_than_most(r, above=0.5) for r in range(3)]
    assert flags == sorted(flags), "once a step is flagged, every more severe step is flagged too"


@given(st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000))
def test_a_share_is_a_whole_percentage_of_the_whole(part, whole):
    part = min(part, whole)
    shown = percent(part, whole)
    assert shown.endswith("%")
    assert abs(int(shown[:-1]) - 100 * part / whole) <= 0.5
