"""Backup and restore (ADR 33), on whichever database the suite runs on: a round trip gives back the same rows,
the same document files and a whole audit trail; a damaged, partial, re-signed or mismatched backup, and a
target that holds data, are refused before anything changes.

Transactional tests: the backup takes its own database snapshot (on PostgreSQL a REPEATABLE READ transaction
exported to pg_dump) and the restore replaces the database's contents, neither of which can happen inside the
transaction an ordinary test runs in."""

import io
import json
import tarfile

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from faircase.accounts.models import Organisation, User
from faircase.backups import services
from faircase.cases.models import Case
from faircase.core import audit, checkpoints, signing
from faircase.core.models import AuditEvent
from faircase.documents.models import DocumentVersion
from faircase.documents.storage import STORAGE_ALIAS, document_storage
from faircase.documents.tests import files
from faircase.documents.tests.factories import add_document

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)
COUNTED = (Organisation, User, Case, DocumentVersion, AuditEvent)
SOMEONE = "faircase backup (a test)"


@pytest.fixture(autouse=True)
def fresh_document_storage():
    """Each test starts with an empty documents storage (the test settings keep it in memory)."""
    storages._storages.pop(STORAGE_ALIAS, None)
    yield
    storages._storages.pop(STORAGE_ALIAS, None)


@pytest.fixture
def held(case, case_manager):
    """A little of everything a backup carries: a case, two documents (one a Word file) and their events."""
    add_document(case, case_manager, name="statement.pdf", content=files.pdf("A fictional statement"))
    add_document(case, case_manager, name="terms.docx", content=files.docx())
    return _state()


def _state() -> dict:
    storage = document_storage()
    documents = {}
    for name in DocumentVersion.objects.values_list("storage_name", flat=True):
        with storage.open(name, "rb") as stored:
            documents[name] = stored.read()
    last = AuditEvent.objects.order_by("-sequence").first()
    return {
        "counts": {model.__name__: model.objects.count() for model in COUNTED},
        "head": (last.sequence, last.hash) if last else None,
        "documents": documents,
    }


def _empty_everything() -> None:
    call_command("flush", interactive=False, verbosity=0)
    storages._storages.pop(STORAGE_ALIAS, None)


def _rewrite(source, target, change) -> None:
    """Copy a backup member by member; `change(name, data)` returns new bytes, or None to leave the member out."""
    with tarfile.open(source) as old, tarfile.open(target, "w") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is None:
                continue
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))


def _resigned(data: bytes, **changes) -> bytes:
    manifest = json.loads(data)
    for key, value in changes.items():
        manifest[key] = value
    return json.dumps(signing.sign(manifest, checkpoints.private_key())).encode()


def _refused(path, *, says: str) -> None:
    before = _state()
    with pytest.raises(CommandError) as error:
        call_command("restore", str(path))
    assert error.value.returncode == 1
    assert "Nothing was restored" in str(error.value)
    assert says in str(error.value)
    assert _state() == before


@transactional
def test_a_backup_restored_into_an_empty_database_gives_back_the_same_rows_documents_and_trail(
    held, tmp_path
):
    path = tmp_path / "faircase.tar.gz"
    call_command("backup", "--out", str(path))
    backed_up = _state()
    _empty_everything()
    assert services.tables_holding_data() == []

    call_command("restore", str(path))

    restored = _state()
    newest = list(AuditEvent.objects.order_by("-sequence")[:2])
    assert [event.action for event in newest] == ["backup.restored", "backup.started"]
    assert (newest[1].sequence, newest[1].hash) == backed_up["head"]
    assert restored["documents"] == backed_up["documents"] == held["documents"]
    assert restored["counts"] == {**backed_up["counts"], "AuditEvent": backed_up["counts"]["AuditEvent"] + 1}
    assert audit.verify_chain() == (restored["counts"]["AuditEvent"], None)


