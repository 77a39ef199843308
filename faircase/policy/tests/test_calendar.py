"""The working-day calendar: bank holidays per nation, year ends, and the arithmetic's invariants."""

from datetime import date, timedelta

import pytest
import time_machine
from hypothesis import given, settings
from hypothesis import strategies as st

from faircase.accounts.models import Nation as OrganisationNation
from faircase.policy.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    Nation,
    PeriodUnit,
    add_calendar_days,
    add_months,
    add_period,
    add_weeks,
    add_working_days,
    bank_holidays,
    describe_period,
    is_working_day,
    last_day,
    working_days_between,
)

ENGLAND, WALES, NORTHERN_IRELAND = Nation.ENGLAND, Nation.WALES, Nation.NORTHERN_IRELAND

PROPERTIES = settings(max_examples=200, deadline=None)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31))
nations = st.sampled_from(list(Nation))


def naive_working_days_between(start: date, end: date, nation: Nation) -> int:
    """The definition, spelt out one day at a time, for comparing with the fast count."""
    days = (start + timedelta(days=offset) for offset in range(1, (end - start).days + 1))
    return sum(is_working_day(day, nation) for day in days)


# --- The worked example in the domain notes ------------------------------------------------------------------


def test_twenty_working_days_after_friday_18_december_2026_in_england_is_wednesday_20_january_2027():
    result = add_working_days(date(2026, 12, 18), 20, ENGLAND)

    assert result == date(2027, 1, 20)
    assert result.strftime("%A") == "Wednesday"
    assert working_days_between(date(2026, 12, 18), result, ENGLAND) == 20


def test_the_worked_example_skips_christmas_the_boxing_day_substitute_and_new_year():
    window = bank_holidays(ENGLAND, date(2026, 12, 18), date(2027, 1, 20))

    assert window == {
        date(2026, 12, 25): "Christmas Day",
        date(2026, 12, 26): "Boxing Day",
        date(2026, 12, 28): "Boxing Day (observed)",
        date(2027, 1, 1): "New Year's Day",
    }
    assert not is_working_day(date(2026, 12, 28), ENGLAND)
    assert is_working_day(date(2026, 12, 29), ENGLAND)


# --- Northern Ireland, Wales and England ---------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(2027, 3, 17), date(2026, 3, 17)], ids=["2027", "2026"])
def test_st_patricks_day_is_a_holiday_in_northern_ireland_but_a_working_day_in_england_and_wales(day):
    assert not is_working_day(day, NORTHERN_IRELAND)
    assert is_working_day(day, ENGLAND)
    assert is_working_day(day, WALES)
    assert bank_holidays(NORTHERN_IRELAND, day, day) == {day: "Saint Patrick's Day"}


def test_st_patricks_day_on_a_saturday_moves_to_the_monday_in_northern_ireland():
    assert bank_holidays(NORTHERN_IRELAND, date(2029, 3, 17), date(2029, 3, 19)) == {
        date(2029, 3, 17): "Saint Patrick's Day",
        date(2029, 3, 19): "Saint Patrick's Day (observed)",
    }
    assert not is_working_day(date(2029, 3, 19), NORTHERN_IRELAND)
    assert is_working_day(date(2029, 3, 19), ENGLAND)


def test_the_battle_of_the_boyne_is_a_holiday_in_northern_ireland_only():
    monday_12_july_2027 = date(2027, 7, 12)

    assert not is_working_day(monday_12_july_2027, NORTHERN_IRELAND)
    assert is_working_day(monday_12_july_2027, ENGLAND)
    assert is_working_day(monday_12_july_2027, WALES)


def test_the_battle_of_the_boyne_on_a_sunday_gives_northern_ireland_the_monday():
    assert bank_holidays(NORTHERN_IRELAND, date(2026, 7, 1), date(2026, 7, 31)) == {
        date(2026, 7, 12): "Battle of the Boyne",
        date(2026, 7, 13): "Battle of the Boyne (observed)",
    }
    assert not is_working_day(date(2026, 7, 13), NORTHERN_IRELAND)
    assert is_working_day(date(2026, 7, 13), ENGLAND)
    assert bank_holidays(ENGLAND, date(2026, 7, 1), date(2026, 7, 31)) == {}


