"""Working-day calendars for England, Wales and Northern Ireland, and the arithmetic of periods.

Pure functions over `datetime.date`: no database, no Django models, no clock. The bank holidays come from the
`holidays` package (`holidays.UK` with the subdivision ENG, WLS or NIR) and are cached per (nation, year).

A **working day** is Monday to Friday and not a bank holiday in that nation. The package lists a holiday that
falls at a weekend (Christmas Day on a Saturday) *and* its substitute weekday (the Monday or Tuesday after):
the weekend date is not a working day anyway, so only the substitute changes any count, but both keep their
names for display.

The choices made where the rules leave room (tests pin each of them):

- `add_working_days(start, n)` counts *steps*: for n >= 1 it is the n-th working day after `start`, for n < 0
  the |n|-th working day before `start` (so "documents exchanged 10 working days before the hearing" is
  `add_working_days(hearing, -10)`), and for n == 0 it is `start` itself when that is a working day, else the
  next working day (a deadline never lands on a weekend or a bank holiday). The result is always a working day.
- `working_days_between(start, end)` counts the working days after `start` up to and including `end`, and is
  **negative** when `end` is before `start`: `working_days_between(a, b) == -working_days_between(b, a)`, so
  "days left" goes below zero once a deadline has passed and the count is additive for any three dates.
- For a working day `d`, `working_days_between(d, add_working_days(d, n)) == n` for every integer n. For any
  date `d` it holds for every n >= 1; when `d` is not a working day and n <= 0 the count is one more than n
  (n == 0 moves forward onto the next working day; a backward step starts from a day that does not count).
- `add_months(start, n)` is the same day of the month n calendar months later, or that month's last day when it
  is shorter (31 August + 6 months is 28 or 29 February). Months stay months: six months is never 26 weeks.
- `last_day(start, amount, unit, nation)` is the last day of a period that *includes* its first day: two weeks
  from Tuesday 17 November end on Monday 30 November, six months from 17 November end on 16 May. It is how long
  an exclusion or a period of it may last; `add_period` is how long after an event something is due.
- Dates outside the years the package knows bank holidays for (FIRST_YEAR to LAST_YEAR) raise ValueError
  instead of being counted as if they had none.
"""

import bisect
import calendar
from collections.abc import Mapping
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import holidays
from django.utils.translation import gettext_lazy, ngettext

from faircase.core.formatting import pluralise

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Nation",
    "PeriodUnit",
    "add_calendar_days",
    "add_months",
    "add_period",
    "add_weeks",
    "add_working_days",
    "as_nation",
    "as_unit",
    "bank_holidays",
    "describe_period",
    "is_working_day",
    "last_day",
    "working_days_between",
]


class Nation(StrEnum):
    """The nations whose calendars faircase knows: the same values as `accounts.models.Nation`."""

    ENGLAND = "england"
    WALES = "wales"
    NORTHERN_IRELAND = "northern-ireland"

    @property
    def label(self) -> str:
        return str(_LABELS[self])


_LABELS: Mapping[Nation, Any] = MappingProxyType(  # lazily translated
    {
        Nation.ENGLAND: gettext_lazy("England"),
        Nation.WALES: gettext_lazy("Wales"),
        Nation.NORTHERN_IRELAND: gettext_lazy("Northern Ireland"),
    }
)

# The subdivision codes of `holidays.UK`.
SUBDIVISIONS: Mapping[Nation, str] = MappingProxyType(
    {Nation.ENGLAND: "ENG", Nation.WALES: "WLS", Nation.NORTHERN_IRELAND: "NIR"}
)


class PeriodUnit(StrEnum):
    """How a timescale is measured. MHPS exclusion weeks are calendar weeks; hearing "days" are working days."""

    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    WORKING_DAYS = "working_days"


# The years the `holidays` package knows the United Kingdom's bank holidays for (1872 to 2100 in version 0.109).
# Outside them it silently lists none, so faircase refuses to count there rather than guess.
FIRST_YEAR: int = holidays.UK.start_year
LAST_YEAR: int = holidays.UK.end_year

