"""Closing a case for a retention test: the closure itself is the cases app's (and its tests'); here only its
outcome and the day it closed matter."""

import datetime as dt

from django.utils import timezone

from faircase.cases.models import Case


def closed(case: Case, *, on: dt.date, outcome: str = "no_case_to_answer") -> Case:
    closed_at = timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    Case.objects.for_system("command").filter(pk=case.pk).update(closed_at=closed_at, outcome=outcome)
    case.refresh_from_db()
    return case
