"""Signed audit checkpoints: an audit trail that can prove its end (ADR 34).

The hash chain (ADR 2) shows that no event inside the trail was altered, removed or inserted, but not that the
newest events are all still there: cut the tail off and what is left is still a whole chain. A checkpoint is the
chain's head hash and count at a moment, signed with the installation's Ed25519 key and kept outside the database
(published daily, in every backup's manifest, in every record export). Checking the trail against a checkpoint
shows whether it still reaches the event the checkpoint saw, with the same hash.

The format lists chains by name: one per organisation, the installation's, and "all" for the events written
before the chains were split (ADR 35). A checkpoint covers every chain; each is checked against it by name.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.core import audit, signing
from faircase.core.formatting import counted, nhs_datetime, pluralise
from faircase.core.models import AuditCheckpoint

FORMAT = "faircase-audit-checkpoint/1"
WHOLE_TRAIL = audit.LEGACY_CHAIN


class CheckpointError(Exception):
    """The checkpoint cannot be made, read or matched: the message names the problem."""


ChainHead = audit.ChainHead


def private_key() -> Ed25519PrivateKey:
    try:
        return signing.load_private_key(settings.FAIRCASE_AUDIT_SIGNING_KEY)
    except signing.SigningKeyError as error:
        raise CheckpointError(str(error)) from error


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def chain_heads(execute: Callable[[str], Any] | None = None) -> list[ChainHead]:
    """Each chain's newest event: its hash and its place (the count of a whole chain). An empty trail is one
    empty chain, so that a checkpoint always names at least one. `execute` as audit.chain_heads."""
    return audit.chain_heads(execute) or [ChainHead(audit.INSTALLATION_CHAIN, audit.GENESIS, 0)]


def make_checkpoint(*, heads: list[ChainHead] | None = None, at: dt.datetime | None = None) -> dict[str, Any]:
    """A signed checkpoint of the trail as it is now (or of the heads a backup's snapshot saw), as the
    JSON-ready dictionary that is written out."""
    made_at = (at or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    payload = {
        "format": FORMAT,
        "made_at": made_at.isoformat(),
        "chains": [{"name": c.name, "head": c.head, "count": c.count} for c in (heads or chain_heads())],
    }
    return signing.sign(payload, private_key())


def to_json(checkpoint: dict[str, Any]) -> str:
    return json.dumps(checkpoint, indent=2, sort_keys=True) + "\n"


def publish(*, by: audit.ActorLike, directory: Path | None = None) -> tuple[AuditCheckpoint, Path]:
    """The daily checkpoint: a file in FAIRCASE_AUDIT_CHECKPOINT_DIR (outside the database, so truncating the
    database cannot remove it) and a row that says where it went. The event that records the publishing comes
    after the checkpoint, so the next one covers it."""
    directory = Path(directory or settings.FAIRCASE_AUDIT_CHECKPOINT_DIR)
    checkpoint = make_checkpoint()
    directory.mkdir(parents=True, exist_ok=True)
    stamp = checkpoint["made_at"].replace(":", "").replace("+0000", "Z")
    path = directory / f"audit-checkpoint-{stamp}.json"
    # Written first and never overwritten: a file that exists already is another checkpoint of the same second.
    with path.open("x", encoding="utf-8") as out:
        out.write(to_json(checkpoint))
    with transaction.atomic():
        row = AuditCheckpoint.objects.create(
            made_at=dt.datetime.fromisoformat(checkpoint["made_at"]),
            chains=checkpoint["chains"],
            signed_by=checkpoint["signed_by"],
            signature=checkpoint["signature"],
            published_to=str(path),
        )
        audit.record(
            by=by,
            action="audit.checkpoint_published",
            obj=row,
            detail={
                "chains": len(checkpoint["chains"]),
                "count": sum(chain["count"] for chain in checkpoint["chains"]),
                "signed_by": checkpoint["signed_by"],
            },
        )
    return row, path


def read(text: str) -> dict[str, Any]:
    """A checkpoint file's content, or a CheckpointError saying why it is not one."""
    try:
        checkpoint = json.loads(text)
    except json.JSONDecodeError as error:
        raise CheckpointError(f"The checkpoint is not JSON (line {error.lineno}: {error.msg}).") from error
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        raise CheckpointError(f"The file is not a faircase audit checkpoint (its format must be {FORMAT}).")
    chains = checkpoint.get("chains")
    if not isinstance(chains, list) or not chains:
        raise CheckpointError("The checkpoint lists no chains.")
    for chain in chains:
        if (
            not isinstance(chain, dict)
            or not isinstance(chain.get("name"), str)
            or not isinstance(chain.get("head"), str)
            or not isinstance(chain.get("count"), int)
            or chain["count"] < 0
        ):
            raise CheckpointError(
                "Each chain in the checkpoint needs a name, a head hash and a count (0 or more)."
            )
    try:
        dt.datetime.fromisoformat(str(checkpoint.get("made_at")))
    except ValueError as error:
        raise CheckpointError("The checkpoint's made_at is not a date and time.") from error
    return checkpoint


def made_on(checkpoint: dict[str, Any]) -> str:
    return nhs_datetime(dt.datetime.fromisoformat(checkpoint["made_at"]))


def problems_against(checkpoint: dict[str, Any], *, key: Ed25519PublicKey | None = None) -> list[str]:
    """What is wrong with the trail as the checkpoint saw it: nothing, when every chain it names still reaches
    the event the checkpoint saw, with the same hash. The signature first: an unsigned claim proves nothing."""
    if not signing.signature_is_valid(checkpoint, key or public_key()):
        return ["the checkpoint's signature is not valid"]
    _checked, fault = audit.verify_chain()
    if fault is not None:
        return [f"the trail is broken at {fault}"]
    now = {head.name: head for head in audit.chain_heads()}
    problems = []
    for chain in checkpoint["chains"]:
        name, seen = chain["name"], chain["count"]
        if seen == 0:
            continue
        head = now.get(name)
        if head is None:
            problems.append(
                f"the chain {name!r} is missing: the checkpoint of {made_on(checkpoint)} saw "
                f"{pluralise(seen, 'event')} in it"
            )
            continue
        if head.count < seen:
            problems.append(
                f"the chain {name!r} was truncated: it ends at place {head.count}, but the checkpoint of "
                f"{made_on(checkpoint)} saw place {seen}"
            )
            continue
        event = audit.event_at(name, seen)
        if event is None or event.hash != chain["head"]:
            problems.append(
                f"the chain {name!r} was rewritten: its event at place {seen} differs from the checkpoint's"
            )
    return problems


def integrity_line(checkpoint: dict[str, Any], *, chain: str | None = None) -> str:
    """The line about the audit trail in a record's integrity section and wherever else one is shown: the whole
    trail, or with `chain` (a record's organisation's) that chain's head too."""
    chains = checkpoint["chains"]
    total = sum(c["count"] for c in chains)
    named = next((c for c in chains if c["name"] == chain), None)
    values = {
        "events": pluralise(total, counted("event", "events")),
        "chains": pluralise(len(chains), counted("chain", "chains")),
        "signed": made_on(checkpoint),
        "key": checkpoint["signed_by"],
    }
    if named is None:
        return (
            _("Audit trail checkpoint: %(events)s in %(chains)s, signed %(signed)s by key %(key)s.") % values
        )
    values |= {
        "chain": named["name"],
        "chain_events": pluralise(named["count"], "event"),
        "head": named["head"],
    }
    return (
        _(
            "Audit trail checkpoint: %(events)s in %(chains)s; chain %(chain)s: %(chain_events)s, head %(head)s, "
            "signed %(signed)s by key %(key)s."
        )
        % values
    )
