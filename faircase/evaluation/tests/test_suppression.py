"""Small numbers, tested the way an attacker reads: take everything one evaluation publishes, list every set of
true counts that would publish the same, and check that no count of 1 to 4 left out is the same in all of them
(and that nothing published is itself 1 to 4)."""

import itertools
from collections import defaultdict
from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from faircase.evaluation.definitions import measure_definitions
from faircase.evaluation.measures import EARLY, FORMAL, INFORMAL, ROUTE_DAYS, Counts, publish

SMALL = range(1, 5)
DEFINITIONS = {d.key: d for d in measure_definitions()}
SHARE = DEFINITIONS["survey_communication"]
WITHOUT_FORMAL = DEFINITIONS["resolved_without_formal_process"]
counts = st.integers(min_value=0, max_value=16)


def _shown(value: int | None) -> None:
    assert value is None or value not in SMALL, f"{value} published"


def _share_view(yes: int, no: int) -> tuple:
    figures = publish(SHARE, Counts(yes, yes + no, {"yes": yes, "no": no}))
    return figures.numerator, figures.denominator, figures.value


@settings(max_examples=60, deadline=None)
@given(yes=counts, no=counts)
def test_a_share_gives_back_no_small_count(yes, no):
    seen = _share_view(yes, no)
    for value in seen[:2]:
        _shown(value)
    alike = _share_index()[seen]
    for index, true in enumerate((yes, no, yes + no)):
        if true in SMALL:
            possible = {(y, n, y + n)[index] for y, n in alike}
            assert len(possible) > 1, f"{(yes, no)}: count {true} can be worked out from {seen}"


def _route_view(early: int, informal: int, formal: int) -> tuple:
    number = {EARLY: early, INFORMAL: informal, FORMAL: formal}
    total = early + informal + formal
    view = []
    for route, key in ROUTE_DAYS.items():
        figures = publish(DEFINITIONS[key], Counts(10 * number[route], number[route], number))
        view.append(figures.denominator)
    figures = publish(WITHOUT_FORMAL, Counts(early + informal, total, number))
    return (*view, figures.numerator, figures.denominator)


def _cells(e: int, i: int, f: int) -> tuple[int, ...]:
    return (e, i, f, e + i, e + i + f)


@cache
def _route_index() -> dict[tuple, list[tuple[int, int, int]]]:
    """Every set of counts up to 21 a route (more than the examples' 16), by what it publishes."""
    index = defaultdict(list)
    for e, i, f in itertools.product(range(22), repeat=3):
        index[_route_view(e, i, f)].append((e, i, f))
    return index


@cache
def _share_index() -> dict[tuple, list[tuple[int, int]]]:
    index = defaultdict(list)
    for y, n in itertools.product(range(40), repeat=2):
        index[_share_view(y, n)].append((y, n))
    return index


@settings(max_examples=40, deadline=None)
@given(early=counts, informal=counts, formal=counts)
def test_the_routes_of_closure_give_back_no_small_count(early, informal, formal):
    """The three routes, the cases closed without a formal process (two of them added) and all closed (the three
    added) are published together: none of them may be solved for a left-out count of 1 to 4."""
    seen = _route_view(early, informal, formal)
    for value in seen:
        _shown(value)
    alike = _route_index()[seen]
    for index, true in enumerate(_cells(early, informal, formal)):
        if true in SMALL:
            possible = {_cells(*other)[index] for other in alike}
            assert len(possible) > 1, f"{(early, informal, formal)}: {true} can be worked out from {seen}"


def test_the_surveys_own_minimum_is_the_evaluations():
    from faircase.equality.disclosure import SMALL_COUNTS
    from faircase.practitioners.surveys import MINIMUM_GROUP

    assert SMALL_COUNTS.stop == MINIMUM_GROUP
