"""How a due date reads from today ("Due today", "5 days left", "1 day overdue"), for the deadline lists and the
reminder emails alike. The count of days is the clock's."""

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.process import clock


def days_in_words(due_on: dt.date, *, today: dt.date) -> str:
    days = clock.days_left(due_on, today)
    if days == 0:
        return _("Due today")
    if days == 1:
        return _("Due tomorrow, 1 day left")
    if days > 1:
        return ngettext("%(num)s day left", "%(num)s days left", days) % {"num": f"{days:,}"}
    return ngettext("%(num)s day overdue", "%(num)s days overdue", -days) % {"num": f"{-days:,}"}
