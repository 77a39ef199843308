"""Reads of a case's notes. Each takes a case the caller fetched through the access kernel (a view's `@case_view`),
so what it returns is scoped by construction."""

from __future__ import annotations

import uuid

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from faircase.casefile.models import Note, NoteVersion
from faircase.cases.models import Case
from faircase.core.page_reads import read_once


@read_once
def notes_of(case: Case) -> QuerySet[Note]:
    """The case's notes, oldest first, each with its versions (two queries in all)."""
    return (
        Note.objects.of_case(case)
        .prefetch_related(Prefetch("versions", queryset=NoteVersion.objects.of_case(case).order_by("number")))
        .order_by("written_at", "id")
    )


def note_in(case: Case, note_id: uuid.UUID | str) -> Note:
    """One note of the case, or 404. It carries the case it was fetched with."""
    try:
        note = notes_of(case).get(pk=note_id)
    except (Note.DoesNotExist, ValueError) as error:
        raise Http404("No such note") from error
    note.case = case
    return note
