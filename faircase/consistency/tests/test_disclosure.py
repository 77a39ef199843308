"""The small-number rule of the consistency lens (disclosure.py, ADR 12), without a database: random sets of
comparable cases, some the reader may open and some not, rendered through the lens's own templates as the evidence
page and the check on every significant decision, then read by the attacker of tests/reader.py."""

import uuid
from collections.abc import Mapping
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from faircase.cases.choices import Outcome
from faircase.consistency import presenters
from faircase.consistency.comparison import build_comparison
from faircase.consistency.disclosure import Disclosure, disclose
from faircase.consistency.severity import severity
from faircase.consistency.tests import reader
from faircase.policy.kinds import RestrictionKind

SEV = severity()
OUTCOMES = [step.code for step in SEV.outcomes.steps]


# ---- comparable cases, as the reader's pages show them ---------------------------------------------------------


def _case(route=0, restriction=0, referral=0, outcome="no_further_action", can_open=False):
    if outcome in SEV.referrals.step("referred").members:
        referral = 1  # a case that ended with a referral is referred
    return {
        "route": route,
        "restriction": restriction,
        "referral": referral,
        "outcome": outcome,
        "can_open": can_open,
    }


KIND = st.fixed_dictionaries(
    {
        "route": st.integers(0, 1),
        "restriction": st.integers(0, 2),
        "referral": st.integers(0, 1),
        "outcome": st.sampled_from(OUTCOMES),
    }
)
# Cases drawn one by one, and cases drawn as a few kinds repeated (many alike, a few different: where small
# numbers and warnings on the edge of "more than half" are found).
SCATTERED = st.lists(st.builds(lambda kind, can_open: _case(**kind, can_open=can_open), KIND, st.booleans()))


def _repeated(kinds):
    """[(kind, how many the reader may open, how many not)] as cases."""
    return [
        _case(**kind, can_open=can_open)
        for kind, opened, hidden in kinds
        for can_open, n in ((True, opened), (False, hidden))
        for _ in range(n)
    ]


CLUSTERED = st.lists(st.tuples(KIND, st.integers(0, 8), st.integers(0, 12)), min_size=1, max_size=4).map(
    _repeated
)
# Ten or more the reader cannot open, most alike and a few of other kinds: tables shown and hidden side by side.
MOSTLY_ALIKE = st.tuples(
    st.tuples(KIND, st.integers(0, 6), st.integers(10, 20)),
    st.lists(st.tuples(KIND, st.integers(0, 3), st.integers(1, 6)), max_size=3),
).map(lambda parts: _repeated([parts[0], *parts[1]]))
CASES = st.one_of(SCATTERED.filter(lambda cases: len(cases) <= 30), CLUSTERED, MOSTLY_ALIKE)


def _codes(case: Mapping) -> dict[str, str]:
    return {
        "route": SEV.routes.step_for_rank(case["route"]).code,
        "restriction": SEV.restrictions.step_for_rank(case["restriction"]).code,
        "referral": SEV.referrals.step_for_rank(case["referral"]).code,
        "outcome": case["outcome"],
    }


def _comparison(cases, *, everyone_opens=False):
    rows = [
        {
            "route_rank": c["route"],
            "restriction_rank": c["restriction"],
            "referral_rank": c["referral"],
            "outcome": c["outcome"],
            "can_open": everyone_opens or c["can_open"],
            "n": 1,
        }
        for c in cases
    ]
    return build_comparison(rows, SEV)


SUBJECT = SimpleNamespace(
    pk=uuid.UUID(int=1),
    reference="FC-SUBJECT",
    practitioner=SimpleNamespace(full_name="Dr Imaginary Example"),
    organisation=SimpleNamespace(name="Riverside Fictional NHS Trust"),
)


def evidence_page(d: Disclosure) -> str:
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    context = {
        "case": SUBJECT,
        "profile": SimpleNamespace(rows=[("Profession", "Doctor")]),
        "this_case": [],
        "visible": [],
        "more_visible": False,
        "most": "more than half",
        **presenters.evidence_figures(d, SEV, {}),
    }
    return render_to_string("consistency/case.jinja", context, request=request)


def decisions(d: Disclosure) -> list[tuple[list[tuple[str, int]], str | None]]:
    """Every significant decision's check: (the decisions it checks, its warning or None)."""
    checks: list[tuple[list[tuple[str, int]], str | None]] = [
        ([("route", 1)], presenters.route_warning(d, 1, "Moving to formal investigation", SEV)),
        ([("referral", 1)], presenters.referral_warning(d, SEV)),
        ([("outcome", 0)], presenters.closing_warning(d, "", SEV)),
    ]
    for kind in RestrictionKind.values:
        rank = SEV.restriction_rank_of_kind(kind)
        checks.append(([("restriction", rank)], presenters.restriction_warning(d, kind, SEV)))
    for outcome in Outcome.values:
        rank = SEV.outcome_rank(outcome)
        checks.append(([("outcome", rank)] if rank else [], presenters.closing_warning(d, outcome, SEV)))
    return checks