def test_northern_ireland_counts_run_past_its_own_holidays():
    assert add_working_days(date(2027, 3, 16), 1, NORTHERN_IRELAND) == date(2027, 3, 18)
    assert add_working_days(date(2027, 3, 16), 1, ENGLAND) == date(2027, 3, 17)
    assert add_working_days(date(2026, 7, 10), 1, NORTHERN_IRELAND) == date(2026, 7, 14)
    assert add_working_days(date(2026, 7, 10), 1, ENGLAND) == date(2026, 7, 13)


def test_a_whole_year_has_two_fewer_working_days_in_northern_ireland_than_in_england():
    # 2027: 261 weekdays; England loses 8 to bank holidays (New Year, Good Friday, Easter Monday, two in May,
    # August, and the Christmas and Boxing Day substitutes); Northern Ireland also St Patrick's Day and 12 July.
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31), ENGLAND) == 253
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31), WALES) == 253
    assert working_days_between(date(2026, 12, 31), date(2027, 12, 31), NORTHERN_IRELAND) == 251


def test_easter_monday_is_a_bank_holiday_in_wales_as_in_england():
    easter_monday_2027 = date(2027, 3, 29)

    assert bank_holidays(WALES, easter_monday_2027, easter_monday_2027) == {
        easter_monday_2027: "Easter Monday"
    }
    assert not is_working_day(easter_monday_2027, WALES)
    assert not is_working_day(easter_monday_2027, ENGLAND)
    assert is_working_day(easter_monday_2027 + timedelta(days=1), WALES)


def test_wales_has_the_same_bank_holidays_as_england_from_2020_to_2030():
    # True of the `holidays` package today; if Wales gains a holiday of its own, this test says so.
    assert bank_holidays(WALES, date(2020, 1, 1), date(2030, 12, 31)) == bank_holidays(
        ENGLAND, date(2020, 1, 1), date(2030, 12, 31)
    )


# --- Year ends ----------------------------------------------------------------------------------------------


def test_christmas_2021_at_the_weekend_gives_monday_27_and_tuesday_28_december():
    window = bank_holidays(ENGLAND, date(2021, 12, 24), date(2021, 12, 31))

    assert window == {
        date(2021, 12, 25): "Christmas Day",
        date(2021, 12, 26): "Boxing Day",
        date(2021, 12, 27): "Christmas Day (observed)",
        date(2021, 12, 28): "Boxing Day (observed)",
    }
    assert [is_working_day(date(2021, 12, day), ENGLAND) for day in range(24, 30)] == [
        True,  # Friday 24
        False,  # Saturday 25, Christmas Day
        False,  # Sunday 26, Boxing Day
        False,  # Monday 27, substitute
        False,  # Tuesday 28, substitute
        True,  # Wednesday 29
    ]


def test_new_years_day_2022_on_a_saturday_gives_monday_3_january():
    assert bank_holidays(ENGLAND, date(2022, 1, 1), date(2022, 1, 3)) == {
        date(2022, 1, 1): "New Year's Day",
        date(2022, 1, 3): "New Year's Day (observed)",
    }
    assert not is_working_day(date(2022, 1, 3), ENGLAND)
    assert is_working_day(date(2022, 1, 4), ENGLAND)


@pytest.mark.parametrize("nation", list(Nation))
def test_counting_across_the_2021_to_2022_year_end(nation):
    # Working days after Friday 24 December 2021: Wed 29, Thu 30, Fri 31 December, then Tuesday 4 January.
    assert add_working_days(date(2021, 12, 24), 1, nation) == date(2021, 12, 29)
    assert add_working_days(date(2021, 12, 24), 4, nation) == date(2022, 1, 4)
    assert working_days_between(date(2021, 12, 24), date(2022, 1, 4), nation) == 4
    assert add_working_days(date(2022, 1, 4), -4, nation) == date(2021, 12, 24)


def test_bank_holidays_over_several_years_come_in_date_order_within_the_window():
    window = bank_holidays(ENGLAND, date(2025, 12, 26), date(2028, 1, 3))

    assert list(window) == sorted(window)
    assert min(window) == date(2025, 12, 26)
    assert max(window) == date(2028, 1, 3)
    assert {day.year for day in window} == {2025, 2026, 2027, 2028}


