"""The chronology as people read it: the full page, the case page's section and the record's section, all from
`chronology_for`, so the three cannot disagree."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.cases.chronology import ChronologyEntry, chronology_for, sources

LATEST_ON_CASE_PAGE = 10


@dataclass(frozen=True)
class ChronologyRow:
    when: str
    kind: str  # the source's label
    title: str
    detail: str
    url: str


def _labels() -> dict[str, str]:
    return {source.key: str(source.label) for source in sources()}  # read now, in the language in use


def rows(entries: list[ChronologyEntry]) -> list[ChronologyRow]:
    labels = _labels()
    return [ChronologyRow(e.when_text, labels.get(e.kind, e.kind), e.title, e.detail, e.url) for e in entries]


def kind_choices() -> list[tuple[str, str]]:
    return [(source.key, source.label) for source in sources()]


def page(case: Any, kinds: list[str] | None) -> dict[str, Any]:
    entries = chronology_for(case, kinds or None)
    return {
        "rows": rows(entries),
        "count_text": ngettext("%(num)s entry", "%(num)s entries", len(entries))
        % {"num": f"{len(entries):,}"},
    }


def case_section_context(case: Any, user: Any, today: dt.date) -> dict[str, Any]:
    """The latest entries, newest first, and the way to the whole chronology."""
    entries = chronology_for(case)
    latest = list(reversed(entries[-LATEST_ON_CASE_PAGE:]))
    return {
        "chronology": {
            "rows": rows(latest),
            "count": len(entries),
            "count_text": ngettext("%(num)s entry", "%(num)s entries", len(entries))
            % {"num": f"{len(entries):,}"},
            "url": reverse("cases:chronology", kwargs={"case_id": case.pk}),
        }
    }


def record_entries(case: Any, generated_on: dt.date) -> tuple[Any, ...]:
    """The whole chronology for the disclosable record, oldest first. It reads only the case, never the day."""
    from faircase.records.sections import RecordEntry, RecordRow

    labels = _labels()
    entries = []
    for entry in chronology_for(case):
        record_rows = [RecordRow(_("Kind"), labels.get(entry.kind, entry.kind))]
        if entry.detail:
            record_rows.append(RecordRow(_("Detail"), entry.detail))
        entries.append(RecordEntry(f"{entry.when_text}: {entry.title}", tuple(record_rows)))
    return tuple(entries)
