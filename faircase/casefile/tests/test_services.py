"""Case notes: an edit keeps every earlier version, each change is audited with it, and the policy decides who
may write (a read-only role may not; nobody may once the case is closed)."""

from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.access.guard import ActionRefused
from faircase.accounts.tests.factories import member
from faircase.casefile import services
from faircase.casefile.models import Note, NoteVersion
from faircase.core import audit
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _notes() -> list[Note]:
    return list(Note.objects.for_system("command"))


def test_a_note_is_kept_with_who_wrote_it_when_and_its_text(case, case_manager):
    note = services.add_note(
        case=case, text="  Spoke to the clinical director about the rota.  ", by=case_manager
    )

    assert note.text == "Spoke to the clinical director about the rota."
    assert note.written_by == case_manager and note.written_by_label.startswith("Casey Manager")
    assert note.written_at is not None and note.edited_at is None
    version = note.versions.get()
    assert (version.number, version.text) == (1, note.text)
    event = AuditEvent.objects.filter(action="note.added").get()
    assert event.case_id == case.pk and event.object_id == str(note.pk)


def test_an_edit_adds_a_version_and_keeps_every_earlier_one(case, case_manager):
    note = services.add_note(case=case, text="First account of the meeting.", by=case_manager)
    services.edit_note(note=note, text="Second account, with the date corrected.", by=case_manager)
    third = services.edit_note(note=note, text="Third account, naming who was there.", by=case_manager)

    note.refresh_from_db()
    texts = list(
        NoteVersion.objects.of_case(case).filter(note=note).order_by("number").values_list("text", flat=True)
    )
    assert texts == [
        "First account of the meeting.",
        "Second account, with the date corrected.",
        "Third account, naming who was there.",
    ]
    assert third.number == 3 and note.text == third.text and note.edited_at is not None
    edits = AuditEvent.objects.filter(action="note.edited").order_by("sequence")
    assert [e.summary["before"]["version"] for e in edits] == [1, 2]
    assert edits.last().summary["before"]["text"] == "Second account, with the date corrected."


@pytest.mark.parametrize(
    ("text", "message"),
    [("", services.EMPTY), ("   \n ", services.EMPTY), ("x" * (services.MAX_TEXT + 1), services.TOO_LONG)],
)
def test_an_empty_or_too_long_note_is_refused_and_nothing_is_saved(case, case_manager, text, message):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.add_note(case=case, text=text, by=case_manager)
    assert refused.value.message_dict == {"text": [message]}
    assert _notes() == [] and AuditEvent.objects.count() == events


def test_an_edit_that_changes_nothing_is_refused(case, case_manager):
    note = services.add_note(case=case, text="As written.", by=case_manager)
    with pytest.raises(ValidationError, match="Change the note"):
        services.edit_note(note=note, text=" As written. ", by=case_manager)
    assert note.versions.count() == 1


def test_a_read_only_role_may_neither_add_nor_edit(case, case_manager, organisation):
    note = services.add_note(case=case, text="Written by the case manager.", by=case_manager)
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Fictional")
    with pytest.raises(ActionRefused):
        services.add_note(case=case, text="An auditor's note.", by=auditor)
    with pytest.raises(ActionRefused):
        services.edit_note(note=note, text="Changed by the auditor.", by=auditor)
    assert len(_notes()) == 1 and note.versions.count() == 1


def test_someone_of_another_organisation_may_not_write_a_note(case, other_organisation):
    outsider = member(other_organisation, "case_manager", username="out", full_name="Otto Outside")
    with pytest.raises(ActionRefused):
        services.add_note(case=case, text="From outside.", by=outsider)


def test_a_closed_case_takes_no_new_note_and_no_edit(case, case_manager):
    note = services.add_note(case=case, text="Before the close.", by=case_manager)
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    with pytest.raises(ActionRefused, match="closed"):
        services.add_note(case=case, text="After the close.", by=case_manager)
    with pytest.raises(ActionRefused, match="closed"):
        services.edit_note(note=note, text="Changed after the close.", by=case_manager)


def test_a_failed_audit_write_saves_neither_the_note_nor_its_version(case, case_manager):
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("the chain is down")),
        pytest.raises(audit.AuditError),
    ):
        services.add_note(case=case, text="Never kept.", by=case_manager)
    assert _notes() == [] and not NoteVersion.objects.for_system("command").exists()


def test_a_failed_audit_write_leaves_the_note_as_it_was(case, case_manager):
    note = services.add_note(case=case, text="Kept as it was.", by=case_manager)
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("the chain is down")),
        pytest.raises(audit.AuditError),
    ):
        services.edit_note(note=note, text="Never kept.", by=case_manager)
    note.refresh_from_db()
    assert note.text == "Kept as it was." and note.versions.count() == 1
