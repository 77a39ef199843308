"""Case notes as people read them: on their own pages, the case page's section and the record alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from faircase.access.guard import allows
from faircase.casefile import selectors
from faircase.casefile.models import Note
from faircase.core.formatting import nhs_datetime


@dataclass(frozen=True)
class VersionLine:
    number: int
    text: str
    written_by: str
    written: str


@dataclass(frozen=True)
class NoteLine:
    id: Any
    text: str
    written_by: str
    written: str
    edited: str  # "" when it was never edited
    version_count: int
    url: str
    edit_url: str  # "" when the user may not edit it


def _line(note: Note, *, can_edit: bool) -> NoteLine:
    versions = list(note.versions.all())
    url = reverse("casefile:detail", kwargs={"case_id": note.case_id, "note_id": note.pk})
    return NoteLine(
        id=note.pk,
        text=note.text,
        written_by=note.written_by_label,
        written=nhs_datetime(note.written_at),
        edited=nhs_datetime(note.edited_at, empty=""),
        version_count=len(versions),
        url=url,
        edit_url=reverse("casefile:edit", kwargs={"case_id": note.case_id, "note_id": note.pk})
        if can_edit
        else "",
    )


def note_lines(case: Any, user: Any) -> list[NoteLine]:
    can_edit = allows(user, case, "note.edit")
    return [_line(note, can_edit=can_edit) for note in selectors.notes_of(case)]


def versions_of(note: Note) -> list[VersionLine]:
    """Every version of the note, the latest first."""
    return [
        VersionLine(v.number, v.text, v.written_by_label, nhs_datetime(v.written_at))
        for v in sorted(note.versions.all(), key=lambda v: v.number, reverse=True)
    ]


def note_page(note: Note, user: Any) -> dict[str, Any]:
    return {
        "note": _line(note, can_edit=allows(user, note.case, "note.edit")),
        "versions": versions_of(note),
    }


def list_links(case: Any, user: Any) -> dict[str, str]:
    add = allows(user, case, "note.add")
    return {
        "list_url": reverse("casefile:list", kwargs={"case_id": case.pk}),
        "add_url": reverse("casefile:add", kwargs={"case_id": case.pk}) if add else "",
    }


def case_notes_context(case: Any, user: Any, *, latest: int = 3) -> dict[str, Any]:
    """The case page's section: how many notes, the latest few, and the links."""
    lines = note_lines(case, user)
    return {
        "count": len(lines),
        "count_text": ngettext("%(num)s note", "%(num)s notes", len(lines)) % {"num": f"{len(lines):,}"},
        "latest": list(reversed(lines[-latest:])),
        **list_links(case, user),
    }


def search_rows(found: Any) -> dict[str, Any]:
    """A search's results as the page lists them (`found` is a faircase.casefile.search.SearchResults)."""
    from faircase.cases.presenters import stage_tag
    from faircase.core.formatting import nhs_date

    rows = [
        {
            "url": reverse("cases:detail", kwargs={"case_id": r.case.pk}),
            "reference": r.case.reference,
            "practitioner": r.case.practitioner.full_name,
            "organisation": r.case.organisation.name,
            "stage": stage_tag(r.case),
            "opened": nhs_date(r.case.opened_at),
            "matched": ", ".join(gettext(m) for m in r.matched),
        }
        for r in found.results
    ]
    return {
        "rows": rows,
        "count_text": ngettext("%(num)s case", "%(num)s cases", found.total) % {"num": f"{found.total:,}"},
        "more": found.total > len(rows),
    }
