"""The documents' services: what they keep, what they refuse (saving nothing), and their audit events."""

import datetime as dt
import hashlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.utils import timezone

from faircase.access.guard import ActionRefused
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.documents import services
from faircase.documents.choices import Kind, Marking
from faircase.documents.models import Document, DocumentVersion, MarkingChange
from faircase.documents.storage import document_storage
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document
from faircase.documents.tests.helpers import stored_files

pytestmark = pytest.mark.django_db


def _read(version: DocumentVersion) -> bytes:
    with document_storage().open(version.storage_name, "rb") as handle:
        return handle.read()


def _nothing_saved(events_before: int) -> bool:
    return (
        not Document.objects.for_system("command").exists()
        and not DocumentVersion.objects.for_system("command").exists()
        and stored_files() == []
        and AuditEvent.objects.count() == events_before
    )


# ---- adding a document -----------------------------------------------------------------------------------------


def test_a_document_is_kept_with_its_sha256_kind_date_marking_and_who_added_it(case, case_manager):
    content = files.pdf("A fictional witness statement")
    document = add_document(case, case_manager, name="Witness statement.pdf", content=content)

    version = document.versions.get()
    assert (document.kind, document.dated, document.marking) == (
        Kind.STATEMENT,
        dt.date(2026, 3, 2),
        "disclosable",
    )
    assert document.added_by == case_manager and document.added_by_label.startswith("Casey Manager")
    assert version.number == 1 and version.name == "Witness statement.pdf"
    assert version.sha256 == hashlib.sha256(content).hexdigest()
    assert (version.size, version.file_type, version.content_type) == (len(content), "pdf", "application/pdf")
    assert _read(version) == content
    assert version.virus_scanned_at is None  # scanning is off in the test settings


def test_the_stored_name_is_made_by_faircase_never_from_the_files_name(case, case_manager):
    document = add_document(case, case_manager, name="statement.pdf")
    version = document.versions.get()
    assert version.storage_name == f"cases/{case.pk}/{document.pk}/{version.pk}"
    assert "statement" not in version.storage_name


def test_adding_a_document_is_audited_in_the_same_transaction(case, case_manager):
    document = add_document(case, case_manager, marking=Marking.WITHHELD, withheld_reason="Names a patient")
    event = AuditEvent.objects.filter(action="document.added").get()
    assert event.case_id == case.pk and event.object_id == str(document.pk)
    assert event.summary["after"]["marking"] == "withheld"
    assert event.summary["after"]["withheld_reason"] == "Names a patient"
    assert event.summary["detail"]["sha256"] == document.versions.get().sha256
    change = MarkingChange.objects.for_system("command").get()
    assert (change.from_marking, change.to_marking, change.reason) == ("", "withheld", "Names a patient")


@pytest.mark.parametrize("name", sorted(files.ALLOWED))
def test_each_allowed_type_is_accepted_by_its_content(case, case_manager, name):
    document = add_document(case, case_manager, name=name, content=files.ALLOWED[name]())
    assert document.versions.get().file_type in {"pdf", "docx", "doc", "png", "jpeg", "eml", "msg"}


def test_a_file_on_disk_from_the_upload_handler_is_read_where_it_is(case, case_manager, settings):
    """Uploads above FILE_UPLOAD_MAX_MEMORY_SIZE reach the service as a temporary file: it is hashed, checked and
    stored in chunks from there."""
    content = files.pdf(padding=2 * settings.FILE_UPLOAD_MAX_MEMORY_SIZE)
    upload = TemporaryUploadedFile("large.pdf", "application/pdf", len(content), None)
    upload.write(content)
    upload.seek(0)
    document = services.add_document(
        case=case, file=upload, name=upload.name, kind=Kind.REPORT, dated=dt.date(2026, 3, 2),
        marking=Marking.DISCLOSABLE, by=case_manager,
    )  # fmt: skip
    assert document.versions.get().sha256 == hashlib.sha256(content).hexdigest()
    assert _read(document.versions.get()) == content


# ---- refusals: nothing saved -------------------------------------------------------------------------------------

