"""The notes app's part of the case page (faircase.cases.sections) and of the chronology (faircase.cases.chronology).
Notes reach the disclosable record through the chronology's record section, marked as case notes (ADR 16)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from faircase.cases.chronology import ChronologyEntry, register_source
from faircase.cases.sections import CaseSection, register


def _notes_section(case: Any, user: Any, today: Any) -> dict[str, Any]:
    from faircase.casefile.presenters import case_notes_context

    return {"notes": case_notes_context(case, user)}


def note_events(case: Any) -> Iterator[ChronologyEntry]:
    from faircase.casefile.selectors import notes_of

    for note in notes_of(case):
        versions = len(note.versions.all())
        if versions > 1:
            written = ngettext(
                "Case note by %(name)s (edited: %(num)s version kept)",
                "Case note by %(name)s (edited: %(num)s versions kept)",
                versions,
            ) % {"name": note.written_by_label, "num": f"{versions:,}"}
        else:
            written = _("Case note by %(name)s") % {"name": note.written_by_label}
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
