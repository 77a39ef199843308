"""One audit chain per organisation and one for the installation (ADR 35): each with its own places and lock,
every one verified, every one in a checkpoint; the events written before the split still verify as "all"."""

import hashlib
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.utils import timezone

from faircase.core import audit, checkpoints
from faircase.core.models import AuditEvent
from faircase.core.tests.tampering import tamper

TABLE = AuditEvent._meta.db_table
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks are PostgreSQL's"
)


def _view(organisation, number: int = 0) -> AuditEvent:
    with transaction.atomic():
        return audit.record(
            by="chain test", action="case.viewed", object_type="cases.case", object_id=str(number),
            organisation=organisation,
        )  # fmt: skip


def _chain(name: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(chain=name).order_by("sequence"))


@pytest.fixture
def two_chains(organisation, other_organisation):
    """Events interleaved between two organisations, and one of no organisation."""
    events = []
    for number in range(3):
        events += [_view(organisation, number), _view(other_organisation, number)]
    events.append(_view(None))
    return events


def test_events_of_two_organisations_land_on_two_chains_with_their_own_places(
    two_chains, organisation, other_organisation
):
    first, second = audit.chain_of(organisation.pk), audit.chain_of(other_organisation.pk)
    assert [e.position for e in _chain(first)] == [e.position for e in _chain(second)] == [1, 2, 3]
    assert [e.position for e in _chain(audit.INSTALLATION_CHAIN)] == [1]
    # One number a person can quote, unique across the installation and increasing along each chain.
    numbers = [e.sequence for e in two_chains]
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers)
    # Each new chain starts from the head of the (here empty) legacy chain, then follows its own events.
    for name in (first, second):
        events = _chain(name)
        assert events[0].previous_hash == audit.GENESIS
        assert [e.previous_hash for e in events[1:]] == [e.hash for e in events[:-1]]
    assert audit.verify_chain() == (len(two_chains), None)


def test_an_events_hash_covers_its_chain_and_place(two_chains):
    event = two_chains[2]
    moved = AuditEvent(**{f.attname: getattr(event, f.attname) for f in AuditEvent._meta.concrete_fields})
    moved.position = event.position + 1
    assert audit.compute_hash(moved) != event.hash
    moved.position, moved.chain = event.position, audit.INSTALLATION_CHAIN
    assert audit.compute_hash(moved) != event.hash


@pytest.mark.parametrize("which", ["first", "second", "installation"])
def test_verify_names_the_chain_and_the_event_of_tampering_in_any_chain(two_chains, which):
    target = {"first": two_chains[2], "second": two_chains[3], "installation": two_chains[-1]}[which]
    tamper(f"UPDATE {TABLE} SET object_id = %s WHERE id = %s", ["altered", target.pk])  # noqa: S608 (the table comes from the model)

    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")

    assert error.value.returncode == 1
    assert f"audit event #{target.sequence} (place {target.position} in the chain '{target.chain}')" in str(
        error.value
    )
    assert "altered" in str(error.value)


def test_an_event_moved_into_another_organisations_chain_is_found(two_chains, other_organisation):
    target = two_chains[2]  # the first organisation's second event, made to look like the second's
    tamper(f"UPDATE {TABLE} SET organisation_id = %s WHERE id = %s", [other_organisation.pk, target.pk])  # noqa: S608 (the table comes from the model)
    _checked, fault = audit.verify_chain()
    assert (fault.chain, fault.sequence) == (target.chain, target.sequence)


def test_a_checkpoint_lists_every_chain_and_names_a_truncated_or_missing_one(
    two_chains, organisation, other_organisation, tmp_path
):
    path = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--out", str(path))
    checkpoint = json.loads(path.read_text())
    first, second = audit.chain_of(organisation.pk), audit.chain_of(other_organisation.pk)
    assert sorted((c["name"], c["count"]) for c in checkpoint["chains"]) == sorted(
        [(first, 3), (second, 3), (audit.INSTALLATION_CHAIN, 1)]
    )

    tamper(f"DELETE FROM {TABLE} WHERE chain = %s AND position = 3", [second])  # noqa: S608 (the table comes from the model)
    assert audit.verify_chain()[1] is None  # what is left is whole: only the checkpoint shows the loss
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--checkpoint", str(path))
    assert f"the chain '{second}' was truncated: it ends at place 2" in str(error.value)
    assert first not in str(error.value)

    tamper(f"DELETE FROM {TABLE} WHERE chain = %s", [second])  # noqa: S608 (the table comes from the model)
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify", "--checkpoint", str(path))
    assert f"the chain '{second}' is missing: the checkpoint of" in str(error.value)