REFUSED_FILES = {
    "no file": (None, "statement.pdf", "Choose a file to upload"),
    "empty": (b"", "statement.pdf", "The file is empty"),
    "a Windows program named .pdf": (
        files.windows_executable(),
        "statement.pdf",
        "The file must be a PDF, Word",
    ),
    "a Linux program named .pdf": (files.linux_executable(), "statement.pdf", "The file must be a PDF, Word"),
    "a program with email headers": (
        files.executable_with_email_headers(),
        "mail.eml",
        "The file must be a PDF",
    ),
    "a zip named .docx": (files.plain_zip(), "terms.docx", "The file must be a PDF, Word"),
    "plain text": (b"Notes from the meeting\n", "notes.pdf", "The file must be a PDF, Word"),
    "a PDF named .docx": (files.pdf(), "statement.docx", "The file is a PDF, but its name ends in .docx"),
    "a name without an ending": (files.pdf(), "statement", "The file is a PDF, but its name has no ending"),
    "a name with a folder": (files.pdf(), "../../etc/statement.pdf", "a name only, without a folder"),
    "a name with a Windows folder": (
        files.pdf(),
        "C:\\shared\\statement.pdf",
        "a name only, without a folder",
    ),
    "a hidden name": (files.pdf(), ".statement.pdf", "a name only, without a folder"),
    "a name with a control character": (
        files.pdf(),
        "state\nment.pdf",
        "must not contain control characters",
    ),
    "a very long name": (files.pdf(), "s" * 200 + ".pdf", "200 characters or fewer"),
}


@pytest.mark.parametrize("what", sorted(REFUSED_FILES))
def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_saved(case, case_manager, what):
    content, name, message = REFUSED_FILES[what]
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.add_document(
            case=case, file=None if content is None else files.upload(name, content, "application/pdf"),
            name=name, kind=Kind.STATEMENT, dated=dt.date(2026, 3, 2), marking=Marking.DISCLOSABLE,
            by=case_manager,
        )  # fmt: skip
    assert message in " ".join(refusal.value.message_dict["file"])
    assert _nothing_saved(events)


def test_a_file_over_the_limit_is_refused_without_reading_the_rest(case, case_manager, settings):
    settings.FAIRCASE_DOCUMENT_MAX_BYTES = 10 * 1024
    upload = files.upload("big.pdf", files.pdf(padding=20 * 1024))
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.add_document(
            case=case, file=upload, name="big.pdf", kind=Kind.REPORT, dated=dt.date(2026, 3, 2),
            marking=Marking.DISCLOSABLE, by=case_manager,
        )  # fmt: skip
    assert refusal.value.message_dict["file"] == ["The file must be smaller than 10 KB"]
    assert _nothing_saved(events)


def test_a_file_whose_size_was_not_declared_is_refused_once_it_passes_the_limit(case, case_manager, settings):
    settings.FAIRCASE_DOCUMENT_MAX_BYTES = 10 * 1024
    upload = files.upload("big.pdf", files.pdf(padding=20 * 1024))
    upload.size = None  # a stream whose length nobody said
    with pytest.raises(ValidationError, match="smaller than 10 KB"):
        services.add_document(
            case=case, file=upload, name="big.pdf", kind=Kind.REPORT, dated=dt.date(2026, 3, 2),
            marking=Marking.DISCLOSABLE, by=case_manager,
        )  # fmt: skip
    assert stored_files() == []


def test_the_default_limit_is_25_mb():
    assert services.max_bytes() == 25 * 1024 * 1024
    assert services.too_large_message() == "The file must be smaller than 25 MB"


@pytest.mark.parametrize(
    ("details", "field", "message"),
    [
        ({"kind": "gossip"}, "kind", "Choose what kind of document it is"),
        ({"dated": None}, "dated", "Enter the date of the document"),
        ({"dated": dt.date(2099, 1, 1)}, "dated", "must be today or in the past"),
        ({"marking": "redacted"}, "marking", "Choose whether the document may be disclosed"),
        (
            {"marking": "withheld", "withheld_reason": "  "},
            "withheld_reason",
            "Say why the document is withheld",
        ),
    ],
)
def test_missing_or_wrong_details_are_refused_before_the_file_is_read(
    case, case_manager, details, field, message
):
    values = {"kind": Kind.STATEMENT, "dated": dt.date(2026, 3, 2), "marking": "disclosable"} | details
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.add_document(
            case=case, file=files.upload("s.pdf", files.pdf()), name="s.pdf", by=case_manager, **values
        )
    assert message in " ".join(refusal.value.message_dict[field])
    assert _nothing_saved(events)


