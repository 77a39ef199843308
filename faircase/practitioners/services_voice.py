"""Changes for the practitioner's voice (their submissions, acknowledged and answered by the case team) and for
their welfare (the plan, contacts, occupational health referrals and serious distress). Each change is one
transaction with its audit event inside."""

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.access.guard import authorize, authorize_own
from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.practitioners.models import (
    Communication,
    DistressEvent,
    OccupationalHealthReferral,
    Submission,
    WelfareContact,
    WelfarePlan,
)

VOICE_FILE = Path(__file__).resolve().parent.parent / "data" / "support" / "voice.yaml"

COMPANION_ROLES = [
    ("colleague", gettext_lazy("A colleague")),
    ("association", gettext_lazy("A representative of the BMA, the BDA or another professional association")),
    ("defence", gettext_lazy("A representative of a defence organisation")),
]
COMPANION_ROLE_LABELS = dict(COMPANION_ROLES)

# Short words for the acknowledgement ("We have received your account").
KIND_NOUNS = {
    Submission.Kind.ACCOUNT: gettext_lazy("your account"),
    Submission.Kind.FACTUAL_ACCURACY: gettext_lazy("your comments on the investigation report"),
    Submission.Kind.ADJUSTMENTS: gettext_lazy("your request for reasonable adjustments"),
    Submission.Kind.COMPANION: gettext_lazy("the name of your companion"),
}
CORRECTION_NOUN = gettext_lazy("your correction")


@cache
def voice_links() -> dict[str, dict[str, list[str]]]:
    """The consideration codes each submission kind and welfare record is tied to (data/support/voice.yaml)."""
    data = yaml.safe_load(VOICE_FILE.read_text(encoding="utf-8")) or {}
    return {
        "submissions": {str(k): [str(c) for c in v] for k, v in (data.get("submissions") or {}).items()},
        "welfare": {str(k): [str(c) for c in v] for k, v in (data.get("welfare") or {}).items()},
    }


def _text(value: str) -> str:
    return (value or "").strip()