@transactional
def test_the_manifest_lists_each_member_the_documents_the_migrations_and_a_signed_checkpoint(held, tmp_path):
    path = tmp_path / "faircase.tar"
    manifest = services.make_backup(by=SOMEONE, out=path)

    assert manifest["database"]["vendor"] == connection.vendor
    assert ["core", "0002_audit_events_refused_update_and_delete_in_the_database"] in manifest["migrations"]
    started = AuditEvent.objects.order_by("-sequence").first()
    assert (started.action, started.actor_label) == ("backup.started", SOMEONE)
    sequence, head = started.sequence, started.hash
    assert manifest["audit"] == {"head": head, "count": sequence}
    # Every chain's head (ADR 35): the backup's own event heads the installation's chain.
    chains = manifest["checkpoint"]["chains"]
    assert chains == [{"name": h.name, "head": h.head, "count": h.count} for h in checkpoints.chain_heads()]
    assert {"name": "installation", "head": head, "count": started.position} in chains
    assert len(chains) == 2
    assert signing.signature_is_valid(manifest["checkpoint"], checkpoints.public_key())
    assert sorted(d["storage_name"] for d in manifest["documents"]) == sorted(held["documents"])
    with tarfile.open(path) as tar:
        assert sorted(tar.getnames()) == sorted([m["path"] for m in manifest["members"]] + ["manifest.json"])
    assert services.check_backup(path) == manifest


@transactional
def test_a_target_that_holds_data_is_refused(held, tmp_path):
    path = tmp_path / "faircase.tar"
    services.make_backup(by=SOMEONE, out=path)

    _refused(path, says="holds data (in accounts_membership, accounts_organisation")


@transactional
def test_a_tampered_member_is_refused(held, tmp_path):
    good, bad = tmp_path / "good.tar", tmp_path / "bad.tar"
    services.make_backup(by=SOMEONE, out=good)
    _rewrite(good, bad, lambda name, data: data[:-1] + b"!" if name.startswith("documents/") else data)
    _empty_everything()

    _refused(bad, says="the SHA-256 of documents/cases/")


@transactional
def test_a_partial_backup_is_refused(held, tmp_path):
    good, partial, cut = tmp_path / "good.tar", tmp_path / "partial.tar", tmp_path / "cut.tar.gz"
    services.make_backup(by=SOMEONE, out=good)
    first_document = next(iter(sorted(held["documents"])))
    _rewrite(good, partial, lambda name, data: None if name == f"documents/{first_document}" else data)
    services.make_backup(by=SOMEONE, out=cut)
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    _empty_everything()

    _refused(partial, says=f"The backup is partial: documents/{first_document} is missing from it.")
    _refused(cut, says="damaged or partial")


@transactional
def test_a_manifest_changed_after_signing_or_signed_by_another_key_is_refused(held, tmp_path):
    good, changed, foreign = tmp_path / "good.tar", tmp_path / "changed.tar", tmp_path / "foreign.tar"
    services.make_backup(by=SOMEONE, out=good)

    def lower_the_count(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["audit"]["count"] -= 1
        return json.dumps(manifest).encode()

    _rewrite(good, changed, lower_the_count)
    other_key = signing.load_private_key(signing.not_secret_key_for("another installation"))
    _rewrite(
        good,
        foreign,
        lambda name, data: (
            json.dumps(signing.sign(json.loads(data), other_key)).encode()
            if name == "manifest.json"
            else data
        ),
    )
    _empty_everything()

    _refused(changed, says="The manifest's signature is not valid")
    _refused(foreign, says="The manifest's signature is not valid")


@transactional
def test_a_backup_of_another_kind_of_database_is_refused(held, tmp_path):
    good, other = tmp_path / "good.tar", tmp_path / "other.tar"
    services.make_backup(by=SOMEONE, out=good)
    vendor = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    _rewrite(
        good,
        other,
        lambda name, data: (
            _resigned(data, database={**json.loads(data)["database"], "vendor": vendor})
            if name == "manifest.json"
            else data
        ),
    )
    _empty_everything()

    _refused(
        other, says=f"The backup is of a {vendor} database; DATABASE_URL names a {connection.vendor} one."
    )


@transactional
def test_a_backup_never_overwrites_a_file(db, tmp_path):
    path = tmp_path / "faircase.tar"
    path.write_text("an earlier backup")
    with pytest.raises(CommandError, match="exists already: a backup never overwrites a file"):
        call_command("backup", "--out", str(path))
    assert path.read_text() == "an earlier backup"


def test_a_freshly_migrated_database_is_empty(db):
    # What the migrations ship (the framework, policy packs, letters, support directory) does not count as data.
    assert services.tables_holding_data() == []


def test_a_file_that_is_not_a_backup_is_refused_by_name(db, tmp_path):
    path = tmp_path / "notes.tar"
    path.write_text("not a tar file")
    with pytest.raises(
        CommandError, match="is damaged or not a faircase backup: it is not a readable tar file"
    ):
        call_command("restore", str(path))
    with pytest.raises(CommandError, match="There is no backup file at"):
        call_command("restore", str(tmp_path / "missing.tar"))
