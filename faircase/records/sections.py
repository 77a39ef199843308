"""Sections of the disclosable record that other apps contribute, through one registry.

The record (faircase.records.presenters) builds its framework sections itself; everything else a panel looks for
(restrictions and their reviews, deadlines, documents, letters, decisions, the chronology) is registered here by
the app that owns it, when Django starts (its AppConfig.ready). Each section is a title and a list of headed
entries of labelled values, so the web page, the PDF and the Word document render every section the same way and
the integrity hash covers it like the rest of the record.

A section's entries must not depend on the day the record is made, only on the case (and `generated_on` for the
few sections that say what was still to come then): the same case must give the same hash.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

if TYPE_CHECKING:
    from faircase.cases.models import Case

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class RecordRow:
    label: str
    value: str


@dataclass(frozen=True)
class RecordEntry:
    heading: str
    rows: tuple[RecordRow, ...]


EntriesFor = Callable[[Any, dt.date], tuple[RecordEntry, ...]]


@dataclass(frozen=True)
class RecordSectionSpec:
    key: str  # the section's id in the web record ("record-<key>")
    title: str | Promise  # lazy, so it is read in the language of the record being made
    order: int
    entries: EntriesFor  # (case, generated_on) -> the section's entries, oldest first
    empty: str | Promise  # the sentence shown when there is nothing to list


@dataclass(frozen=True)
class RecordSection:
    key: str
    title: str
    entries: tuple[RecordEntry, ...]
    empty: str


_SPECS: dict[str, RecordSectionSpec] = {}


def register(spec: RecordSectionSpec) -> None:
    """Add a section to the record. A key registered twice is a programming error, not a replacement."""
    if not KEY_PATTERN.match(spec.key):
        raise ValueError(f"A record section's key is a lower-case id, not {spec.key!r}")
    existing = _SPECS.get(spec.key)
    if existing is not None and existing != spec:
        raise ValueError(f"Two record sections have the key {spec.key!r}")
    _SPECS[spec.key] = spec


def registered() -> tuple[RecordSectionSpec, ...]:
    return tuple(sorted(_SPECS.values(), key=lambda s: (s.order, s.key)))


def build_sections(case: Case, *, generated_on: dt.date) -> tuple[RecordSection, ...]:
    """The sections in the language in use: a title or empty sentence registered lazily (gettext_lazy) is read
    now, as text, so the record's tree and its hash hold plain strings."""
    return tuple(
        RecordSection(spec.key, str(spec.title), tuple(spec.entries(case, generated_on)), str(spec.empty))
        for spec in registered()
    )
