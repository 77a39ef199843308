"""The evaluation's periods, from the one clock: six months from adoption, one after another, never overlapping;
the period before adoption as long as the period, ending the day before."""

import datetime as dt

from faircase.process import clock

D = dt.date


def test_six_month_periods_follow_one_another_from_adoption():
    assert clock.evaluation_period(D(2026, 4, 1)) == (D(2026, 4, 1), D(2026, 9, 30))
    assert clock.evaluation_period(D(2026, 4, 1), 2) == (D(2026, 10, 1), D(2027, 3, 31))
    first, second = clock.evaluation_period(D(2026, 8, 31)), clock.evaluation_period(D(2026, 8, 31), 2)
    assert clock.day_after(first[1]) == second[0]  # no gap and no overlap, even from the end of a month


def test_the_periods_offered_are_those_begun_by_today():
    assert clock.evaluation_periods(D(2026, 4, 1), D(2026, 5, 1)) == [(D(2026, 4, 1), D(2026, 9, 30))]
    assert len(clock.evaluation_periods(D(2026, 4, 1), D(2026, 10, 1))) == 2
    assert len(clock.evaluation_periods(D(2026, 4, 1), D(2027, 4, 1))) == 3


def test_the_period_before_is_as_many_days_ending_the_day_before_adoption():
    first, last = clock.stretch_before(D(2026, 4, 1), clock.days_counted(D(2026, 4, 1), D(2026, 9, 30)))
    assert (first, last) == (D(2025, 9, 30), D(2026, 3, 31))
    assert clock.days_counted(first, last) == clock.days_counted(D(2026, 4, 1), D(2026, 9, 30)) == 183