def test_a_failed_audit_write_rolls_back_the_rows_and_deletes_the_file(case, case_manager):
    events = AuditEvent.objects.count()
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("the audit trail is unavailable")),
        pytest.raises(audit.AuditError),
    ):
        add_document(case, case_manager)
    assert _nothing_saved(events)


def test_a_failed_version_rolls_back_and_leaves_the_first_version_alone(case, case_manager):
    document = add_document(case, case_manager, content=files.pdf("first"))
    first = document.versions.get()
    with (
        mock.patch.object(audit, "record", side_effect=audit.AuditError("the audit trail is unavailable")),
        pytest.raises(audit.AuditError),
    ):
        services.add_version(document=document, file=files.upload("s.pdf", files.pdf("second")), name="s.pdf",
                             by=case_manager)  # fmt: skip
    assert list(DocumentVersion.objects.of_case(case)) == [first]
    assert stored_files() == [first.storage_name]


def test_someone_who_may_only_read_the_case_cannot_add_a_document(case, organisation):
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Fictional")
    with pytest.raises(ActionRefused):
        add_document(case, auditor)
    assert stored_files() == []


def test_no_document_is_added_to_a_closed_case(case, case_manager):
    case.closed_at = timezone.now()
    with pytest.raises(ActionRefused, match="closed"):
        add_document(case, case_manager)


def test_a_person_excluded_for_a_conflict_cannot_add_a_document(case, organisation, case_manager):
    other = member(organisation, "case_manager", username="cm2", full_name="Conflicted Manager")
    case_services.exclude_for_conflict(
        case=case, user=other, reason="Is the practitioner's partner", by=case_manager
    )
    with pytest.raises(ActionRefused):
        add_document(case, other)


# ---- versions ------------------------------------------------------------------------------------------------


def test_a_new_version_is_kept_beside_the_old_one_and_nothing_is_overwritten(case, case_manager):
    document = add_document(case, case_manager, content=files.pdf("draft"))
    second = services.add_version(
        document=document, file=files.upload("statement v2.docx", files.docx("signed")), name="statement v2.docx",
        note="Signed by the witness", by=case_manager,
    )  # fmt: skip
    first = document.versions.get(number=1)
    assert second.number == 2 and second.file_type == "docx" and second.note == "Signed by the witness"
    assert _read(first).startswith(b"%PDF") and _read(second).startswith(b"PK")
    assert first.storage_name != second.storage_name and len(stored_files()) == 2
    assert services.current_version(document) == second
    event = AuditEvent.objects.filter(action="document.version_added").get()
    assert (
        event.summary["detail"]["version"] == 2 and event.summary["detail"]["note"] == "Signed by the witness"
    )


def test_a_bad_new_version_is_refused_and_the_document_is_unchanged(case, case_manager):
    document = add_document(case, case_manager)
    with pytest.raises(ValidationError, match="The file must be a PDF"):
        services.add_version(document=document, file=files.upload("s.pdf", files.windows_executable()),
                             name="s.pdf", by=case_manager)  # fmt: skip
    assert document.versions.count() == 1 and len(stored_files()) == 1


# ---- markings and redacted copies ------------------------------------------------------------------------------


def test_changing_the_marking_is_audited_with_its_reason_and_kept_in_the_history(case, case_manager):
    document = add_document(case, case_manager)
    services.change_marking(
        document=document, marking=Marking.WITHHELD, reason="Names a patient", by=case_manager
    )
    document.refresh_from_db()
    assert (document.marking, document.withheld_reason) == ("withheld", "Names a patient")
    event = AuditEvent.objects.filter(action="document.marking_changed").get()
    assert event.summary["before"] == {"marking": "disclosable", "withheld_reason": ""}
    assert event.summary["detail"] == {"reason": "Names a patient"}
    history = MarkingChange.objects.of_case(case).filter(document=document).order_by("changed_at", "id")
    assert [(c.from_marking, c.to_marking) for c in history] == [
        ("", "disclosable"),
        ("disclosable", "withheld"),
    ]


