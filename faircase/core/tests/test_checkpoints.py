"""Signed audit checkpoints (ADR 34): a trail cut short or rewritten no longer matches the checkpoint made before,
and a checkpoint whose signature does not hold is refused before anything else."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from faircase.cases import services
from faircase.cases.tests.factories import concern_fields
from faircase.core import audit, checkpoints, signing
from faircase.core.models import AppendOnlyError, AuditCheckpoint, AuditEvent
from faircase.core.tests.tampering import tamper

TABLE = AuditEvent._meta.db_table


@pytest.fixture
def chain(case, case_manager):
    """The case's organisation's chain (ADR 35); the fixtures write no event of any other."""
    for _ in range(3):
        services.add_concern(case=case, by=case_manager, **concern_fields())
    events = list(AuditEvent.objects.order_by("sequence"))
    assert {event.chain for event in events} == {audit.chain_of(case.organisation_id)}
    return events


@pytest.fixture
def checkpoint_file(chain, tmp_path):
    path = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--out", str(path))
    return path


def _verify(path, *extra):
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--checkpoint", str(path), *extra)
    assert error.value.returncode == 1
    return str(error.value)


def test_a_clean_chain_passes_its_checkpoint_and_later_events_do_not_matter(
    chain, checkpoint_file, case, case_manager, capsys
):
    services.add_concern(case=case, by=case_manager, **concern_fields())
    call_command("audit", "verify", "--checkpoint", str(checkpoint_file))
    out = capsys.readouterr().out
    assert "whole and reaches the checkpoint" in out
    assert f"{len(chain)} events in 1 chain" in out


def test_the_checkpoint_names_each_chain_its_head_and_count_and_the_key(chain, checkpoint_file):
    checkpoint = json.loads(checkpoint_file.read_text())
    assert checkpoint["chains"] == [{"name": chain[-1].chain, "head": chain[-1].hash, "count": len(chain)}]
    assert checkpoint["signed_by"] == signing.key_id(checkpoints.public_key())


def test_a_truncated_trail_is_named_with_where_it_ends_and_what_the_checkpoint_saw(chain, checkpoint_file):
    tamper(f"DELETE FROM {TABLE} WHERE position > %s", [len(chain) - 2])  # noqa: S608 (the table comes from the model)
    assert (
        audit.verify_chain()[1] is None
    )  # what is left is a whole chain: only the checkpoint shows the loss

    message = _verify(checkpoint_file)

    made_on = checkpoints.made_on(json.loads(checkpoint_file.read_text()))
    assert (
        f"the chain {chain[0].chain!r} was truncated: it ends at place {len(chain) - 2}, but the checkpoint of "
        f"{made_on} saw place {len(chain)}" in message
    )


def test_a_rewritten_trail_is_named_even_when_its_hashes_were_recomputed(chain, checkpoint_file):
    previous = chain[0].hash
    for event in chain[1:]:
        if event is chain[1]:
            event.summary = {"detail": {"rewritten": True}}
        event.previous_hash = previous
        event.hash = audit.compute_hash(event)
        tamper(
            f"UPDATE {TABLE} SET summary = %s, previous_hash = %s, hash = %s WHERE id = %s",  # noqa: S608 (the table comes from the model)
            [json.dumps(event.summary), event.previous_hash, event.hash, event.pk],
        )
        previous = event.hash
    assert audit.verify_chain()[1] is None

    message = _verify(checkpoint_file)

    assert f"the chain {chain[0].chain!r} was rewritten: its event at place {len(chain)} differs" in message


def test_a_checkpoint_changed_after_signing_is_refused(checkpoint_file):
    checkpoint = json.loads(checkpoint_file.read_text())
    checkpoint["chains"][0]["count"] -= 1
    checkpoint_file.write_text(json.dumps(checkpoint))

    assert "the checkpoint's signature is not valid" in _verify(checkpoint_file)


def test_a_checkpoint_checked_with_another_key_is_refused(checkpoint_file, tmp_path):
    other = signing.load_private_key(signing.not_secret_key_for("another installation")).public_key()
    key_file = tmp_path / "other.pub"
    key_file.write_text(signing.public_key_pem(other))

    assert "the checkpoint's signature is not valid" in _verify(
        checkpoint_file, "--public-key", str(key_file)
    )


def test_the_public_key_alone_verifies_a_checkpoint(checkpoint_file, tmp_path, capsys):
    call_command("audit", "public-key")
    printed = capsys.readouterr().out
    key_file = tmp_path / "faircase.pub"
    key_file.write_text(printed[printed.index("-----BEGIN") :])
    assert f"Key id: {signing.key_id(checkpoints.public_key())}" in printed

    call_command("audit", "verify", "--checkpoint", str(checkpoint_file), "--public-key", str(key_file))


def test_a_file_that_is_not_a_checkpoint_is_refused_by_name(db, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"chains": []}')
    assert "is not a faircase audit checkpoint" in _verify(path)
    path.write_text("not json")
    assert "The checkpoint is not JSON (line 1" in _verify(path)


def test_the_daily_checkpoint_is_published_as_a_file_with_a_row_and_an_event(chain, tmp_path, settings):
    settings.FAIRCASE_AUDIT_CHECKPOINT_DIR = tmp_path / "published"

    call_command("audit", "checkpoint", "--publish")

    row = AuditCheckpoint.objects.get()
    published = json.loads((tmp_path / "published").joinpath(row.published_to.rsplit("/", 1)[-1]).read_text())
    assert (
        published["chains"]
        == row.chains
        == [{"name": chain[-1].chain, "head": chain[-1].hash, "count": len(chain)}]
    )
    assert published["signature"] == row.signature
    event = AuditEvent.objects.order_by("-sequence").first()
    assert event.action == "audit.checkpoint_published"
    assert event.summary["detail"]["count"] == len(chain)


def test_a_checkpoint_into_a_folder_that_does_not_exist_is_refused_by_name(db, tmp_path):
    target = tmp_path / "nowhere" / "c.json"
    with pytest.raises(CommandError, match=f"Could not write the checkpoint to {target}: No such file"):
        call_command("audit", "checkpoint", "--out", str(target))


def test_without_a_signing_key_no_checkpoint_is_made(db, settings, tmp_path):
    settings.FAIRCASE_AUDIT_SIGNING_KEY = ""
    with pytest.raises(CommandError, match="FAIRCASE_AUDIT_SIGNING_KEY is not set"):
        call_command("audit", "checkpoint", "--out", str(tmp_path / "c.json"))
    assert not (tmp_path / "c.json").exists()


def test_audit_events_cannot_be_updated_or_deleted_in_bulk(chain):
    events = AuditEvent.objects.filter(sequence__lte=2)
    with pytest.raises(AppendOnlyError):
        events.update(action="something.else")
    with pytest.raises(AppendOnlyError):
        events.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(chain, ["action"])
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="something.else").count() == 0
    assert AuditEvent.objects.count() == len(chain)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")
@pytest.mark.parametrize(
    "sql",
    [f"UPDATE {TABLE} SET action = 'x.y' WHERE id = %s", f"DELETE FROM {TABLE} WHERE id = %s"],  # noqa: S608 (the table comes from the model)
)
def test_the_database_refuses_to_change_or_delete_an_audit_event(chain, sql):
    with (
        pytest.raises(DatabaseError, match="audit events are append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [chain[0].pk])
    assert AuditEvent.objects.get(pk=chain[0].pk).action == chain[0].action
