"""Case notes: what the people working on a case write down about it, kept in every version it was given.

A note's text is never overwritten in place: each edit adds a NoteVersion, and the note's own `text` is a copy of
the latest version, kept so lists and search need not look for it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel


class Note(NamedByKeyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="notes")
    text = models.TextField(help_text="The latest version's text (every version is kept in NoteVersion)")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_by_label = models.CharField(max_length=200, help_text="Who wrote it, as named at the time")
    written_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When the latest edit was made")

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["written_at", "id"]
        indexes = [models.Index(fields=["case", "written_at"])]


class NoteVersion(NamedByKeyModel):
    """One text a note has had: the first as written, then one per edit. Rows are only ever added."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    written_by_label = models.CharField(max_length=200)
    written_at = models.DateTimeField(default=timezone.now)

    case_path = "note__case"
    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["note", "number"]
        constraints = [models.UniqueConstraint(fields=["note", "number"], name="one_number_per_note_version")]
