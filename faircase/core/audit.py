"""The auditor: the one way to write an audit event, and the check that the chains are whole.

Services call `record()` on purpose inside their own transaction, so a change and its audit event
commit or roll back together. Each event's hash covers its content and the hash before it: altering,
removing or inserting an event breaks the chain from that point on.

One chain per organisation and one for the installation (ADR 35): an event joins its organisation's chain, or
the installation's when it has none, so writers in different organisations never wait for each other. The
events written before the split are the chain "all", which no longer grows; each new chain starts from its head.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
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
LEGACY_CHAIN = "all"  # every event written before ADR 35, in one chain: kept as it was, closed
INSTALLATION_CHAIN = (
    "installation"  # events of no organisation: platform work, sign-ins, the trail's own upkeep
)
ORGANISATION_CHAIN_PREFIX = "organisation-"
# PostgreSQL's advisory lock of one chain is (this, the organisation's key), or (this, 0) for the installation.
CHAIN_LOCK_NAMESPACE = 7061636
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
    content = {
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
    # The legacy chain's events hash as they always did; every later event's hash covers its chain and place.
    if event.chain != LEGACY_CHAIN:
        content["chain"] = event.chain
        content["position"] = event.position
    return content


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(_content(event)).encode()).hexdigest()


def chain_of(organisation_id: int | None) -> str:
    """The name of the chain an event of this organisation (or of none) joins."""
    if organisation_id is None:
        return INSTALLATION_CHAIN
    return f"{ORGANISATION_CHAIN_PREFIX}{organisation_id}"


def _chain_key(chain: str) -> int:
    if chain == INSTALLATION_CHAIN:
        return 0
    # Two organisations whose keys agree modulo 2**31 would share a lock: they wait, nothing breaks.
    return int(chain.removeprefix(ORGANISATION_CHAIN_PREFIX)) % 2**31


def _lock_chain(chain: str) -> None:
    # Two writers must not both read the same last event of a chain. SQLite serialises writers already
    # (IMMEDIATE transactions); PostgreSQL takes this chain's own transaction-scoped advisory lock, so writers
    # to other chains do not wait.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [CHAIN_LOCK_NAMESPACE, _chain_key(chain)])


def _next_number() -> int:
    """The new event's number, taken while its chain is locked, so numbers increase along every chain. On
    PostgreSQL the key counter hands it out without waiting for other chains (and the event's key is the same
    number); SQLite has one writer at a time, so the largest number so far plus one is safe."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [AuditEvent._meta.db_table])
            return int(cursor.fetchone()[0])
    last = AuditEvent.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    return (last or 0) + 1


def _legacy_head() -> str:
    """Where every new chain starts: the last hash of the closed legacy chain, so cutting that chain's tail
    breaks the first link of every later chain (GENESIS on an installation that never had one)."""
    last = AuditEvent.objects.filter(chain=LEGACY_CHAIN).order_by("-sequence").values_list("hash", flat=True)
    return last.first() or GENESIS


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
    organisation_id = organisation.pk if organisation is not None else getattr(case, "organisation_id", None)
    chain = chain_of(organisation_id)
    _lock_chain(chain)
    last = AuditEvent.objects.filter(chain=chain).order_by("-sequence").only("position", "hash").first()
    number = _next_number()
    event = AuditEvent(
        sequence=number,
        chain=chain,
        position=(last.position or 0) + 1 if last else 1,  # a new chain's events all have a place
        occurred_at=timezone.now().replace(microsecond=0),
        actor=actor.user,
        actor_label=actor.name,
        organisation_id=organisation_id,
        case=case,
        action=action,
        object_type=object_type,
        object_id=object_id,
        summary=summary,
        previous_hash=last.hash if last else _legacy_head(),
    )
    if connection.vendor == "postgresql":
        event.pk = number  # the counter's number was taken for this event: its key and its number agree
    event.hash = compute_hash(event)
    event.save(force_insert=True)
    # Inside the same transaction: what listens (faircase.notifications) commits or rolls back with the change.
    recorded.send(sender=AuditEvent, event=event, obj=obj)
    return event


