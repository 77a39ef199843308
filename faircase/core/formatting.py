"""How faircase writes dates and times for people (NHS.UK style: 25 November 2026)."""

import datetime as dt

from django.utils import timezone


def nhs_date(value: dt.date | dt.datetime | None, *, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return f"{value.day} {value:%B %Y}"


def nhs_datetime(value: dt.datetime | None, *, empty: str = "Not recorded") -> str:
    if value is None:
        return empty
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    time = f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
    return f"{nhs_date(local)} at {time}"


FILTERS = {"nhs_date": nhs_date, "nhs_datetime": nhs_datetime}
