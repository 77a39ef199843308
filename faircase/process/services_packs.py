"""Writes for policy packs and key dates. Each service is one transaction, takes an explicit actor (`by`) and
writes its audit event inside it."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from faircase.access.guard import authorize
from faircase.core import audit
from faircase.process import packs
from faircase.process.events import KEY_DATE_EVENTS, ClockEvent
from faircase.process.models import KeyDate, PackChange, PolicyPackVersion

# Key dates that may be in the future: hearings are fixed ahead. Every other event has happened.
FUTURE_EVENTS = frozenset(
    {ClockEvent.HEARING_DATE, ClockEvent.APPEAL_HEARING_DATE, ClockEvent.ORAL_HEARING_DATE}
)


@transaction.atomic
def create_pack_version(
    *,
    organisation: Any,
    content: dict[str, Any],
    by: Any,
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
    organisation: Any,
    text: str,
    by: Any,
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


@transaction.atomic
def move_case_to_pack_version(*, case: Any, version: PolicyPackVersion, reason: str, by: Any) -> PackChange:
    """Move a case to another version of its policy's pack, with a reason. The case's stage must exist there."""
    authorize(by=by, case=case, action="process.move_pack")
    from faircase.cases.models import Case

    case = Case.objects.select_for_update(of=("self",)).select_related("pack_version").get(pk=case.pk)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = "Say why the case should follow another version of the policy pack"
    if version.key != case.policy:
        errors["version"] = "Choose a version of the pack for the case's policy"
    elif version.organisation_id not in (None, case.organisation_id):
        errors["version"] = "Choose a national version or one of this organisation's versions"
    elif version.pk == case.pack_version_id:
        errors["version"] = "The case already follows this version: choose another"
    else:
        workflow = packs.pack_from_version(version).workflow
        if case.stage not in {stage.code for stage in workflow.stages}:
            errors["version"] = (
                f"Version {version.number} has no stage '{case.stage_name}', where the case is now: choose a "
                "version that has it"
            )
    if errors:
        raise ValidationError(errors)
    change = PackChange.objects.create(
        case=case, from_version=case.pack_version, to_version=version, reason=reason.strip(), changed_by=by
    )
    before = {
        "policy_pack_version": case.pack_version_id,
        "number": case.pack_version.number if case.pack_version else None,
    }
    case.pack_version = version
    case.save(update_fields=["pack_version"])
    audit.record(
        by=by,
        action="case.pack_changed",
        obj=change,
        case=case,
        before=before,
        after={
            "policy_pack_version": version.pk,
            "number": version.number,
            "title": version.title,
            "reason": change.reason,
        },
    )
    return change


def check_key_date(*, event: str, on: dt.date | None, today: dt.date) -> dict[str, str]:
    errors: dict[str, str] = {}
    if event not in dict(KEY_DATE_EVENTS):
        errors["event"] = "Choose what happened"
    if on is None:
        errors["on"] = "Enter the date"
    elif event not in FUTURE_EVENTS and on > today:
        errors["on"] = "The date must be today or in the past: only hearing dates can be in the future"
    return errors


@transaction.atomic
def record_key_date(*, case: Any, event: str, on: dt.date, by: Any, note: str = "") -> KeyDate:
    """Record a dated event on a case (a report shared, a hearing date...) that starts or meets a clock."""
    authorize(by=by, case=case, action="process.key_date")
    errors = check_key_date(event=event, on=on, today=timezone.localdate())
    if errors:
        raise ValidationError(errors)
    key_date = KeyDate.objects.create(case=case, event=event, on=on, note=note.strip(), recorded_by=by)
    audit.record(
        by=by,
        action="case.key_date_recorded",
        obj=key_date,
        case=case,
        after={
            "event": event,
            "event_label": ClockEvent(event).label,
            "on": on.isoformat(),
            "note": key_date.note,
        },
    )
    return key_date