_MONDAY_EPOCH = date(1, 1, 1).toordinal()  # 1 January of year 1 was a Monday (proleptic Gregorian).


def as_nation(value: Nation | str) -> Nation:
    """The Nation for `value` ("england", "wales", "northern-ireland"), or ValueError naming the choices."""
    try:
        return Nation(value)
    except ValueError:
        choices = ", ".join(nation.value for nation in Nation)
        raise ValueError(f"Unknown nation {str(value)!r}: use one of {choices}.") from None


def as_unit(value: PeriodUnit | str) -> PeriodUnit:
    """The PeriodUnit for `value` ("calendar_days", "weeks", "working_days"), or ValueError naming the choices."""
    try:
        return PeriodUnit(value)
    except ValueError:
        choices = ", ".join(unit.value for unit in PeriodUnit)
        raise ValueError(f"Unknown unit of time {str(value)!r}: use one of {choices}.") from None


# --- Bank holidays, cached per (nation, year) ---------------------------------------------------------------


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"The bank holiday calendar covers {FIRST_YEAR} to {LAST_YEAR}; {year} is outside it."
        )


@lru_cache(maxsize=1024)
def _holidays_in_year(nation: Nation, year: int) -> Mapping[date, str]:
    _check_year(year)
    # Ask for the neighbouring years too, so a substitute day is found whichever year its holiday falls in.
    years = range(max(year - 1, FIRST_YEAR), min(year + 1, LAST_YEAR) + 1)
    found = holidays.UK(subdiv=SUBDIVISIONS[nation], years=years)
    return MappingProxyType({day: str(name) for day, name in sorted(found.items()) if day.year == year})


@lru_cache(maxsize=1024)
def _weekday_holidays(nation: Nation, year: int) -> tuple[date, ...]:
    """The year's bank holidays that fall Monday to Friday, in order: the only ones that change a count."""
    return tuple(day for day in _holidays_in_year(nation, year) if day.weekday() < 5)


@lru_cache(maxsize=1024)
def _weekday_holiday_set(nation: Nation, year: int) -> frozenset[date]:
    return frozenset(_weekday_holidays(nation, year))


def bank_holidays(nation: Nation | str, start: date, end: date) -> dict[date, str]:
    """Every bank holiday from `start` to `end` inclusive, in date order, with its name.

    Includes a holiday that falls at a weekend as well as its substitute ("Boxing Day (observed)"), because
    people look for both; counting uses only the weekdays. Empty when `end` is before `start`.
    """
    nation = as_nation(nation)
    return {
        day: name
        for year in range(start.year, end.year + 1)
        for day, name in _holidays_in_year(nation, year).items()
        if start <= day <= end
    }


def is_working_day(day: date, nation: Nation | str) -> bool:
    """Monday to Friday and not a bank holiday in `nation`. ValueError outside FIRST_YEAR to LAST_YEAR."""
    holidays_that_year = _weekday_holiday_set(as_nation(nation), day.year)
    return day.weekday() < 5 and day not in holidays_that_year


# --- Counting and adding working days -----------------------------------------------------------------------


def _weekdays_up_to(day: date) -> int:
    """The number of Mondays to Fridays from 1 January of year 1 up to and including `day`."""
    days = day.toordinal() - _MONDAY_EPOCH
    return 5 * (days // 7) + min(days % 7, 4) + 1


def working_days_between(start: date, end: date, nation: Nation | str) -> int:
    """The number of working days after `start` up to and including `end`.

    Negative when `end` is before `start` (minus the working days after `end` up to and including `start`),
    so that between(a, c) == between(a, b) + between(b, c) for any dates, and zero when they are equal.
    Friday to the following Monday is 1; Saturday to Sunday is 0.
    """
    nation = as_nation(nation)
    if end < start:
        return -working_days_between(end, start, nation)
    holidays_in_window = sum(
        bisect.bisect_right(listed, end) - bisect.bisect_right(listed, start)
        for listed in (_weekday_holidays(nation, year) for year in range(start.year, end.year + 1))
    )
    return _weekdays_up_to(end) - _weekdays_up_to(start) - holidays_in_window


def add_working_days(start: date, n: int, nation: Nation | str) -> date:
    """The date `n` working days after `start` (or |n| working days before it when n is negative).

    n >= 1: the n-th working day after `start` (`start` itself never counts). n < 0: the |n|-th working day
    before `start`. n == 0: `start` if it is a working day, otherwise the next working day. The result is
    always a working day. ValueError when the count would leave the years the calendar covers.
    """
    nation = as_nation(nation)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"The number of working days must be a whole number, not {n!r}.")
    step = timedelta(days=1 if n >= 0 else -1)
    day = start
    if n == 0:
        while not is_working_day(day, nation):
            day += step
        return day
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day, nation):
            remaining -= 1
    return day


