"""Writes for retention: placing and lifting a legal hold, deleting a due case so that only its tombstone
remains, and telling administrators that a review is waiting. Each change is audited in its own transaction.

Deletion is never automatic: `delete_under_retention` runs only for an organisation administrator who confirmed
it (on the review page, or `faircase retention delete --by USERNAME --confirm`), and refuses a case that is not
due or is held. docs/adr/0031-retention-and-deletion.md.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.access.guard import authorize
from faircase.accounts.models import KeptDraft, Organisation, User
from faircase.accounts.selectors import people_in
from faircase.bundles.models import Bundle
from faircase.cases.models import Case, Practitioner
from faircase.core import audit, languages
from faircase.core.audit import ActorLike
from faircase.core.formatting import nhs_date
from faircase.documents.models import DocumentVersion
from faircase.documents.storage import document_storage
from faircase.notifications.services import site_url
from faircase.records.models import RecordFile

from . import graph
from .models import HoldReason, LegalHold
from .schedule import Rule, schedule_for
from .selectors import TOMBSTONE, _with_facts, kept_under

log = logging.getLogger(__name__)
HOLD_FIELDS = ["reason", "note"]


class RetentionRefused(PermissionDenied):
    """A deletion or hold refused, with the reason in words a person can act on."""


def _is_administrator(user: User, case: Case) -> bool:
    return Case.objects.administered_by(case.organisation, user).filter(pk=case.pk).exists()


def _authorize_hold(by: ActorLike, case: Case) -> None:
    """An administrator of the case's organisation, or someone who may change the case (its case manager)."""
    actor = audit.as_actor(by)
    if actor.user is not None and _is_administrator(actor.user, case):
        return
    authorize(by=by, case=case, action="retention.hold")


@transaction.atomic
def place_legal_hold(*, case: Case, reason: str, note: str, by: ActorLike) -> LegalHold:
    _authorize_hold(by, case)
    if reason not in HoldReason.values:
        raise ValidationError({"reason": _("Choose why the case is held")})
    if not note.strip():
        raise ValidationError(
            {"note": _("Say what the hold is for: the claim, inquiry or request, and who asked")}
        )
    if LegalHold.objects.of_case(case).filter(lifted_at__isnull=True).exists():
        raise ValidationError(
            {"reason": _("Case %(reference)s is already on legal hold") % {"reference": case.reference}}
        )
    actor = audit.as_actor(by)
    hold = LegalHold.objects.create(
        case=case, reason=reason, note=note.strip(), placed_by=actor.user or case.opened_by
    )
    audit.record(
        by=by, action="retention.hold_placed", obj=hold, case=case, after=audit.snapshot(hold, HOLD_FIELDS)
    )
    return hold


@transaction.atomic
def lift_legal_hold(*, case: Case, note: str, by: ActorLike) -> LegalHold:
    _authorize_hold(by, case)
    hold = LegalHold.objects.of_case(case).select_for_update().filter(lifted_at__isnull=True).first()
    if hold is None:
        raise ValidationError(
            {"lift_note": _("Case %(reference)s is not on legal hold") % {"reference": case.reference}}
        )
    if not note.strip():
        raise ValidationError({"lift_note": _("Say why the hold can be lifted")})
    actor = audit.as_actor(by)
    hold.lifted_at = timezone.now()
    hold.lifted_by = actor.user
    hold.lift_note = note.strip()
    hold.save(update_fields=["lifted_at", "lifted_by", "lift_note"])
    audit.record(
        by=by,
        action="retention.hold_lifted",
        obj=hold,
        case=case,
        before={"reason": hold.reason},
        detail={"lift_note": hold.lift_note},
    )
    return hold


@dataclass(frozen=True)
class Deleted:
    reference: str
    rule_title: str
    rows: int
    files: int
    practitioner_deleted: bool


def _refuse_unless_due(case: Case, today: dt.date) -> tuple[Rule, dt.date, dt.date]:
    if not case.is_closed:
        raise RetentionRefused(
            _("Case %(reference)s is open: only a closed case can be deleted.")
            % {"reference": case.reference}
        )
    rule, closed_on, due_on = kept_under(case, schedule_for(case.organisation.slug))
    if LegalHold.objects.of_case(case).filter(lifted_at__isnull=True).exists():
        raise RetentionRefused(
            _("Case %(reference)s is on legal hold: lift the hold before deleting it.")
            % {"reference": case.reference}
        )
    if due_on > today:
        raise RetentionRefused(
            _(
                "Case %(reference)s is not due for deletion until %(due)s (rule: %(rule)s, %(period)s after it closed)."
            )
            % {
                "reference": case.reference,
                "due": nhs_date(due_on),
                "rule": rule.label,
                "period": rule.period,
            }
        )
    return rule, closed_on, due_on


