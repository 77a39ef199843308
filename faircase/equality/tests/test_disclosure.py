"""The rules of disclosure control (faircase.equality.disclosure) on hand-worked tables, and properties that
hold for any numbers: one table decided alone, a five-year block against its years, the windows a published
report may gather."""

from hypothesis import given
from hypothesis import strategies as s

from faircase.equality.disclosure import (
    ALL,
    YearTable,
    hide_in_block,
    hide_in_table,
    published_window_problem,
)
from faircase.equality.tests.attacker import Equations


def by_name(group):
    """The order of a report: the missing-data group first, the usual reference group last."""
    return {"missing": 0, "reference": 2}.get(group, 1)


# ---------------------------------------------------------------------------------------------------------------
# One table


def test_a_count_of_one_to_four_goes_and_the_next_smallest_with_it():
    # Groups 3, 40 and 60 (total 103): 3 goes, and 40 with it, or 103 - 40 - 60 would give it back.
    assert hide_in_table({"a": 3, "b": 40, "c": 60}, give_up_first=by_name) == {"a", "b"}


def test_enough_goes_for_the_hidden_groups_to_add_up_to_five_or_more():
    # 1 and 2 are both small, and together 3: someone could read "3 between them". The next smallest (7) goes.
    assert hide_in_table({"a": 1, "b": 2, "c": 7, "d": 90}, give_up_first=by_name) == {"a", "b", "c"}


def test_zeros_are_shown_and_not_used_to_hide_a_small_count():
    assert hide_in_table({"a": 2, "b": 0, "c": 30}, give_up_first=by_name) == {"a", "c"}


def test_the_missing_data_group_goes_first_and_the_usual_reference_group_last():
    assert hide_in_table({"missing": 30, "reference": 20, "b": 3}, give_up_first=by_name) == {"b", "missing"}
    assert hide_in_table({"reference": 20, "c": 90, "b": 3}, give_up_first=by_name) == {"b", "c"}


def test_the_total_goes_only_when_it_is_small_itself():
    # A total is the same in every dimension and every request, so it is never given up for a group.
    assert ALL not in hide_in_table({"a": 3, "b": 2, "c": 0}, give_up_first=by_name)
    assert hide_in_table({"a": 3, "b": 0}, give_up_first=by_name) == {"a", ALL}


def test_groups_without_a_baseline_take_no_part():
    assert hide_in_table({"a": 3, "b": None, "c": 50, "d": 8}, give_up_first=by_name) == {"a", "d"}


def test_cells_given_up_already_stay_given_up():
    assert hide_in_table({"a": 30, "b": 40, "c": 60}, give_up_first=by_name, also={"a"}) == {"a", "b"}


@given(s.lists(s.integers(min_value=0, max_value=30), min_size=2, max_size=8))
def test_no_shown_count_is_small_and_no_hidden_one_can_be_worked_back(counts):
    parts = {f"p{i}": v for i, v in enumerate(counts)}
    hidden = hide_in_table(parts, give_up_first=by_name)
    assert not any(v in range(1, 5) for g, v in parts.items() if g not in hidden)
    total = sum(counts)
    assert (ALL in hidden) == (total in range(1, 5))
    groups = hidden - {ALL}
    assert all(parts[g] >= 1 for g in groups)  # a 0 is never hidden: it would tell a reader nothing to find
    if groups and ALL not in hidden:
        assert len(groups) >= 2 and sum(parts[g] for g in groups) >= 5


# ---------------------------------------------------------------------------------------------------------------
# A five-year block against its years


def year(parts):
    return YearTable(parts=parts, hidden=hide_in_table(parts, give_up_first=by_name))


def test_a_block_shows_a_group_that_every_year_hides_when_no_year_can_be_worked_out():
    # Each year hides a (2) and missing (5 to 7). Over the block, a is 6 and missing 18: the years' hidden
    # counts form a 3 x 2 table whose rows and columns are all known, and every cell lies on a cycle.
    years = [year({"a": 2, "missing": m, "reference": 50}) for m in (5, 6, 7)]
    block = {"a": 6, "missing": 18, "reference": 150}
    assert hide_in_block(years, block, give_up_first=by_name) == set()


def test_a_block_hides_a_group_hidden_in_only_one_of_its_years():
    # b is hidden in 2024-25 only (with a): shown, block b minus the other years would give it back, and then a.
    years = [
        year({"a": 3, "b": 9, "reference": 50}),
        year({"a": 0, "b": 12, "reference": 50}),
    ]
    hidden = hide_in_block(years, {"a": 3, "b": 21, "reference": 100}, give_up_first=by_name)
    assert hidden == {"a", "b"}