def test_bank_holidays_in_a_window_that_ends_before_it_starts_are_none():
    assert bank_holidays(ENGLAND, date(2027, 1, 2), date(2026, 12, 1)) == {}


def test_a_count_over_several_years_matches_counting_one_day_at_a_time():
    for nation in Nation:
        assert working_days_between(
            date(2019, 11, 30), date(2023, 2, 1), nation
        ) == naive_working_days_between(date(2019, 11, 30), date(2023, 2, 1), nation)


# --- The choices at the edges ---------------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2027, 2, 6), ENGLAND)  # Saturday
    assert not is_working_day(date(2027, 2, 7), ENGLAND)  # Sunday
    assert is_working_day(date(2027, 2, 8), ENGLAND)  # Monday


def test_adding_no_working_days_keeps_a_working_day_and_moves_a_holiday_to_the_next_working_day():
    assert add_working_days(date(2027, 2, 8), 0, ENGLAND) == date(2027, 2, 8)
    assert add_working_days(date(2027, 2, 6), 0, ENGLAND) == date(2027, 2, 8)
    assert add_working_days(date(2026, 12, 25), 0, ENGLAND) == date(2026, 12, 29)


def test_a_negative_number_counts_working_days_back():
    # Documents 10 working days before a hearing on Wednesday 20 January 2027 (1 January is a holiday).
    assert add_working_days(date(2027, 1, 20), -10, ENGLAND) == date(2027, 1, 6)
    assert add_working_days(date(2027, 1, 4), -1, ENGLAND) == date(2026, 12, 31)
    assert add_working_days(date(2027, 2, 6), -1, ENGLAND) == date(2027, 2, 5)  # Saturday back to Friday


def test_friday_to_monday_is_one_working_day_and_a_weekend_is_none():
    assert working_days_between(date(2027, 2, 5), date(2027, 2, 8), ENGLAND) == 1
    assert working_days_between(date(2027, 2, 6), date(2027, 2, 7), ENGLAND) == 0
    assert working_days_between(date(2027, 2, 8), date(2027, 2, 8), ENGLAND) == 0


def test_a_count_that_ends_before_it_starts_is_negative():
    assert working_days_between(date(2027, 1, 20), date(2026, 12, 18), ENGLAND) == -20


def test_the_nations_are_the_organisation_nations():
    assert {nation.value for nation in Nation} == set(OrganisationNation.values)
    for value in OrganisationNation:
        assert is_working_day(date(2027, 3, 18), value)


def test_nations_can_be_given_as_text():
    assert add_working_days(date(2027, 3, 16), 1, "northern-ireland") == date(2027, 3, 18)
    assert Nation.NORTHERN_IRELAND.label == "Northern Ireland"


def test_an_unknown_nation_is_refused_with_the_choices():
    with pytest.raises(
        ValueError, match="Unknown nation 'scotland': use one of england, wales, northern-ireland"
    ):
        is_working_day(date(2027, 3, 18), "scotland")
    with pytest.raises(ValueError, match="Unknown nation"):
        bank_holidays("ENG", date(2027, 1, 1), date(2027, 12, 31))


def test_a_number_of_working_days_must_be_whole():
    with pytest.raises(TypeError, match="whole number"):
        add_working_days(date(2027, 1, 1), 2.5, ENGLAND)  # type: ignore[arg-type]


def test_dates_beyond_the_years_with_known_bank_holidays_are_refused_not_guessed():
    assert (FIRST_YEAR, LAST_YEAR) == (1872, 2100)
    with pytest.raises(ValueError, match="covers 1872 to 2100; 2101 is outside it"):
        is_working_day(date(2101, 1, 3), ENGLAND)
    with pytest.raises(ValueError, match="2101 is outside it"):
        add_working_days(date(2100, 12, 20), 20, ENGLAND)
    with pytest.raises(ValueError, match="1871 is outside it"):
        working_days_between(date(1871, 12, 1), date(1872, 2, 1), WALES)


