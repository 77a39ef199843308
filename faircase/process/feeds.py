"""A personal, revocable iCalendar feed of deadlines.

The feed URL carries a random token; only its SHA-256 hash is stored, so the URL is shown once, when made.
Every fetch re-reads the cases the user can see at that moment: a case they are later kept away from, or an
organisation they leave, drops out of the feed. The feed leaves the system (calendar apps, phones), so it holds
as little as will do: the case reference, what is due, the source of the timescale and whether it is verified;
no practitioner, no concern, no people.

The iCalendar text (RFC 5545) is written here: CRLF line ends, lines folded at 75 octets, TEXT values escaped.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from faircase.cases.models import Case
from faircase.core import audit, languages
from faircase.process import clock
from faircase.process.models import CalendarFeed

TOKEN_BYTES = 32
PRODID = "-//faircase//Deadlines//EN"
CALENDAR_NAME = N_("faircase deadlines")  # looked up in the language of the feed's owner
UID_DOMAIN = "faircase"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- Services ---------------------------------------------------------------------------------------------------


@transaction.atomic
def create_feed(*, by: Any) -> tuple[CalendarFeed, str]:
    """Make a new feed for `by` and return it with its token (shown once, never stored).

    A person has one live feed: making a new one stops the old one, so a leaked link is fixed by making another.
    """
    now = timezone.now()
    for old in CalendarFeed.objects.select_for_update().filter(user=by, revoked_at__isnull=True):
        old.revoked_at = now
        old.save(update_fields=["revoked_at"])
        audit.record(by=by, action="calendar_feed.revoked", obj=old, detail={"replaced": True})
    token = secrets.token_urlsafe(TOKEN_BYTES)
    feed = CalendarFeed.objects.create(user=by, token_hash=hash_token(token), created_at=now)
    audit.record(by=by, action="calendar_feed.created", obj=feed)
    return feed, token


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed, by: Any) -> CalendarFeed:
    if feed.user_id != by.pk:
        raise Http404("No such feed")
    if feed.revoked_at is None:
        feed.revoked_at = timezone.now()
        feed.save(update_fields=["revoked_at"])
        audit.record(by=by, action="calendar_feed.revoked", obj=feed)
    return feed


@transaction.atomic
def read_feed(*, feed: CalendarFeed, today: dt.date, base_url: str) -> str:
    """The feed's text as fetched now, noting when it was last used. Each fetch is audited: it carries case
    references and deadlines out of the system, even if a calendar app fetches it every few hours."""
    text, events = feed_text(feed.user, today=today, base_url=base_url)
    feed.last_used_at = timezone.now()
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=feed.last_used_at)
    audit.record(by=feed.user, action="calendar_feed.read", obj=feed, detail={"events": events})
    return text


# --- Selectors ------------------------------------------------------------------------------------------------


def live_feed_of(user: Any) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-id").first()
    )


def feed_of(user: Any, feed_id: int) -> CalendarFeed:
    feed = CalendarFeed.objects.filter(user=user, pk=feed_id).first()
    if feed is None:
        raise Http404("No such feed")
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    """The live feed with this token, for an active user; None for unknown or revoked tokens."""
    if not token or len(token) > 200:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


# --- iCalendar text -----------------------------------------------------------------------------------------


def escape_text(value: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and new lines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line so no physical line is longer than 75 octets (RFC 5545 3.1).

    Continuation lines start with one space, which counts towards their 75 octets. A UTF-8 character is never
    split between lines.
    """
    parts: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    parts.append(current)
    return "\r\n".join(parts)


def content_line(name: str, text: str, /, **params: str) -> str:
    head = name + "".join(f";{key.upper().replace('_', '-')}={val}" for key, val in params.items())
    return fold(f"{head}:{text}")


def _utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _date_value(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


def vevent(
    *, uid: str, day: dt.date, summary: str, description: str, url: str, stamp: dt.datetime
) -> list[str]:
    """One all-day event: DTEND is the next day, exclusive (RFC 5545 3.6.1)."""
    return [
        "BEGIN:VEVENT",
        content_line("UID", escape_text(uid)),
        content_line("DTSTAMP", _utc_stamp(stamp)),
        content_line("DTSTART", _date_value(day), value="DATE"),
        content_line("DTEND", _date_value(clock.day_after(day)), value="DATE"),
        content_line("SUMMARY", escape_text(summary)),
        content_line("DESCRIPTION", escape_text(description)),
        *([content_line("URL", url, value="URI")] if url else []),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]


def vcalendar(events: Iterable[list[str]], *, name: str | None = None) -> str:
    name = _(CALENDAR_NAME) if name is None else name
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        content_line("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        content_line("X-WR-CALNAME", escape_text(name)),
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def deadline_description(deadline: Any) -> str:
    if deadline.verified:
        lines = [_("Timescale: Verified against its source.")]
    else:
        lines = [_("Timescale: To be confirmed: the source is not verified.")]
    if deadline.source:
        lines.append(_("Source: %(source)s") % {"source": deadline.source})
    return "\n".join(lines)


def feed_text(user: Any, *, today: dt.date, base_url: str) -> tuple[str, int]:
    """The iCalendar text of every open deadline on the open cases the user can see now, and how many. A feed is
    read by one person, whoever's request fetches it (a calendar app signs in as no one): it is written in the
    language that person reads faircase in."""
    with languages.speaking_to(user):
        return _feed_text(user, today=today, base_url=base_url)


def _feed_text(user: Any, *, today: dt.date, base_url: str) -> tuple[str, int]:
    cases = Case.objects.visible_to(user).filter(closed_at__isnull=True)
    references = dict(cases.values_list("id", "reference"))
    stamp = timezone.now().replace(microsecond=0)
    events = []
    for deadline in sorted(clock.open_deadlines(cases, today=today), key=lambda d: (d.due_on, d.key)):
        reference = references.get(deadline.case_id)
        if reference is None:
            continue
        events.append(
            vevent(
                uid=f"{deadline.key}@{UID_DOMAIN}",
                day=deadline.due_on,
                summary=f"{reference}: {deadline.title}",
                description=deadline_description(deadline),
                url=base_url.rstrip("/") + reverse("cases:detail", kwargs={"case_id": deadline.case_id})
                if base_url
                else "",
                stamp=stamp,
            )
        )
    return vcalendar(events), len(events)
