"""Writing case notes. Each service checks its action with the access kernel, runs in one transaction with its
audit event, and refuses bad input with a ValidationError that saves nothing."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import (
    gettext_noop as N_,
)  # marked for the messages files, looked up when refused

from faircase.access.guard import authorize
from faircase.casefile.models import Note, NoteVersion
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.audit import ActorLike

MAX_TEXT = 20_000
# In English here (what tests and callers compare with); each refusal is in the language in use.
EMPTY = N_("Enter the note")
_TOO_LONG = N_("The note must be %(count)s characters or fewer")
TOO_LONG = _TOO_LONG % {"count": f"{MAX_TEXT:,}"}
UNCHANGED = N_("Change the note's text, or go back without saving")


def clean_text(text: str | None) -> str:
    """The note as it will be kept: surrounding blank space removed; empty or too long is refused."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _(EMPTY)})
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _(_TOO_LONG) % {"count": f"{MAX_TEXT:,}"}})
    return text


def add_note(*, case: Case, text: str, by: ActorLike) -> Note:
    authorize(by=by, case=case, action="note.add")
    text = clean_text(text)
    actor = audit.as_actor(by)
    now = timezone.now()
    with transaction.atomic():
        note = Note.objects.create(
            case=case, text=text, written_by=actor.user, written_by_label=actor.name, written_at=now
        )
        NoteVersion.objects.create(
            note=note, number=1, text=text, written_by=actor.user, written_by_label=actor.name, written_at=now
        )
        audit.record(by=by, action="note.added", obj=note, case=case, after={"text": text, "version": 1})
    return note


def edit_note(*, note: Note, text: str, by: ActorLike) -> NoteVersion:
    """A new version of the note; the earlier ones stay as they were."""
    case = note.case
    authorize(by=by, case=case, action="note.edit")
    text = clean_text(text)
    actor = audit.as_actor(by)
    now = timezone.now()
    with transaction.atomic():
        # Lock the note so two edits at once cannot both take the same version number.
        locked = Note.objects.of_case(case).select_for_update().get(pk=note.pk)
        if text == locked.text:
            raise ValidationError({"text": _(UNCHANGED)})
        latest = NoteVersion.objects.of_case(case).filter(note=locked).order_by("-number").first()
        number = (latest.number if latest else 0) + 1
        version = NoteVersion.objects.create(
            note=locked,
            number=number,
            text=text,
            written_by=actor.user,
            written_by_label=actor.name,
            written_at=now,
        )
        before = locked.text
        locked.text = text
        locked.edited_at = now
        locked.save(update_fields=["text", "edited_at"])
        audit.record(
            by=by,
            action="note.edited",
            obj=locked,
            case=case,
            before={"text": before, "version": number - 1},
            after={"text": text, "version": number},
        )
    note.text, note.edited_at = text, now
    return version
