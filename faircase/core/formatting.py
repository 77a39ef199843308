"""How faircase writes for people: dates and times (NHS.UK style: 25 November 2026), counts ("1 day",
"3 days") and "a" or "an". One helper each, so "1 days" and "a immediate exclusion" cannot be written twice."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify


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


def pluralise(n: int, singular: str, plural: str | None = None) -> str:
    """The number and the noun in the form the number needs: "1 day", "3 days", "1,250 cases", "2 people"."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def duration_words(seconds: int) -> str:
    """A length of time in whole hours when it is some ("12 hours"), else whole minutes ("30 minutes"), or in
    seconds below a minute ("20 seconds")."""
    if seconds >= 60 * 60 and seconds % (60 * 60) == 0:
        return pluralise(seconds // (60 * 60), "hour")
    return pluralise(seconds // 60, "minute") if seconds >= 60 else pluralise(seconds, "second")


def every(n: int, unit: str) -> str:
    """How often: "every day", "every 14 days"."""
    return f"every {unit}" if n == 1 else f"every {pluralise(n, unit)}"


# Words that start with a vowel letter but not a vowel sound, and the reverse (a silent h).
_A_BEFORE = ("one", "once", "uni", "use", "usu", "uti", "eu", "ewe")
_AN_BEFORE = ("hour", "honest", "honour", "heir")


def with_article(words: str) -> str:
    """The words with "a" or "an" before them, by the sound of the first word: "an immediate exclusion"."""
    if not words:
        return words
    first = words.lower()
    if first.startswith(_AN_BEFORE):
        return f"an {words}"
    if first.startswith(_A_BEFORE):
        return f"a {words}"
    return f"{'an' if first[0] in 'aeiou' else 'a'} {words}"


def html_id(text: str, *, prefix: str = "table") -> str:
    """An id for an element from its words (a table's caption, say), for aria-labelledby."""
    return f"{prefix}-{slugify(str(text))[:60] or 'untitled'}"


FILTERS = {
    "html_id": html_id,
    "nhs_date": nhs_date,
    "nhs_datetime": nhs_datetime,
    "pluralise": pluralise,
    "with_article": with_article,
}