def decision_page(d: Disclosure, warning: str | None) -> str:
    check = presenters.decision_check(SUBJECT, d, SEV)
    if warning:
        check.warnings.append(warning)
    return render_to_string("consistency/_decision_check.jinja", {"consistency": check})


def everything_shown(d: Disclosure) -> reader.Knowledge:
    known = [SUBJECT.reference, SUBJECT.practitioner.full_name]
    knowledge = reader.read_evidence_page(evidence_page(d), SEV, known=known)
    for checked, warning in decisions(d):
        knowledge.add(reader.read_decision_page(decision_page(d, warning), SEV, decisions=checked))
    return knowledge


def _regime(d: Disclosure) -> str:
    if d.comparison.hidden_total == 0:
        return "the reader may open every comparable case"
    if not d.total_shown:
        return "fewer than 10 they cannot open: no table"
    return f"10 or more they cannot open: {len(d.shown)} of 4 tables shown"


def leaks(cases) -> list[str]:
    d = disclose(_comparison(cases), SEV)
    visible = reader.counts_of([_codes(c) for c in cases if c["can_open"]], SEV)
    truth = reader.truth_of([_codes(c) for c in cases if not c["can_open"]], SEV)
    found = reader.feasible(everything_shown(d), visible, SEV)
    return reader.worked_out(found, truth, SEV, SEV.suppress_below)


# ---- the rule ----------------------------------------------------------------------------------------------------


def test_a_reader_who_may_open_every_comparable_case_sees_every_figure():
    cases = [_case(can_open=True), _case(route=1, can_open=True, outcome="warning")]
    d = disclose(_comparison(cases), SEV)
    assert d.total == 2 and d.hidden == 0
    assert d.shown == {"route", "restriction", "referral", "outcome"}
    assert d.figures("route", 1) == (1, 2)


def test_fewer_than_ten_cases_you_cannot_open_are_counted_but_no_table_is_shown():
    cases = [_case(can_open=True)] * 3 + [_case(route=1)] * 9
    d = disclose(_comparison(cases), SEV)
    assert d.total is None and d.hidden is None and d.shown == frozenset()
    assert (
        presenters.how_many(d) == "3 comparable closed cases you can open, and fewer than 10 you cannot open"
    )
    assert d.figures("route", 1) is None
    alone = disclose(_comparison([_case()]), SEV)
    assert (
        presenters.how_many(alone) == "Fewer than 10 comparable closed cases, none of them cases you can open"
    )


def test_a_table_is_hidden_whole_when_any_row_counts_one_to_four_cases_you_cannot_open():
    cases = [_case(route=0)] * 8 + [_case(route=1, restriction=2)] * 3 + [_case(route=1, can_open=True)] * 2
    d = disclose(_comparison(cases), SEV)
    assert d.total == 13 and d.hidden == 11
    assert "route" not in d.shown, "3 of the cases you cannot open had a formal investigation"
    assert "restriction" not in d.shown, "and 3 an exclusion"
    assert "referral" in d.shown, "none was referred: 11 and 0"
    assert d.figures("referral", 1) == (13, 13)


def test_the_warning_keeps_its_decision_and_loses_its_figures_when_its_table_is_hidden():
    cases = [_case()] * 9 + [_case(route=1)] * 2
    d = disclose(_comparison(cases), SEV)
    warning = presenters.route_warning(d, 1, "Moving to formal investigation", SEV)
    assert warning == (
        "Moving to formal investigation: more than half of the comparable closed cases were handled without a "
        "formal investigation."
    )
    everyone = disclose(_comparison(cases, everyone_opens=True), SEV)
    assert presenters.route_warning(everyone, 1, "Moving to formal investigation", SEV) == (
        "Moving to formal investigation: 9 of 11 comparable closed cases (82%) were handled without a formal "
        "investigation."
    )


def test_a_weak_comparison_is_said_only_from_what_is_shown():
    few = disclose(_comparison([_case()] * 2 + [_case(can_open=True)]), SEV)
    assert not few.weak and few.may_be_weak, "1 you can open and 1 to 9 you cannot: there may be fewer than 5"
    assert presenters.weak_sentence(few) == (
        "The comparison may be weak: there are fewer than 11 comparable closed cases."
    )
    many_open = disclose(_comparison([_case()] + [_case(can_open=True)] * 4), SEV)
    assert not many_open.weak and not many_open.may_be_weak, "4 you can open and at least 1 more: not weak"
    shown = disclose(_comparison([_case(can_open=True)] * 3), SEV)
    assert shown.weak and presenters.weak_sentence(shown) == (
        "The comparison is weak: there are only 3 comparable closed cases."
    )


# ---- the reader as an attacker -----------------------------------------------------------------------------------