@time_machine.travel(date(2031, 6, 1), tick=False)
def test_the_calendar_does_not_depend_on_todays_date():
    assert add_working_days(date(2026, 12, 18), 20, ENGLAND) == date(2027, 1, 20)
    assert working_days_between(date(2026, 12, 18), date(2027, 1, 20), ENGLAND) == 20


# --- Calendar days, weeks, periods ---------------------------------------------------------------------------


def test_calendar_days_and_weeks_ignore_weekends_and_bank_holidays():
    assert add_calendar_days(date(2026, 12, 18), 14) == date(2027, 1, 1)
    assert add_calendar_days(date(2027, 1, 1), -1) == date(2026, 12, 31)
    assert add_weeks(date(2026, 12, 18), 4) == date(2027, 1, 15)
    assert add_weeks(date(2027, 1, 15), -4) == date(2026, 12, 18)


def test_calendar_arithmetic_off_the_end_of_the_calendar_is_a_value_error():
    with pytest.raises(ValueError, match="outside the calendar"):
        add_calendar_days(date(9999, 12, 31), 1)


def test_a_period_is_added_in_its_own_unit():
    start = date(2026, 12, 18)
    assert add_period(start, 20, PeriodUnit.WORKING_DAYS, ENGLAND) == date(2027, 1, 20)
    assert add_period(start, 4, "weeks", ENGLAND) == date(2027, 1, 15)
    assert add_period(start, 28, "calendar_days", NORTHERN_IRELAND) == date(2027, 1, 15)
    with pytest.raises(ValueError, match="Unknown unit of time 'days'"):
        add_period(start, 28, "days", ENGLAND)


@pytest.mark.parametrize(
    ("amount", "unit", "wording"),
    [
        (20, PeriodUnit.WORKING_DAYS, "20 working days"),
        (1, "working_days", "1 working day"),
        (4, PeriodUnit.WEEKS, "4 weeks"),
        (1, PeriodUnit.WEEKS, "1 week"),
        (28, PeriodUnit.CALENDAR_DAYS, "28 calendar days"),
        (6, PeriodUnit.MONTHS, "6 months"),
        (1, PeriodUnit.MONTHS, "1 month"),
        (0, PeriodUnit.CALENDAR_DAYS, "0 calendar days"),
        (1000, PeriodUnit.WORKING_DAYS, "1,000 working days"),
    ],
)
def test_periods_are_described_as_people_say_them(amount, unit, wording):
    assert describe_period(amount, unit) == wording


def test_a_negative_period_cannot_be_described():
    with pytest.raises(ValueError, match="cannot be negative"):
        describe_period(-1, PeriodUnit.WEEKS)


# --- Properties ------------------------------------------------------------------------------------------------


@PROPERTIES
@given(start=dates, n=st.integers(min_value=-400, max_value=400), nation=nations)
def test_adding_working_days_always_lands_on_a_working_day(start, n, nation):
    assert is_working_day(add_working_days(start, n, nation), nation)


@PROPERTIES
@given(start=dates, n=st.integers(min_value=1, max_value=400), nation=nations)
def test_adding_n_working_days_moves_the_count_by_exactly_n(start, n, nation):
    assert working_days_between(start, add_working_days(start, n, nation), nation) == n


@PROPERTIES
@given(start=dates, n=st.integers(min_value=-400, max_value=400), nation=nations)
def test_the_exact_invariant_between_adding_and_counting_for_any_start(start, n, nation):
    # n itself from a working day; one more when the start is not a working day and n <= 0 (n == 0 moves
    # forward onto the next working day; a backward count starts from a day that does not count).
    off_by = 1 if n <= 0 and not is_working_day(start, nation) else 0
    assert working_days_between(start, add_working_days(start, n, nation), nation) == n + off_by


@PROPERTIES
@given(start=dates, n=st.integers(min_value=1, max_value=60), days_after=st.integers(0, 120), nation=nations)
def test_the_nth_working_day_is_the_first_date_by_which_n_working_days_have_passed(
    start, n, days_after, nation
):
    end = start + timedelta(days=days_after)
    assert (working_days_between(start, end, nation) >= n) == (end >= add_working_days(start, n, nation))