@pytest.mark.parametrize(
    ("marking", "reason", "field", "message"),
    [
        ("withheld", "", "reason", "Say why the document is withheld"),
        ("disclosable", "", "reason", "Say why the marking is changing"),
        ("disclosable", "No change", "marking", "already marked disclosable"),
        ("redacted", "Redacted", "marking", "Add a redacted copy of the current version first"),
        ("secret", "x", "marking", "Choose how the document may be disclosed"),
    ],
)
def test_a_marking_change_without_a_reason_or_that_changes_nothing_is_refused(
    case, case_manager, marking, reason, field, message
):
    document = add_document(case, case_manager)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        services.change_marking(document=document, marking=marking, reason=reason, by=case_manager)
    assert message in " ".join(refusal.value.message_dict[field])
    assert AuditEvent.objects.count() == events


def test_a_redacted_copy_is_its_own_version_linked_to_the_original(case, case_manager):
    document = add_document(case, case_manager, content=files.pdf("Full text naming a patient"))
    copy = services.add_redacted_copy(
        document=document, file=files.upload("statement redacted.pdf", files.pdf("Full text naming [redacted]")),
        name="statement redacted.pdf", reason="A patient's name", by=case_manager,
    )  # fmt: skip
    document.refresh_from_db()
    original = document.versions.get(number=1)
    assert copy.redaction_of == original and copy.number == 2 and copy.note == "A patient's name"
    assert document.marking == Marking.REDACTED
    assert services.current_version(document) == original  # the redacted copy is not the document's text
    assert _read(original) != _read(copy)
    event = AuditEvent.objects.filter(action="document.redacted_copy_added").get()
    assert event.summary["after"] == {"marking": "redacted", "redaction_of": 1}


def test_a_new_version_after_a_redacted_copy_withholds_the_document_until_it_is_redacted_again(
    case, case_manager
):
    document = add_document(case, case_manager)
    services.add_redacted_copy(document=document, file=files.upload("r.pdf", files.pdf("r")), name="r.pdf",
                               reason="Names", by=case_manager)  # fmt: skip
    services.add_version(document=document, file=files.upload("s.pdf", files.pdf("v3")), name="s.pdf",
                         by=case_manager)  # fmt: skip
    document.refresh_from_db()
    assert document.marking == Marking.WITHHELD
    assert "redacted copy of version 3" in document.withheld_reason
    with pytest.raises(ValidationError, match="Add a redacted copy of the current version first"):
        services.change_marking(document=document, marking=Marking.REDACTED, reason="x", by=case_manager)


def test_markings_and_redacted_copies_may_change_after_the_case_closes_but_not_new_documents(
    case, case_manager
):
    document = add_document(case, case_manager)
    case.closed_at = timezone.now()
    case.save(update_fields=["closed_at"])
    document.case.refresh_from_db()
    services.change_marking(
        document=document, marking=Marking.WITHHELD, reason="Tribunal order", by=case_manager
    )
    services.add_redacted_copy(document=document, file=files.upload("r.pdf", files.pdf("r")), name="r.pdf",
                               reason="Names", by=case_manager)  # fmt: skip
    with pytest.raises(ActionRefused, match="closed"):
        services.add_version(document=document, file=files.upload("s.pdf", files.pdf()), name="s.pdf",
                             by=case_manager)  # fmt: skip


# ---- downloads -----------------------------------------------------------------------------------------------


def test_each_download_is_audited_with_the_version_and_its_sha256(case, case_manager):
    document = add_document(case, case_manager)
    version = document.versions.get()
    for _ in range(2):
        with services.open_for_download(version=version, by=case_manager) as handle:
            assert handle.read().startswith(b"%PDF")
    events = AuditEvent.objects.filter(action="document.downloaded")
    assert events.count() == 2
    assert events.first().summary["detail"] == {
        "name": "statement.pdf",
        "version": 1,
        "sha256": version.sha256,
    }