def test_a_records_integrity_line_names_its_organisations_chain(two_chains, organisation):
    checkpoint = checkpoints.make_checkpoint()
    name = audit.chain_of(organisation.pk)
    head = _chain(name)[-1].hash

    line = checkpoints.integrity_line(checkpoint, chain=name)

    assert line.startswith("Audit trail checkpoint: 7 events in 3 chains; ")
    assert f"chain {name}: 3 events, head {head}, signed " in line


def _legacy_event(number: int, previous: str) -> AuditEvent:
    """An event as every installation wrote them before ADR 35: one chain, its place its number, a hash that
    covers neither chain nor place."""
    event = AuditEvent(
        sequence=number, chain=audit.LEGACY_CHAIN, position=None, occurred_at=timezone.now().replace(
            microsecond=0), actor_label="before the split", action="case.viewed", object_type="cases.case",
        object_id=str(number), summary={}, previous_hash=previous,
    )  # fmt: skip
    content = {
        "sequence": number, "occurred_at": event.occurred_at.isoformat(), "actor_id": None,
        "actor_label": "before the split", "organisation_id": None, "case_id": None, "action": "case.viewed",
        "object_type": "cases.case", "object_id": str(number), "summary": {}, "previous_hash": previous,
    }  # fmt: skip
    event.hash = hashlib.sha256(
        json.dumps(content, sort_keys=True, separators=(",", ":")).encode()
    ).hexdigest()
    assert audit.compute_hash(event) == event.hash  # the old events hash as they always did
    event.save(force_insert=True)
    return event


def test_events_from_before_the_split_still_verify_and_new_chains_start_from_their_head(
    db, organisation, other_organisation
):
    legacy = [_legacy_event(1, audit.GENESIS)]
    legacy.append(_legacy_event(2, legacy[0].hash))

    new = [_view(organisation), _view(other_organisation), _view(organisation)]

    assert [e.previous_hash for e in new[:2]] == [legacy[-1].hash] * 2
    assert all(e.sequence > legacy[-1].sequence for e in new)
    assert audit.verify_chain() == (5, None)
    heads = {h.name: h.count for h in checkpoints.chain_heads()}
    assert heads[audit.LEGACY_CHAIN] == 2

    # Cutting the closed chain's tail breaks the first link of every later chain, even without a checkpoint.
    tamper(f"DELETE FROM {TABLE} WHERE id = %s", [legacy[-1].pk])  # noqa: S608 (the table comes from the model)
    _checked, fault = audit.verify_chain()
    assert fault is not None and fault.chain != audit.LEGACY_CHAIN and fault.place == 1


def _in_thread(work, *args):
    """Run `work` on its own thread and database connection; the result (or the error) is kept."""
    outcome: dict = {}

    def run():
        try:
            outcome["result"] = work(*args)
        except Exception as error:  # handed back to the test, which asserts on it
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_of_two_organisations_do_not_wait_for_each_others_lock(organisation, other_organisation):
    holding, release = threading.Event(), threading.Event()

    def hold_the_first_chain():
        with transaction.atomic():
            _view(organisation)  # takes the first organisation's chain lock until this transaction ends
            holding.set()
            release.wait(10)

    def record(org):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")  # a shared lock would fail this, not hang
            return _view(org).position

    holder, _ = _in_thread(hold_the_first_chain)
    assert holding.wait(10)
    try:
        other, other_outcome = _in_thread(record, other_organisation)
        other.join(10)
        same, same_outcome = _in_thread(record, organisation)
        same.join(1)
        # The other organisation's writer finished while the lock was held; the same organisation's waits.
        assert other_outcome == {"result": 1}
        assert same.is_alive()
    finally:
        release.set()
        holder.join(10)
    same.join(10)
    assert same_outcome == {"result": 2}
    assert audit.verify_chain() == (3, None)


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_writers_of_one_organisation_at_once_never_fork_its_chain(organisation):
    writers, each = 6, 8
    start = threading.Barrier(writers)

    def write(index):
        start.wait(10)
        for number in range(each):
            _view(organisation, index * 100 + number)

    threads = [_in_thread(write, i) for i in range(writers)]
    for thread, _ in threads:
        thread.join(30)
    assert all(outcome == {"result": None} for _, outcome in threads)

    events = _chain(audit.chain_of(organisation.pk))
    assert [e.position for e in events] == list(range(1, writers * each + 1))  # ordered by number: one line
    assert audit.verify_chain() == (writers * each, None)