def test_the_reader_recovers_a_small_count_when_nothing_is_suppressed():
    """The attacker is not toothless: given every figure, it finds the one case the reader cannot open."""
    cases = [_case(can_open=True)] * 5 + [_case(referral=1)]
    comparison = _comparison(cases)
    everything = Disclosure(
        comparison=comparison,
        shown=frozenset(comparison.tables),
        total_shown=True,
        hidden_below=SEV.hidden_exact_from,
        weak_below=SEV.weak_below,
    )
    visible = reader.counts_of([_codes(c) for c in cases if c["can_open"]], SEV)
    truth = reader.truth_of([_codes(c) for c in cases if not c["can_open"]], SEV)
    found = reader.feasible(everything_shown(everything), visible, SEV)
    assert "referral referred: 1" in reader.worked_out(found, truth, SEV, SEV.suppress_below)


def test_the_reader_fails_on_a_number_it_cannot_account_for():
    with pytest.raises(AssertionError, match="numbers the reader does not account for"):
        reader.read_text("There were 3 of something else.", SEV)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases=CASES)
@example(cases=[_case(can_open=True)] * 5 + [_case(referral=1)])
@example(cases=[_case(can_open=True)] * 2 + [_case(can_open=True, route=1)] * 5 + [_case()] * 4)
@example(cases=[_case(route=1)] * 10 + [_case(route=0)] * 1)
def test_no_count_of_one_to_four_cases_you_cannot_open_can_be_worked_out_from_every_page(cases):
    event(_regime(disclose(_comparison(cases), SEV)))
    assert leaks(cases) == []


@settings(max_examples=150, deadline=None)
@given(cases=CASES)
def test_the_decision_to_warn_is_unchanged_by_suppression(cases):
    shown = disclose(_comparison(cases), SEV)
    everyone = disclose(_comparison(cases, everyone_opens=True), SEV)
    assert everyone.shown == {"route", "restriction", "referral", "outcome"}
    share = Fraction(str(SEV.warn_above_share))
    for (_checked, warning), (_same, unsuppressed) in zip(decisions(shown), decisions(everyone), strict=True):
        assert (warning is None) == (unsuppressed is None)
        if warning is not None and warning != unsuppressed:
            assert "more than half of the comparable closed cases" in warning
    # ... and it is the rule, counted by hand.
    n = len(cases)
    formal_less = sum(1 for c in cases if c["route"] == 0)
    assert (presenters.route_warning(shown, 1, "Moving", SEV) is not None) == (formal_less > share * n)


@settings(max_examples=100, deadline=None)
@given(cases=CASES)
def test_what_is_shown_is_the_true_count(cases):
    """Suppression leaves figures out; it never changes one."""
    d = disclose(_comparison(cases), SEV)
    if d.total is not None:
        assert d.total == len(cases)
    for key in d.shown:
        table = d.comparison.tables[key]
        for step, count in table.counts:
            assert count == sum(1 for c in cases if _codes(c)[key] == step.code)


def test_a_table_is_hidden_whole_because_hidden_cell_by_cell_a_warning_pins_a_row():
    """ADR 8 hides cells; here that is not enough. The reader may open 6 cases with no restriction and 1 with a
    restriction; of the 11 they may not, 3 had none and 8 an exclusion. Recording a restriction is not pointed out
    (6 + 3 = 9 is not more than half of 18); an exclusion is (9 + 1 = 10 is). Shown cell by cell, the row of cases
    with a restriction would be given (1: none of the hidden ones), and the two warnings would pin "none" at 3."""
    cases = (
        [_case(can_open=True)] * 6
        + [_case(restriction=1, can_open=True)]
        + [_case()] * 3
        + [_case(restriction=2)] * 8
    )
    d = disclose(_comparison(cases), SEV)
    assert "restriction" not in d.shown and {"route", "referral", "outcome"} <= d.shown
    assert leaks(cases) == []

    knowledge = everything_shown(d)
    knowledge.rows[("restriction", "restriction")] = {1}
    visible = reader.counts_of([_codes(c) for c in cases if c["can_open"]], SEV)
    truth = reader.truth_of([_codes(c) for c in cases if not c["can_open"]], SEV)
    found = reader.feasible(knowledge, visible, SEV)
    assert "restriction none: 3" in reader.worked_out(found, truth, SEV, SEV.suppress_below)


def test_the_number_you_cannot_open_is_given_as_fewer_than_ten_because_fewer_than_five_can_be_pinned():
    """7 cases the reader may open (2 with no formal investigation), 4 they may not (none had one). Moving to a
    formal investigation is pointed out: 2 + 4 = 6 of 11 is more than half. Had the page said "fewer than 5 you
    cannot open", only 4 hidden cases all without one would make that true."""
    cases = [_case(can_open=True)] * 2 + [_case(route=1, can_open=True)] * 5 + [_case()] * 4
    assert leaks(cases) == []
    visible = reader.counts_of([_codes(c) for c in cases if c["can_open"]], SEV)
    truth = reader.truth_of([_codes(c) for c in cases if not c["can_open"]], SEV)
    knowledge = everything_shown(disclose(_comparison(cases), SEV))
    assert knowledge.hidden_below == {10}
    knowledge.hidden_below = {5}
    found = reader.feasible(knowledge, visible, SEV)
    assert "the number of cases you cannot open: 4" in reader.worked_out(
        found, truth, SEV, SEV.suppress_below
    )