def delete_under_retention(
    *, case_id: uuid.UUID, organisation: Organisation, by: User, today: dt.date
) -> Deleted:
    """Delete one due case and everything that belongs to it, leaving one tombstone event in the audit trail.
    `by` must be an administrator of the organisation who may see the case (not kept away from it)."""
    stored_files: list[str] = []
    with transaction.atomic():
        found = (
            _with_facts(Case.objects.administered_by(organisation, by))
            .select_for_update(of=("self",))
            .select_related("organisation")
            .filter(pk=case_id)
            .first()
        )
        if found is None:
            raise RetentionRefused(
                _("%(username)s is not an administrator of %(organisation)s who may review that case.")
                % {"username": by.get_username(), "organisation": organisation.name}
            )
        case = found
        rule, closed_on, due_on = _refuse_unless_due(case, today)
        rows = graph.rows_belonging_to(Case, [case.pk])
        stored_files = _stored_files(rows)
        # A form kept when a session ran out names the case only in its page's address.
        drafts, _deleted = KeptDraft.objects.filter(path__contains=str(case.pk)).delete()
        deleted = graph.delete_rows(rows)
        practitioner_deleted = False
        if not Case._base_manager.filter(practitioner_id=case.practitioner_id).exists():
            # The last case about them: their record goes, and with it their equality data (its own rule).
            theirs = graph.rows_belonging_to(Practitioner, [case.practitioner_id])
            stored_files += _stored_files(theirs)
            deleted_too = graph.delete_rows(theirs)
            for label, count in deleted_too.items():
                deleted[label] = deleted.get(label, 0) + count
            practitioner_deleted = True
        audit.record(
            by=by,
            action=TOMBSTONE,
            object_type="cases.case",
            object_id=str(case.pk),
            organisation=organisation,
            case=case,
            detail={
                "case": str(case.pk),
                "reference": case.reference,
                "closed_on": closed_on.isoformat(),
                "due_on": due_on.isoformat(),
                "rule": rule.key,
                "rule_title": rule.title,
                "years": rule.years,
                "source": rule.source,
                "status": rule.status,
                "rows_deleted": deleted,
                "files_deleted": len(stored_files),
                "kept_drafts_deleted": drafts,
                "practitioner_deleted": practitioner_deleted,
            },
        )
        # A stored file cannot come back if the transaction rolls back: remove them only once it has committed.
        transaction.on_commit(lambda: _remove_files(stored_files))
    return Deleted(
        reference=case.reference,
        rule_title=rule.title,
        rows=sum(deleted.values()),
        files=len(stored_files),
        practitioner_deleted=practitioner_deleted,
    )


# The models whose rows name a file in the documents storage: the file goes with its row. (A test finds every
# model with a `storage_name` and checks it is here.)
STORED_FILES: tuple[type, ...] = (DocumentVersion, Bundle, RecordFile)


def _stored_files(rows: dict) -> list[str]:
    names: list[str] = []
    for model in STORED_FILES:
        names += model._base_manager.filter(pk__in=rows.get(model, set())).values_list(
            "storage_name", flat=True
        )
    return [name for name in names if name]  # a bundle not made yet has no file


def _remove_files(names: list[str]) -> None:
    storage = document_storage()
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            # The rows are gone; a file left behind is reported for the operator, never its name's case.
            log.warning("A deleted case's document file could not be removed from storage")


@transaction.atomic
def audit_review_read(*, organisation: Organisation, by: User, due: list[str], held: list[str]) -> None:
    """The review lists case references and outcomes: who read which, like any read of case data."""
    audit.record(
        by=by,
        action="retention.review_viewed",
        object_type="retention.review",
        object_id=organisation.slug,
        organisation=organisation,
        detail={"due": due, "held": held},
    )


def notify_review_waiting(*, organisation: Organisation, due: int) -> int:
    """Email each active administrator of the organisation that cases wait for their review: the count and the
    page, never a reference (email leaves faircase). Returns how many were told."""
    if not due:
        return 0
    administrators = [
        user
        for user in people_in(organisation).filter(memberships__role="org_admin").distinct()
        if user.email
    ]
    page = site_url() + reverse("retention:review", kwargs={"org_slug": organisation.slug})
    for user in administrators:
        with languages.speaking_to(user):
            subject = ngettext(
                "faircase: %(count)d case due for the retention review",
                "faircase: %(count)d cases due for the retention review",
                due,
            ) % {"count": due}
            message = "\n\n".join(
                [
                    ngettext(
                        "%(count)d closed case of %(organisation)s is due for deletion under the retention schedule.",
                        "%(count)d closed cases of %(organisation)s are due for deletion under the retention schedule.",
                        due,
                    )
                    % {"count": due, "organisation": organisation.name},
                    _("Nothing is deleted until an administrator confirms it. Review them at %(page)s")
                    % {"page": page},
                ]
            )
        send_mail(
            subject=subject,
            message=message + "\n",
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[user.email],
        )
    return len(administrators)
