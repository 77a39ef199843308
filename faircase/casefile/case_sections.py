"""The notes app's part of the case page (faircase.cases.sections) and of the chronology (faircase.cases.chronology).
Notes reach the disclosable record through the chronology's record section, marked as case notes (ADR 16)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext_lazy

from faircase.cases.chronology import ChronologyEntry, register_source
from faircase.cases.sections import CaseSection, register
from faircase.core.formatting import pluralise


def _notes_section(case: Any, user: Any, today: Any) -> dict[str, Any]:
    from faircase.casefile.presenters import case_notes_context

    return {"notes": case_notes_context(case, user)}


def note_events(case: Any) -> Iterator[ChronologyEntry]:
    from faircase.casefile.selectors import notes_of

    for note in notes_of(case):
        versions = len(note.versions.all())
        written = f"Case note by {note.written_by_label}"
        if versions > 1:
            written += f" (edited: {pluralise(versions, 'version')} kept)"
        yield ChronologyEntry(
            note.written_at,
            "note",
            written,
            note.text,
            reverse("casefile:detail", kwargs={"case_id": case.pk, "note_id": note.pk}),
        )


def register_all() -> None:
    register(
        CaseSection(
            "notes", cast(str, gettext_lazy("Case notes")), "casefile/_case_notes.jinja", 170, _notes_section
        )
    )
    register_source("note", cast(str, gettext_lazy("Case notes")), note_events)