# --- Calendar days, weeks and periods -----------------------------------------------------------------------


def add_calendar_days(start: date, days: int) -> date:
    """`start` moved by `days` calendar days (negative moves back). Weekends and bank holidays count."""
    try:
        return start + timedelta(days=days)
    except OverflowError:
        raise ValueError(
            f"{pluralise(days, 'day')} from {start.isoformat()} is outside the calendar."
        ) from None


def add_weeks(start: date, weeks: int) -> date:
    """`start` moved by `weeks` calendar weeks: the same weekday, 7 * weeks days later (earlier if negative)."""
    return add_calendar_days(start, 7 * weeks)


def add_months(start: date, months: int) -> date:
    """`start` moved by `months` calendar months: the same day of the month, or the month's last day when the
    month is shorter (31 August + 6 months is the last day of February). Negative moves back."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{pluralise(months, 'month')} from {start.isoformat()} is outside the calendar.")
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_period(start: date, amount: int, unit: PeriodUnit | str, nation: Nation | str) -> date:
    """The day `amount` `unit`s after `start` (before it, when negative): what is due "within 10 working days of"
    an event, or "4 weeks after" it. `nation` matters only for working days."""
    unit = as_unit(unit)
    if unit is PeriodUnit.WORKING_DAYS:
        return add_working_days(start, amount, nation)
    if unit is PeriodUnit.WEEKS:
        return add_weeks(start, amount)
    if unit is PeriodUnit.MONTHS:
        return add_months(start, amount)
    return add_calendar_days(start, amount)


def last_day(start: date, amount: int, unit: PeriodUnit | str, nation: Nation | str) -> date:
    """The last day of a period of `amount` `unit`s that begins on, and counts, `start`: what something may last.

    Two weeks from 17 November: 30 November. Six months from 17 November: 16 May. Ten working days from a Monday
    that is a working day: the Friday of the next week. A period of 0 lasts no days beyond `start`.
    """
    unit = as_unit(unit)
    if amount < 0:
        raise ValueError(f"A period cannot last a negative time ({amount}).")
    if amount == 0:
        return start
    if unit is PeriodUnit.WORKING_DAYS:
        counted = 1 if is_working_day(start, nation) else 0
        return start if counted == amount else add_working_days(start, amount - counted, nation)
    return add_calendar_days(add_period(start, amount, unit, nation), -1)


def describe_period(amount: int, unit: PeriodUnit | str) -> str:
    """A period as people read it: "20 working days", "4 weeks", "1 week", "28 calendar days"."""
    unit = as_unit(unit)
    if amount < 0:
        raise ValueError(f"A period cannot be negative ({amount}).")
    # Each unit's own plural message, so Welsh can give each number its form ("2 wythnos", "3 diwrnod gwaith").
    if unit == PeriodUnit.CALENDAR_DAYS:
        words = ngettext("%(num)s calendar day", "%(num)s calendar days", amount)
    elif unit == PeriodUnit.WEEKS:
        words = ngettext("%(num)s week", "%(num)s weeks", amount)
    elif unit == PeriodUnit.MONTHS:
        words = ngettext("%(num)s month", "%(num)s months", amount)
    else:
        words = ngettext("%(num)s working day", "%(num)s working days", amount)
    return words % {"num": f"{amount:,}"}
