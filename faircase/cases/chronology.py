"""One chronology of a case: every app's dated events, merged in time order, through one registry.

Each app that owns a kind of event registers a source when Django starts (its AppConfig.ready): a key (the kind
its entries carry, used to filter), a label people read, and a function that gives the case's entries. The case
page, the chronology page and the disclosable record all read `chronology_for`, so they cannot disagree.

A source reads its rows through the app's selectors or `Model.objects.of_case(case)` for a case the caller fetched
through the access kernel. An event known only by its date (a contact on 3 November) is placed at the start of that
day in the service's time zone and marked `day_only`, so it is shown as a date, not a time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from faircase.core.formatting import nhs_date, nhs_datetime

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class ChronologyEntry:
    when: dt.datetime  # aware
    kind: str  # the key of the source that gave it
    title: str
    detail: str
    url: str = ""
    day_only: bool = False  # known by its date alone: shown as "3 November 2026", not with a time

    def __post_init__(self) -> None:
        if not isinstance(self.when, dt.datetime) or timezone.is_naive(self.when):
            raise ValueError("A chronology entry's time must be an aware datetime")

    @property
    def when_text(self) -> str:
        return nhs_date(self.when) if self.day_only else nhs_datetime(self.when)


EntriesOf = Callable[[Any], Iterable[ChronologyEntry]]


@dataclass(frozen=True)
class ChronologySource:
    key: str
    label: str
    entries: EntriesOf


_SOURCES: dict[str, ChronologySource] = {}


def register_source(key: str, label: str, fn: EntriesOf) -> None:
    """Add a source of entries. A key registered twice with another function is a programming error."""
    if not KEY_PATTERN.match(key):
        raise ValueError(f"A chronology source's key is a lower-case id, not {key!r}")
    source = ChronologySource(key, label, fn)
    existing = _SOURCES.get(key)
    if existing is not None and existing != source:
        raise ValueError(f"Two chronology sources have the key {key!r}")
    _SOURCES[key] = source


def sources() -> tuple[ChronologySource, ...]:
    """Every registered source, in the order of their labels (the filter's checkboxes)."""
    return tuple(sorted(_SOURCES.values(), key=lambda s: (s.label.lower(), s.key)))


def on_day(day: dt.date) -> dt.datetime:
    """An event known by its date alone, placed at the start of that day where the service is."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def entry_on_day(day: dt.date, kind: str, title: str, detail: str = "", url: str = "") -> ChronologyEntry:
    return ChronologyEntry(on_day(day), kind, title, detail, url, day_only=True)


def _order(entry: ChronologyEntry) -> tuple[Any, ...]:
    # Same moment: the source's key, then the title, so the order never depends on the order apps loaded in.
    return (entry.when, entry.kind, entry.title, entry.detail)


def chronology_for(case: Any, kinds: Iterable[str] | None = None) -> list[ChronologyEntry]:
    """The case's entries from every source (or only those of `kinds`), oldest first."""
    wanted = None if kinds is None else set(kinds)
    entries: list[ChronologyEntry] = []
    for source in _SOURCES.values():
        if wanted is not None and source.key not in wanted:
            continue
        for entry in source.entries(case):
            if entry.kind != source.key:
                raise ValueError(f"The chronology source {source.key!r} gave an entry of kind {entry.kind!r}")
            entries.append(entry)
    return sorted(entries, key=_order)