def test_a_block_hides_what_a_bridge_between_two_cycles_would_give_away():
    # Years 1 and 2 hide a and b, years 3 and 4 hide c and d, and year 1 hides c too (a third small count).
    # Each year has two or more hidden and every group is hidden in two or more years, yet c in year 1 is the
    # only link between the two: rows 1 and 2 less columns a and b leave it alone. Its block count must go.
    years = [
        year({"a": 2, "b": 2, "c": 1, "e": 90}),
        year({"a": 3, "b": 4, "c": 0, "e": 90}),
        year({"a": 0, "b": 0, "c": 2, "d": 3, "e": 90}),
        year({"a": 0, "b": 0, "c": 4, "d": 2, "e": 90}),
    ]
    assert [y.hidden for y in years] == [{"a", "b", "c"}, {"a", "b"}, {"c", "d"}, {"c", "d"}]
    block = {"a": 5, "b": 6, "c": 7, "d": 5, "e": 360}
    hidden = hide_in_block(years, block, give_up_first=by_name)
    assert "c" in hidden or {"a", "b"} <= hidden


def test_a_block_total_goes_when_a_year_total_is_small():
    years = [year({"a": 3, "b": 0}), year({"a": 20, "b": 30})]
    assert hide_in_block(years, {"a": 23, "b": 30}, give_up_first=by_name) == {ALL, "a"}


def test_a_block_with_one_year_held_is_that_year():
    years = [year({"a": 2, "b": 6, "c": 40}), year({"a": 0, "b": 0, "c": 0})]
    assert hide_in_block(years, {"a": 2, "b": 6, "c": 40}, give_up_first=by_name) == {"a", "b"}


@given(
    s.lists(
        s.lists(s.sampled_from([0, 0, 1, 2, 3, 4, 5, 7, 12, 40]), min_size=4, max_size=4),
        min_size=2,
        max_size=5,
    )
)
def test_no_hidden_count_of_a_block_can_be_worked_out_from_its_years_and_the_block(rows):
    # The reader's equations: each year's hidden counts add up to its total less the shown ones; each shown
    # block count is the sum of its years. None may give back a count of 1 to 4, or a group's hidden years
    # adding up to 1 to 4. Hidden counts are never 0, so nothing more can be learnt from counts being 0 or more.
    groups = ["missing", "a", "b", "reference"]
    years = [year(dict(zip(groups, row, strict=True))) for row in rows]
    block = {g: sum(row[n] for row in rows) for n, g in enumerate(groups)}
    hidden = hide_in_block(years, block, give_up_first=by_name)
    assert not any(v in range(1, 5) for g, v in block.items() if g not in hidden)
    cells = {(n, g): y.parts[g] for n, y in enumerate(years) for g in y.hidden if g != ALL}
    assert all(value >= 1 for value in cells.values())
    reader = Equations()
    for n, y in enumerate(years):
        if ALL not in y.hidden:
            reader.add({cell: 1 for cell in cells if cell[0] == n}, sum(cells[c] for c in cells if c[0] == n))
    for g in groups:
        if g not in hidden:
            reader.add({cell: 1 for cell in cells if cell[1] == g}, sum(cells[c] for c in cells if c[1] == g))
    for cell, value in cells.items():
        if value in range(1, 5):
            assert reader.solve({cell: 1}) is None, f"year {cell[0]} {cell[1]} = {value} can be worked out"
    for g in groups:
        column = {cell: 1 for cell in cells if cell[1] == g}
        if sum(cells[c] for c in column) in range(1, 5):
            assert reader.solve(column) is None, f"{g}'s hidden years can be added up"


# ---------------------------------------------------------------------------------------------------------------
# The windows a published report may gather


def test_a_published_report_gathers_one_year_or_a_fixed_five_year_block():
    assert published_window_problem("2023-24", 1) == ""
    assert published_window_problem("2025-26", 5) == ""
    assert published_window_problem("2030-31", 5) == ""
    assert "choose 1 year, or 2025-26 with 5 years" in published_window_problem("2024-25", 5)
    assert "choose 1 year, or 2025-26 with 5 years" in published_window_problem("2025-26", 2)
    assert "2030-31" in published_window_problem("2026-27", 2)