@PROPERTIES
@given(start=dates, n=st.integers(min_value=-300, max_value=300), nation=nations)
def test_adding_more_working_days_never_gives_an_earlier_date(start, n, nation):
    this, following = add_working_days(start, n, nation), add_working_days(start, n + 1, nation)
    if n == 0 and not is_working_day(start, nation):
        assert this == following  # both the first working day after a weekend or holiday
    else:
        assert this < following


@PROPERTIES
@given(a=dates, b=dates, c=dates, nation=nations)
def test_counts_add_up_over_consecutive_stretches(a, b, c, nation):
    a, b, c = sorted([a, b, c])
    assert working_days_between(a, c, nation) == working_days_between(a, b, nation) + working_days_between(
        b, c, nation
    )


@PROPERTIES
@given(a=dates, b=dates, nation=nations)
def test_counting_backwards_gives_the_negative(a, b, nation):
    assert working_days_between(b, a, nation) == -working_days_between(a, b, nation)


@PROPERTIES
@given(start=dates, days=st.integers(min_value=-400, max_value=400), nation=nations)
def test_the_fast_count_agrees_with_counting_one_day_at_a_time(start, days, nation):
    end = start + timedelta(days=days)
    expected = (
        naive_working_days_between(start, end, nation)
        if end >= start
        else -naive_working_days_between(end, start, nation)
    )
    assert working_days_between(start, end, nation) == expected


# --- Months, and periods that count their first day ---------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 17), 6, date(2027, 5, 17)),
        (date(2026, 8, 31), 6, date(2027, 2, 28)),
        (date(2027, 8, 31), 6, date(2028, 2, 29)),
        (date(2027, 1, 31), 1, date(2027, 2, 28)),
        (date(2027, 3, 31), -1, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_months_are_calendar_months_ending_on_the_last_day_of_a_shorter_month(start, months, expected):
    assert add_months(start, months) == expected
    assert add_period(start, months, "months", ENGLAND) == expected


def test_six_months_from_17_november_end_on_16_may_not_26_weeks_on_the_18th():
    """Seen: the six-month mark showed 18 May (26 weeks) in one place and 16 May in another."""
    start = date(2026, 11, 17)
    assert last_day(start, 6, "months", ENGLAND) == date(2027, 5, 16)
    assert add_period(start, 26, "weeks", ENGLAND) == date(2027, 5, 18)


def test_two_weeks_from_tuesday_17_november_end_on_monday_30_november():
    """Seen: "Immediate exclusion ends 1 Dec" beside "Review due by 30 Nov" for an exclusion from 17 November."""
    assert last_day(date(2026, 11, 17), 2, "weeks", ENGLAND) == date(2026, 11, 30)


def test_a_period_of_working_days_counts_its_first_day_when_that_is_a_working_day():
    # Monday 14 December 2026: ten working days are 14 to 25 December... less Christmas Day, so the 29th.
    assert last_day(date(2026, 12, 14), 10, "working_days", ENGLAND) == date(2026, 12, 29)
    # Saturday 12 December: the first day does not count, so it ends on the same day as from the Monday.
    assert last_day(date(2026, 12, 12), 10, "working_days", ENGLAND) == date(2026, 12, 29)
    assert last_day(date(2026, 12, 14), 0, "working_days", ENGLAND) == date(2026, 12, 14)
    with pytest.raises(ValueError):
        last_day(date(2026, 12, 14), -1, "weeks", ENGLAND)


@PROPERTIES
@given(
    start=dates,
    amount=st.integers(min_value=1, max_value=40),
    unit=st.sampled_from(["calendar_days", "weeks", "months"]),
)
def test_a_period_that_counts_its_first_day_ends_the_day_before_the_same_period_after_it(start, amount, unit):
    end = last_day(start, amount, unit, ENGLAND)
    assert end == add_calendar_days(add_period(start, amount, unit, ENGLAND), -1)
    assert start <= end


@PROPERTIES
@given(start=dates, months=st.integers(min_value=0, max_value=120))
def test_adding_months_keeps_the_day_unless_the_month_is_shorter(start, months):
    moved = add_months(start, months)
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved.day < start.day and (moved + timedelta(days=1)).day == 1)