def _not_future(value: dt.date, field: str, label: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{label} must be today or in the past"})


# The practitioner's voice -------------------------------------------------------------------------------------


@transaction.atomic
def submit(
    *,
    case: Case,
    kind: str,
    by: User,
    text: str = "",
    companion_name: str = "",
    companion_role: str = "",
) -> Submission:
    """The practitioner says something about their case. Logged as a communication from them, in the portal."""
    authorize_own(by=by, case=case, action="own.submit")
    if kind not in Submission.Kind.values:
        raise ValidationError("Choose what you want to send")
    text = _text(text)
    companion_name = _text(companion_name)
    if kind == Submission.Kind.COMPANION:
        errors = {}
        if not companion_name:
            errors["companion_name"] = _("Enter the name of the person who will go with you")
        if companion_role not in COMPANION_ROLE_LABELS:
            errors["companion_role"] = _("Select who they are")
        if errors:
            raise ValidationError(errors)
    else:
        companion_name, companion_role = "", ""
        if not text:
            raise ValidationError({"text": _("Enter what you want to tell the case team")})
    # The record keeps the companion's role and the log line in English, whatever language the practitioner
    # reads: the case team's record is one text (the practitioner's page shows the role in their language).
    with translation.override("en"):
        role = str(COMPANION_ROLE_LABELS.get(companion_role, ""))
    submission = Submission.objects.create(
        case=case,
        kind=kind,
        text=text,
        companion_name=companion_name,
        companion_role=role,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    with translation.override("en"):
        _log_from_practitioner(submission, f"{submission.get_kind_display()} (sent by the practitioner)", by)
    audit.record(by=by, action="practitioner.submit", obj=submission, case=case, after={"kind": kind})
    return submission


@transaction.atomic
def submit_correction(*, original: Submission, text: str, by: User) -> Submission:
    """The practitioner corrects or adds to something they sent. What they sent stays as it was: the correction
    is a new submission of the same kind that names the one it corrects, logged and audited like any other."""
    case = original.case
    authorize_own(by=by, case=case, action="own.submit")
    text = _text(text)
    if not text:
        raise ValidationError({"text": _("Enter your correction")})
    # A correction of a correction corrects the same original, so the case team reads them all in one place.
    root = original.corrects or original
    correction = Submission.objects.create(
        case=case,
        kind=root.kind,
        text=text,
        corrects=root,
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    with translation.override("en"):
        _log_from_practitioner(
            correction, f"A correction to: {root.get_kind_display()} (sent by the practitioner)", by
        )
    audit.record(
        by=by,
        action="practitioner.submission_correct",
        obj=correction,
        case=case,
        after={"kind": root.kind, "corrects": root.pk},
    )
    return correction


def _log_from_practitioner(submission: Submission, summary: str, by: User) -> None:
    """What the practitioner sent is in the communication log, at the moment they sent it."""
    Communication.objects.create(
        case=submission.case,
        channel=Communication.Channel.PORTAL,
        to_practitioner=False,
        summary=summary,
        occurred_at=submission.submitted_at,
        recorded_by=by,
    )


def _tell_practitioner(submission: Submission, summary: str, by: User) -> None:
    """The practitioner sees acknowledgements and answers in their own view: a communication to them."""
    Communication.objects.create(
        case=submission.case,
        channel=Communication.Channel.PORTAL,
        to_practitioner=True,
        summary=summary,
        occurred_at=timezone.now(),
        recorded_by=by,
    )


@transaction.atomic
def acknowledge(*, submission: Submission, by: User) -> Submission:
    authorize(by=by, case=submission.case, action="submission.acknowledge")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.acknowledged_at is not None:
        raise ValidationError("This has already been acknowledged.")
    submission.acknowledged_at = timezone.now()
    submission.acknowledged_by = by
    submission.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _tell_practitioner(submission, f"Acknowledged: {submission.get_kind_display()}", by)
    audit.record(by=by, action="practitioner.submission_acknowledge", obj=submission, case=submission.case)
    return submission


@transaction.atomic
def record_taken_into_account(*, submission: Submission, text: str, by: User) -> Submission:
    """How the submission was taken into account, in the case manager's words; the practitioner sees them.
    Answering also acknowledges a submission not yet acknowledged."""
    authorize(by=by, case=submission.case, action="submission.respond")
    text = _text(text)
    if not text:
        raise ValidationError({"text": "Enter how it was taken into account"})
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    before = {"taken_into_account": submission.taken_into_account}
    now = timezone.now()
    if submission.acknowledged_at is None:
        submission.acknowledged_at, submission.acknowledged_by = now, by
    submission.taken_into_account = text
    submission.responded_at, submission.responded_by = now, by
    submission.save(
        update_fields=[
            "acknowledged_at",
            "acknowledged_by",
            "taken_into_account",
            "responded_at",
            "responded_by",
        ]
    )
    _tell_practitioner(submission, f"How it was taken into account: {submission.get_kind_display()}", by)
    audit.record(
        by=by,
        action="practitioner.submission_respond",
        obj=submission,
        case=submission.case,
        before=before,
        after={"taken_into_account": text},
    )
    return submission


# Welfare ------------------------------------------------------------------------------------------------------


def _check_colleague(case: Case, person: User, field: str) -> None:
    from faircase.accounts.selectors import people_in

    if person is None or not people_in(case.organisation).filter(pk=person.pk).exists():
        raise ValidationError({field: "Choose someone in the organisation"})


@transaction.atomic
def set_welfare_plan(
    *,
    case: Case,
    named_contact: User,
    contact_every_days: int,
    agreed_on: dt.date,
    by: User,
    notes: str = "",
) -> WelfarePlan:
    authorize(by=by, case=case, action="welfare.plan")
    _check_colleague(case, named_contact, "named_contact")
    if not contact_every_days or not 1 <= contact_every_days <= 90:
        raise ValidationError({"contact_every_days": "Contact must be agreed at least every 90 days"})
    _not_future(agreed_on, "agreed_on", "The date it was agreed")
    plan = WelfarePlan.objects.select_for_update().filter(case=case).first()
    before = None
    if plan is None:
        plan = WelfarePlan(case=case)
    else:
        before = {
            "named_contact": plan.named_contact_id,
            "contact_every_days": plan.contact_every_days,
            "agreed_on": plan.agreed_on,
        }
    plan.named_contact = named_contact
    plan.contact_every_days = contact_every_days
    plan.agreed_on = agreed_on
    plan.notes = _text(notes)
    plan.updated_by = by
    plan.updated_at = timezone.now()
    plan.save()
    audit.record(
        by=by,
        action="welfare.plan_set" if before is None else "welfare.plan_change",
        obj=plan,
        case=case,
        before=before,
        after={
            "named_contact": named_contact.pk,
            "contact_every_days": contact_every_days,
            "agreed_on": agreed_on,
        },
    )
    return plan


@transaction.atomic
def record_welfare_contact(
    *, case: Case, contacted_on: dt.date, contact_by: User, method: str, by: User, raised: str = ""
) -> WelfareContact:
    authorize(by=by, case=case, action="welfare.contact")
    _not_future(contacted_on, "contacted_on", "The date of contact")
    _check_colleague(case, contact_by, "contact_by")
    if method not in WelfareContact.Method.values:
        raise ValidationError({"method": "Select how you were in touch"})
    contact = WelfareContact.objects.create(
        case=case,
        contacted_on=contacted_on,
        contact_by=contact_by,
        method=method,
        raised=_text(raised),
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="welfare.contact",
        obj=contact,
        case=case,
        after={"contacted_on": contacted_on, "method": method, "contact_by": contact_by.pk},
    )
    return contact


@transaction.atomic
def refer_to_occupational_health(
    *, case: Case, referred_on: dt.date, reason: str, by: User
) -> OccupationalHealthReferral:
    authorize(by=by, case=case, action="welfare.occupational_health")
    _not_future(referred_on, "referred_on", "The date of referral")
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": "Enter the reason for the referral"})
    referral = OccupationalHealthReferral.objects.create(
        case=case, referred_on=referred_on, reason=reason, recorded_by=by
    )
    audit.record(
        by=by, action="welfare.oh_referral", obj=referral, case=case, after={"referred_on": referred_on}
    )
    return referral


@transaction.atomic
def record_oh_outcome(
    *, referral: OccupationalHealthReferral, outcome: str, outcome_on: dt.date, by: User
) -> OccupationalHealthReferral:
    authorize(by=by, case=referral.case, action="welfare.occupational_health")
    referral = OccupationalHealthReferral.objects.select_for_update().get(pk=referral.pk)
    outcome = _text(outcome)
    if not outcome:
        raise ValidationError({"outcome": "Enter the outcome"})
    _not_future(outcome_on, "outcome_on", "The date of the outcome")
    if outcome_on < referral.referred_on:
        raise ValidationError({"outcome_on": "The outcome cannot be before the referral"})
    before = {"outcome": referral.outcome, "outcome_on": referral.outcome_on}
    referral.outcome, referral.outcome_on = outcome, outcome_on
    referral.save(update_fields=["outcome", "outcome_on"])
    audit.record(
        by=by,
        action="welfare.oh_outcome",
        obj=referral,
        case=referral.case,
        before=before,
        after={"outcome": outcome, "outcome_on": outcome_on},
    )
    return referral


@transaction.atomic
def record_distress(
    *, case: Case, occurred_on: dt.date, what_happened: str, action_taken: str, by: User
) -> DistressEvent:
    """Serious distress and the action taken at once. Recorded even on a closed case: it must never be lost."""
    authorize(by=by, case=case, action="welfare.distress")
    what_happened, action_taken = _text(what_happened), _text(action_taken)
    errors = {}
    if not what_happened:
        errors["what_happened"] = "Enter what happened"
    if not action_taken:
        errors["action_taken"] = "Enter the action taken"
    if errors:
        raise ValidationError(errors)
    _not_future(occurred_on, "occurred_on", "The date")
    event = DistressEvent.objects.create(
        case=case,
        occurred_on=occurred_on,
        what_happened=what_happened,
        action_taken=action_taken,
        recorded_by=by,
    )
    audit.record(by=by, action="welfare.distress", obj=event, case=case, after={"occurred_on": occurred_on})
    return event
