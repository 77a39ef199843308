"""Writes for policy packs and key dates. Each service is one transaction, takes an explicit actor (`by`) and
writes its audit event inside it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.core import audit
from faircase.policy import packs
from faircase.policy.events import KEY_DATE_EVENTS, ClockEvent
from faircase.policy.models import PolicyPackVersion
from faircase.process.models import KeyDate, PackChange

if TYPE_CHECKING:
    from faircase.accounts.models import User
    from faircase.cases.models import Case

# Key dates that may be in the future: hearings are fixed ahead. Every other event has happened.
FUTURE_EVENTS = frozenset(
    {
        ClockEvent.HEARING_DATE,
        ClockEvent.CAPABILITY_HEARING_DATE,
        ClockEvent.APPEAL_HEARING_DATE,
        ClockEvent.ORAL_HEARING_DATE,
    }
)


@transaction.atomic
def move_case_to_pack_version(*, case: Case, version: PolicyPackVersion, reason: str, by: User) -> PackChange:
    """Move a case to another version of its policy's pack, with a reason. The case's stage must exist there."""
    authorize(by=by, case=case, action="process.move_pack")
    from faircase.cases.models import Case

    case = Case.objects.select_for_update(of=("self",)).select_related("pack_version").get(pk=case.pk)
    errors: dict[str, str] = {}
    if not reason.strip():
        errors["reason"] = _("Say why the case should follow another version of the policy pack")
    if version.key != case.policy:
        errors["version"] = _("Choose a version of the pack for the case's policy")
    elif version.organisation_id not in (None, case.organisation_id):
        errors["version"] = _("Choose a national version or one of this organisation's versions")
    elif version.pk == case.pack_version_id:
        errors["version"] = _("The case already follows this version: choose another")
    else:
        workflow = packs.pack_from_version(version).workflow
        if case.stage not in {stage.code for stage in workflow.stages}:
            errors["version"] = _(
                "Version %(number)s has no stage '%(stage)s', where the case is now: choose a version that has it"
            ) % {"number": version.number, "stage": case.stage_name}
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
        errors["event"] = _("Choose what happened")
    if on is None:
        errors["on"] = _("Enter the date")
    elif event not in FUTURE_EVENTS and on > today:
        errors["on"] = _("The date must be today or in the past: only hearing dates can be in the future")
    return errors


def _english_label(event: str) -> str:
    """The event's name as the audit trail keeps it: in English, whichever language the person reads."""
    with translation.override("en"):
        return str(ClockEvent(event).label)


@transaction.atomic
def record_key_date(*, case: Case, event: str, on: dt.date, by: User, note: str = "") -> KeyDate:
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
            "event_label": _english_label(event),
            "on": on.isoformat(),
            "note": key_date.note,
        },
    )
    return key_date
