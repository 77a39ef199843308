"""How a due date reads from today ("Due today", "5 days left", "1 day overdue"), for the deadline lists and the
reminder emails alike. The count of days is the clock's."""

import datetime as dt

from faircase.core.formatting import pluralise
from faircase.process import clock


def days_in_words(due_on: dt.date, *, today: dt.date) -> str:
    days = clock.days_left(due_on, today)
    if days == 0:
        return "Due today"
    if days == 1:
        return "Due tomorrow, 1 day left"
    if days > 1:
        return f"{pluralise(days, 'day')} left"
    if days == -1:
        return "1 day overdue"
    return f"{pluralise(-days, 'day')} overdue"
