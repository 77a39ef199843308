"""How faircase writes for people: dates and times (NHS.UK style: 25 November 2026; in Welsh, 25 Tachwedd 2026),
counts ("1 day", "3 days"; in Welsh "3 diwrnod") and "a" or "an". One helper each, so "1 days" and "a immediate
exclusion" cannot be written twice.

Numbers: Welsh writes thousands and decimals as English does (1,250 and 2.5), so a count is formatted the same
way in both languages."""

import datetime as dt

from babel.dates import format_date
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import ngettext as _counted_noun  # a caller's noun, looked up, not extracted

from faircase.core import languages

NOT_RECORDED = gettext_lazy("Not recorded")


def _day(value: dt.date) -> str:
    if languages.active() == languages.WELSH:
        # Babel's Welsh month names (Ionawr … Rhagfyr), as NHS Wales writes dates: "2 Rhagfyr 2026".
        return format_date(value, "d MMMM y", locale="cy")
    return f"{value.day} {value:%B %Y}"


def nhs_date(value: dt.date | dt.datetime | None, *, empty: str | None = None) -> str:
    if value is None:
        return str(NOT_RECORDED if empty is None else empty)
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _day(value)


def _clock(local: dt.datetime) -> str:
    """3pm, 10:30am; in Welsh 3yp, 10:30yb (yb, y bore; yp, y prynhawn), as NHS Wales writes times."""
    hour = local.hour % 12 or 12
    morning, afternoon = ("yb", "yp") if languages.active() == languages.WELSH else ("am", "pm")
    suffix = morning if local.hour < 12 else afternoon
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"


def nhs_datetime(value: dt.datetime | None, *, empty: str | None = None) -> str:
    if value is None:
        return str(NOT_RECORDED if empty is None else empty)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return _("%(date)s at %(time)s") % {"date": nhs_date(local), "time": _clock(local)}


def pluralise(n: int, singular: str, plural: str | None = None) -> str:
    """The number and the noun in the form the number needs: "1 day", "3 days", "1,250 cases", "2 people".

    In Welsh the noun is the Welsh of the pair (singular, plural) from the messages files: mark the pair where it
    is written with `counted("day", "days")` so that it is extracted into your app's file, and give every Welsh
    plural form the singular noun, as Welsh counts do ("1 diwrnod", "3 diwrnod"). A pair with no Welsh reads in
    English."""
    noun = _counted_noun(singular, plural or singular + "s", n)
    return f"{n:,} {noun}"


def counted(singular: str, plural: str) -> str:
    """Marks a noun pair for the messages files (see pluralise); returns the singular unchanged."""
    return singular


def duration_words(seconds: int) -> str:
    """A length of time in whole hours when it is some ("12 hours"), else whole minutes ("30 minutes"), or in
    seconds below a minute ("20 seconds")."""
    if seconds >= 60 * 60 and seconds % (60 * 60) == 0:
        hours = seconds // (60 * 60)
        return ngettext("%(count)s hour", "%(count)s hours", hours) % {"count": f"{hours:,}"}
    if seconds >= 60:
        minutes = seconds // 60
        return ngettext("%(count)s minute", "%(count)s minutes", minutes) % {"count": f"{minutes:,}"}
    return ngettext("%(count)s second", "%(count)s seconds", seconds) % {"count": f"{seconds:,}"}


def every(n: int, unit: str) -> str:
    """How often: "every day", "every 14 days" (in Welsh "bob diwrnod", "bob 14 diwrnod")."""
    if n == 1:
        return _("every %(unit)s") % {"unit": _counted_noun(unit, unit + "s", 1)}
    return _("every %(count)s") % {"count": pluralise(n, unit)}


# Words that start with a vowel letter but not a vowel sound, and the reverse (a silent h).
_A_BEFORE = ("one", "once", "uni", "use", "usu", "uti", "eu", "ewe")
_AN_BEFORE = ("hour", "honest", "honour", "heir")


def with_article(words: str) -> str:
    """The words with "a" or "an" before them, by the sound of the first word: "an immediate exclusion". English
    grammar only: Welsh has no indefinite article, so in Welsh the words come back as they are."""
    if not words or languages.active() == languages.WELSH:
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
