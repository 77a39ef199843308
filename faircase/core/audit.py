"""The auditor: the one way to write an audit event, and the check that the chain is whole.

Services call `record()` on purpose inside their own transaction, so a change and its audit event
commit or roll back together. Each event's hash covers its content and the hash before it: altering,
removing or inserting an event breaks the chain from that point on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.dispatch import Signal
from django.utils import timezone

from faircase.core.models import AuditEvent

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User
    from faircase.cases.models import Case

GENESIS = "0" * 64
SYSTEM_ACTOR = "faircase (system)"


class AuditError(Exception):
    pass


@dataclass(frozen=True)
class Actor:
    """Who did something: a user, or a named system process (a command, the demo loader)."""

    user: User | None = None
    label: str = ""

    @property
    def name(self) -> str:
        if self.user is not None:
            return f"{self.user.display_name} ({self.user.get_username()})"
        return self.label


# Who a service acts for: a signed-in person, a named system actor, or a label for one (a command's "by").
type ActorLike = User | Actor | str


def as_actor(by: ActorLike | None) -> Actor:
    if isinstance(by, Actor):
        actor = by
    elif by is None:
        raise AuditError("An audit event needs an actor: nothing was saved.")
    elif isinstance(by, str):
        actor = Actor(label=by)
    else:
        actor = Actor(user=by)
    if not actor.name.strip():
        raise AuditError("An audit event needs an actor: nothing was saved.")
    return actor


def _canonical(payload: dict[str, Any]) -> str:
    return json.dumps(payload, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))


def _content(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "organisation_id": event.organisation_id,
        "case_id": str(event.case_id) if event.case_id else None,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "previous_hash": event.previous_hash,
    }


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(_content(event)).encode()).hexdigest()


def _lock_chain_head() -> None:
    # Two writers must not both read the same last event. SQLite serialises writers already
    # (IMMEDIATE transactions); PostgreSQL takes a transaction-scoped advisory lock.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(7061636)")


# Sent for every event appended, with the object it is about: the one seam through which other apps (the
# notifications of "Your work") learn what happened, without each service having to call them.
recorded = Signal()


def record(
    *,
    by: ActorLike,
    action: str,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    organisation: Organisation | None = None,
    case: Case | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Must run inside the transaction of the change it describes."""
    actor = as_actor(by)
    if not connection.in_atomic_block:
        raise AuditError("Audit events are written inside the transaction of the change they describe.")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if not action or not object_type:
        raise AuditError("An audit event needs an action and an object.")
    summary: dict[str, Any] = {}
    if before is not None:
        summary["before"] = before
    if after is not None:
        summary["after"] = after
    if detail:
        summary["detail"] = detail
    # Round-trip through JSON so the stored summary hashes the same when read back.
    summary = json.loads(_canonical(summary))
    _lock_chain_head()
    last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
    event = AuditEvent(
        sequence=(last.sequence + 1) if last else 1,
        occurred_at=timezone.now().replace(microsecond=0),
        actor=actor.user,
        actor_label=actor.name,
        organisation=organisation if organisation is not None else getattr(case, "organisation", None),
        case=case,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        previous_hash=last.hash if last else GENESIS,
    )
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    # Inside the same transaction: what listens (faircase.notifications) commits or rolls back with the change.
    recorded.send(sender=AuditEvent, event=event, obj=obj)
    return event


@dataclass(frozen=True)
class ChainFault:
    sequence: int
    problem: str

    def __str__(self) -> str:
        return f"audit event #{self.sequence}: {self.problem}"


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainFault | None]:
    """Walk the whole chain in order. Returns how many events were checked and the first fault, if any."""
    expected_previous = GENESIS
    expected_sequence = 1
    checked = 0
    for event in _iterate(batch_size):
        if event.sequence != expected_sequence:
            problem = (
                f"event #{expected_sequence} is missing (removed)"
                if event.sequence > expected_sequence
                else "sequence repeats (inserted)"
            )
            return checked, ChainFault(min(event.sequence, expected_sequence), problem)
        if event.previous_hash != expected_previous:
            return checked, ChainFault(
                event.sequence, "does not follow the event before it (an event was removed or inserted)"
            )
        if compute_hash(event) != event.hash:
            return checked, ChainFault(event.sequence, "its content was altered after it was written")
        expected_previous = event.hash
        expected_sequence += 1
        checked += 1
    return checked, None


def _iterate(batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    while True:
        batch = list(AuditEvent.objects.filter(sequence__gt=last).order_by("sequence")[:batch_size])
        if not batch:
            return
        yield from batch
        last = batch[-1].sequence


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """The values of some fields, for the before/after summary of an event."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        if hasattr(value, "pk"):
            value = str(value)
        values[name] = value
    rounded: dict[str, Any] = json.loads(_canonical(values))
    return rounded


atomic = transaction.atomic