@dataclass(frozen=True)
class ChainFault:
    chain: str
    place: int  # where in the chain: the place of the event at fault, or of the one found missing
    sequence: int  # the number of the event at fault (for one found missing, of the event after the gap)
    problem: str

    def __str__(self) -> str:
        return (
            f"audit event #{self.sequence} (place {self.place} in the chain {self.chain!r}): {self.problem}"
        )


@dataclass(frozen=True)
class ChainHead:
    """A chain's newest event: its name, its hash and its place (the count of events in a whole chain)."""

    name: str
    head: str
    count: int


# Each chain's newest event in one statement that any cursor can run (the backup's snapshot runs it too): the
# chains' names by a skip scan of the (chain, sequence) index, then each one's newest event through it.
_HEADS_SQL = """
WITH RECURSIVE names(chain) AS (
    SELECT MIN(chain) FROM {table}
    UNION ALL
    SELECT (SELECT MIN(later.chain) FROM {table} later WHERE later.chain > names.chain)
    FROM names WHERE names.chain IS NOT NULL
)
SELECT event.chain, event.hash, COALESCE(event.position, event.sequence)
FROM {table} event
WHERE event.sequence IN (
    SELECT (SELECT newest.sequence FROM {table} newest WHERE newest.chain = names.chain
            ORDER BY newest.sequence DESC LIMIT 1)
    FROM names WHERE names.chain IS NOT NULL
)
ORDER BY event.chain
"""


def chain_heads(execute: Callable[[str], Any] | None = None) -> list[ChainHead]:
    """Every chain's head, by name. `execute(sql)` returns a cursor; the default is this connection's."""
    sql = _HEADS_SQL.format(table=AuditEvent._meta.db_table)
    if execute is None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
    else:
        rows = execute(sql).fetchall()
    return [ChainHead(name, head, int(count)) for name, head, count in rows]


def event_at(chain: str, place: int) -> AuditEvent | None:
    """The event at a place in a chain (in the legacy chain, its place is its number)."""
    if chain == LEGACY_CHAIN:
        return AuditEvent.objects.filter(chain=chain, sequence=place).first()
    return AuditEvent.objects.filter(chain=chain, position=place).first()


def verify_chain(batch_size: int = 2000) -> tuple[int, ChainFault | None]:
    """Walk every chain in order, the legacy chain first (the others start from its head). Returns how many
    events were checked and the first fault, naming its chain, if any."""
    names = [head.name for head in chain_heads()]
    legacy_head = GENESIS
    checked = 0
    for name in sorted(names, key=lambda n: n != LEGACY_CHAIN):
        count, last_hash, fault = _verify_one(name, legacy_head, batch_size)
        checked += count
        if fault is not None:
            return checked, fault
        if name == LEGACY_CHAIN:
            legacy_head = last_hash
    return checked, None


def _verify_one(chain: str, start: str, batch_size: int) -> tuple[int, str, ChainFault | None]:
    """Walk one chain from `start` (the hash its first event follows): the events checked, the last hash and
    the first fault."""
    legacy = chain == LEGACY_CHAIN
    previous = start
    expected_place = 1
    last_number = 0
    checked = 0
    for event in _iterate(chain, batch_size):
        place = event.sequence if legacy else event.position
        problem = None
        if place is None or place < expected_place:
            problem = "its place repeats or is out of order (inserted)"
        elif place > expected_place:
            problem = f"the event before it, at place {expected_place}, is missing (removed)"
        elif not legacy and (event.sequence <= last_number or chain_of(event.organisation_id) != chain):
            problem = "it belongs elsewhere in the trail (moved or inserted)"
        elif event.previous_hash != previous:
            problem = "does not follow the event before it (an event was removed or inserted)"
        elif compute_hash(event) != event.hash:
            problem = "its content was altered after it was written"
        if problem is not None:
            at = expected_place if place is None or place > expected_place else place
            return checked, previous, ChainFault(chain, at, event.sequence, problem)
        previous = event.hash
        expected_place += 1
        last_number = event.sequence
        checked += 1
    return checked, previous, None


def _iterate(chain: str, batch_size: int) -> Iterator[AuditEvent]:
    last = 0
    events = AuditEvent.objects.filter(chain=chain).order_by("sequence")
    while True:
        batch = list(events.filter(sequence__gt=last)[:batch_size])
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
