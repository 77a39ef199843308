"""Writes of policy pack versions. Each service is one transaction, takes an explicit actor (`by`) and writes its
audit event inside it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from faircase.core import audit
from faircase.policy import packs
from faircase.policy.models import PolicyPackVersion

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User


@transaction.atomic
def create_pack_version(
    *,
    organisation: Organisation,
    content: dict[str, Any],
    by: User,
    change_note: str = "",
    based_on: PolicyPackVersion | None = None,
) -> PolicyPackVersion:
    """A new version of a pack for an organisation (or a national one when organisation is None)."""
    actor = audit.as_actor(by)
    key = content["key"]
    last = PolicyPackVersion.objects.filter(organisation=organisation, key=key).order_by("-number").first()
    if based_on is None and organisation is not None:
        based_on = packs.current_version(organisation, key)
    content = {**content, "change_note": change_note.strip() or content.get("change_note", "")}
    version = PolicyPackVersion.objects.create(
        organisation=organisation,
        key=key,
        number=(last.number + 1) if last else 1,
        title=content["title"],
        content=content,
        based_on=based_on,
        change_note=content["change_note"],
        created_by_label=actor.name,
    )
    packs.forget_cached_packs()
    audit.record(
        by=actor,
        action="policy_pack.version_created",
        obj=version,
        organisation=organisation,
        after={
            "key": key,
            "number": version.number,
            "title": version.title,
            "rules": len(content["rules"]),
            "based_on": based_on.pk if based_on else None,
        },
    )
    return version


@transaction.atomic
def import_pack(
    *,
    organisation: Organisation,
    text: str,
    by: User,
    source: str = "command",
    filename: str = "",
    change_note: str = "",
) -> PolicyPackVersion:
    """Import a pack file as the organisation's new version. A bad file is refused whole (PackFileError naming
    the line and field) and nothing is saved."""
    content = packs.parse_pack(text)
    version = create_pack_version(organisation=organisation, content=content, by=by, change_note=change_note)
    audit.record(
        by=by,
        action="policy_pack.imported",
        obj=version,
        organisation=organisation,
        after={"key": version.key, "number": version.number},
        detail={"source": source, "file": filename},
    )
    return version
