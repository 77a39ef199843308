import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from faircase.cases import services
from faircase.cases.models import Concern
from faircase.cases.tests.factories import concern_fields
from faircase.core import audit
from faircase.core.formatting import pluralise
from faircase.core.models import AppendOnlyError, AuditEvent
from faircase.core.tests.tampering import tamper


def _tamper(sql, params):
    tamper(sql, params)


@pytest.fixture
def chain(case, case_manager):
    """The case's organisation's chain (ADR 35), four events or more."""
    for _ in range(3):
        services.add_concern(case=case, by=case_manager, **concern_fields())
    return list(AuditEvent.objects.filter(chain=audit.chain_of(case.organisation_id)).order_by("sequence"))


def test_a_whole_chain_verifies(chain, capsys):
    call_command("audit", "verify")
    assert f"{pluralise(len(chain), 'event')} checked" in capsys.readouterr().out


def test_an_altered_event_is_named(chain):
    target = chain[2]
    sql = f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE id = %s"  # noqa: S608 (table from the model)
    _tamper(sql, ["concern.removed", target.pk])
    with pytest.raises(CommandError) as error:
        call_command("audit", "verify")
    assert f"#{target.sequence}" in str(error.value)
    assert "altered" in str(error.value)
    assert error.value.returncode == 1


def test_a_removed_event_is_named(chain):
    target = chain[1]
    _tamper(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [target.pk])  # noqa: S608 (the table name comes from the model)
    _checked, fault = audit.verify_chain()
    assert (fault.chain, fault.place) == (target.chain, target.position)
    assert "removed" in fault.problem


def test_an_inserted_event_is_named(chain):
    # Someone slips an event in at the third place and moves the rest along to hide it.
    table = AuditEvent._meta.db_table
    for event in reversed(chain[2:]):
        _tamper(f"UPDATE {table} SET position = %s WHERE id = %s", [event.position + 1, event.pk])  # noqa: S608 (the table name comes from the model)
    forged = AuditEvent(
        sequence=chain[-1].sequence + 100,
        chain=chain[2].chain,
        position=chain[2].position,
        occurred_at=chain[1].occurred_at,
        organisation_id=chain[2].organisation_id,
        actor_label="intruder",
        action="case.opened",
        object_type="cases.case",
        object_id="x",
        summary={},
        previous_hash=chain[1].hash,
        hash="f" * 64,
    )
    forged.save(force_insert=True)
    _checked, fault = audit.verify_chain()
    assert fault is not None
    assert (fault.chain, fault.place) == (chain[2].chain, chain[2].position)


def test_events_cannot_be_changed_or_deleted_through_the_model(chain):
    event = chain[0]
    event.action = "something.else"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_an_event_needs_an_actor(db):
    with transaction.atomic(), pytest.raises(audit.AuditError):
        audit.record(by=None, action="x.y", object_type="t", object_id="1")


def test_a_failed_audit_write_rolls_the_change_back(case, case_manager, monkeypatch):
    def broken(**kwargs):
        raise audit.AuditError("the audit store refused the event")

    monkeypatch.setattr("faircase.cases.services.audit.record", broken)
    before = Concern.objects.count()
    with pytest.raises(audit.AuditError):
        services.add_concern(case=case, by=case_manager, **concern_fields())
    assert Concern.objects.count() == before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_audit_outside_a_transaction_is_refused(case_manager):
    with pytest.raises(audit.AuditError):
        audit.record(by=case_manager, action="x.y", object_type="t", object_id="1")
