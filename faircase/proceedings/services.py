"""Writes for a case's investigation. Each service checks its action with the access kernel first, runs in one
transaction with its audit event, and refuses with a ValidationError that saves nothing.

The appointment and the report's receipt start the pack's clocks: each is recorded as a key date through
faircase.process, in the same transaction, so the one clock (faircase.process.clock) reads them like any other
key date. Nothing here works out a date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import Membership, User
from faircase.accounts.roles import CaseRole
from faircase.cases import services as case_services
from faircase.cases.choices import policy_name
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion
from faircase.core import audit
from faircase.documents.choices import Kind
from faircase.documents.models import Document
from faircase.policy.choices import Policy
from faircase.policy.events import ClockEvent
from faircase.practitioners.models import PractitionerAccount, Submission
from faircase.proceedings.models import Interview, Investigation
from faircase.process.services_packs import record_key_date

# Policies under which the case investigator may not be the case manager. MHPS (and MHPS in the HPSS, and
# UPSW, which follow it) give the two roles to different people: the case manager decides on the report the
# investigator writes. The Performers Lists leave the decision to a panel, and a local policy says its own.
SEPARATE_INVESTIGATOR = frozenset({Policy.MHPS_ENGLAND, Policy.MHPS_HPSS, Policy.UPSW})

MAX_TEXT = 10_000


def _raise(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def _past_date(errors: dict[str, str], field: str, value: dt.date | None, missing: str, future: str) -> None:
    """`missing`: the message when there is no date; `future`: when it is after today (each in whole words, so
    that each can be said in Welsh in its own order)."""
    if value is None:
        errors[field] = missing
    elif value > timezone.localdate():
        errors[field] = future


def _long(errors: dict[str, str], field: str, value: str) -> None:
    if len(value) > MAX_TEXT:
        errors[field] = _("Keep this to %(num)s characters") % {"num": f"{MAX_TEXT:,}"}


def impartiality_refusal(*, case: Case, person: Any) -> str:
    """Why `person` may not take an impartial part in the case (investigator, panel member), or "" when they may:
    they must be a person of the organisation, not excluded for a conflict of interest, and not the practitioner."""
    name = person.display_name
    if (
        not person.is_active
        or not Membership.objects.filter(user=person, organisation_id=case.organisation_id).exists()
    ):
        return _("%(name)s is not a person of %(organisation)s: choose someone who is") % {
            "name": name,
            "organisation": case.organisation.name,
        }
    if ConflictExclusion.objects.of_case(case).filter(user=person).exists():
        return _("%(name)s is excluded from this case for a conflict of interest: choose someone else") % {
            "name": name
        }
    if PractitionerAccount.objects.filter(user=person, practitioner_id=case.practitioner_id).exists():
        return _("%(name)s is the practitioner this case is about: choose someone else") % {"name": name}
    return ""


def investigator_refusal(*, case: Case, person: Any) -> str:
    """Why `person` may not be the case's investigator, or "" when they may."""
    if person is None:
        return _("Choose the case investigator")
    name = person.display_name
    refusal = impartiality_refusal(case=case, person=person)
    if refusal:
        return refusal
    if (
        case.policy in SEPARATE_INVESTIGATOR
        and CaseMember.objects.of_case(case).filter(user=person, role=CaseRole.CASE_MANAGER).exists()
    ):
        return _(
            "%(name)s is the case manager on this case. Under %(policy)s the case investigator is not the case "
            "manager: choose someone else"
        ) % {"name": name, "policy": policy_name(case.policy)}
    return ""


@transaction.atomic
def appoint_investigator(
    *, case: Case, investigator: Any, appointed_on: dt.date | None, by: User
) -> Investigation:
    """Appoint the case investigator: named on the case with the case investigator's role (so the access kernel
    lets them see it), and the appointment recorded as the key date that starts the investigation's clock."""
    authorize(by=by, case=case, action="investigation.appoint")
    errors: dict[str, str] = {}
    if Investigation.objects.of_case(case).exists():
        errors["investigator"] = _("A case investigator has already been appointed to this case")
    else:
        refusal = investigator_refusal(case=case, person=investigator)
        if refusal:
            errors["investigator"] = refusal
    _past_date(
        errors,
        "appointed_on",
        appointed_on,
        _("Enter the date they were appointed"),
        _("The date they were appointed must be today or in the past"),
    )
    _raise(errors)
    assert appointed_on is not None
    investigation = Investigation.objects.create(
        case=case, investigator=investigator, appointed_on=appointed_on, appointed_by=by
    )
    case_services.name_person(case=case, user=investigator, role=CaseRole.CASE_INVESTIGATOR, by=by)
    record_key_date(case=case, event=ClockEvent.INVESTIGATOR_APPOINTED, on=appointed_on, by=by)
    audit.record(
        by=by,
        action="investigation.investigator_appointed",
        obj=investigation,
        case=case,
        after={"investigator": investigator.display_name, "appointed_on": appointed_on.isoformat()},
    )
    return investigation


def _lock(investigation: Investigation) -> Investigation:
    locked: Investigation = (
        Investigation.objects.of_case(investigation.case).select_for_update().get(pk=investigation.pk)
    )
    locked.case = investigation.case
    return locked


@transaction.atomic
def set_terms_of_reference(
    *, investigation: Investigation, scope: str, allegation_ids: Iterable[Any], interviewees: str, by: User
) -> Investigation:
    """Set (or change) the terms of reference: the scope, the allegations chosen from the case's concerns and who
    is to be interviewed. The timescale is the pack's, read by the clock; it is not typed in."""
    case = investigation.case
    authorize(by=by, case=case, action="investigation.change")
    scope, interviewees = scope.strip(), interviewees.strip()
    wanted = {str(pk) for pk in allegation_ids}
    concerns = list(Concern.objects.of_case(case).filter(pk__in=[pk for pk in wanted if pk.isdigit()]))
    errors: dict[str, str] = {}
    if not scope:
        errors["scope"] = _("Say what the investigation is to establish")
    if not wanted:
        errors["allegations"] = _("Choose the allegations the investigation is to look into")
    elif len(concerns) != len(wanted):
        errors["allegations"] = _("Choose allegations from this case's concerns")
    if not interviewees:
        errors["interviewees"] = _("Say who is to be interviewed")
    _long(errors, "scope", scope)
    _long(errors, "interviewees", interviewees)
    _raise(errors)
    investigation = _lock(investigation)
    before = (
        None
        if investigation.terms_set_at is None
        else {
            "scope": investigation.scope,
            "allegations": sorted(investigation.allegations.values_list("pk", flat=True)),
            "interviewees": investigation.interviewees,
        }
    )
    investigation.scope, investigation.interviewees = scope, interviewees
    investigation.terms_set_at, investigation.terms_set_by = timezone.now(), by
    investigation.save(update_fields=["scope", "interviewees", "terms_set_at", "terms_set_by"])
    investigation.allegations.set(concerns)
    audit.record(
        by=by,
        action="investigation.terms_set",
        obj=investigation,
        case=case,
        before=before,
        after={
            "scope": scope,
            "allegations": sorted(c.pk for c in concerns),
            "interviewees": interviewees,
        },
    )
    return investigation


def _document_of(case: Case, document_id: Any, kind: str) -> Document | None:
    if not document_id:
        return None
    return Document.objects.of_case(case).filter(pk=document_id, kind=kind).first()


def _check_comments(
    errors: dict[str, str], *, comments: str, received_on: dt.date | None, held_on: dt.date | None
) -> None:
    if comments and received_on is None:
        errors["comments_received_on"] = _("Enter the date the comments were received")
    elif received_on is not None and not comments:
        errors["accuracy_comments"] = _("Enter the interviewee's comments, or leave the date empty")
    elif received_on is not None:
        if received_on > timezone.localdate():
            errors["comments_received_on"] = _(
                "The date the comments were received must be today or in the past"
            )
        elif held_on is not None and received_on < held_on:
            errors["comments_received_on"] = _(
                "The comments cannot be received before the interview was held"
            )
    _long(errors, "accuracy_comments", comments)


@transaction.atomic
def record_interview(
    *,
    investigation: Investigation,
    held_on: dt.date | None,
    interviewee: str,
    of_practitioner: bool,
    attended: str,
    companion: str = "",
    minutes_id: Any = None,
    accuracy_comments: str = "",
    comments_received_on: dt.date | None = None,
    by: User,
) -> Interview:
    """Record an interview or meeting of the investigation, with its minutes (a document of the case) and, when
    they have come in, the interviewee's comments on the minutes' accuracy."""
    case = investigation.case
    authorize(by=by, case=case, action="investigation.change")
    interviewee, attended = interviewee.strip(), attended.strip()
    companion, accuracy_comments = companion.strip(), accuracy_comments.strip()
    errors: dict[str, str] = {}
    _past_date(
        errors,
        "held_on",
        held_on,
        _("Enter the date it was held"),
        _("The date it was held must be today or in the past"),
    )
    if held_on is not None and held_on < investigation.appointed_on and "held_on" not in errors:
        errors["held_on"] = _("The interview cannot be before the case investigator was appointed")
    if not interviewee:
        errors["interviewee"] = _("Enter who was interviewed")
    elif len(interviewee) > 200:
        errors["interviewee"] = _("Keep the interviewee's name to 200 characters")
    if not attended:
        errors["attended"] = _("Enter who attended")
    if companion and not of_practitioner:
        errors["companion"] = _("A companion is recorded for the practitioner's own interview")
    elif len(companion) > 200:
        errors["companion"] = _("Keep the companion's name to 200 characters")
    minutes = _document_of(case, minutes_id, Kind.MINUTES)
    if minutes_id and minutes is None:
        errors["minutes"] = _("Choose minutes from this case's documents")
    _check_comments(errors, comments=accuracy_comments, received_on=comments_received_on, held_on=held_on)
    _long(errors, "attended", attended)
    _raise(errors)
    assert held_on is not None
    interview = Interview.objects.create(
        case=case,
        investigation=investigation,
        held_on=held_on,
        interviewee=interviewee,
        of_practitioner=of_practitioner,
        attended=attended,
        companion=companion,
        minutes=minutes,
        accuracy_comments=accuracy_comments,
        comments_received_on=comments_received_on,
        recorded_by=by,
    )
    audit.record(
        by=by,
        action="investigation.interview_recorded",
        obj=interview,
        case=case,
        after={
            "held_on": held_on.isoformat(),
            "interviewee": interviewee,
            "of_practitioner": of_practitioner,
            "attended": attended,
            "companion": companion,
            "minutes": str(minutes.pk) if minutes else None,
            "accuracy_comments": accuracy_comments,
            "comments_received_on": comments_received_on.isoformat() if comments_received_on else None,
        },
    )
    return interview


@transaction.atomic
def record_interview_comments(
    *, interview: Interview, accuracy_comments: str, comments_received_on: dt.date | None, by: User
) -> Interview:
    """The interviewee's comments on the accuracy of the minutes, which usually come in after the interview."""
    case = interview.case
    authorize(by=by, case=case, action="investigation.change")
    accuracy_comments = accuracy_comments.strip()
    errors: dict[str, str] = {}
    if not accuracy_comments and comments_received_on is None:
        errors["accuracy_comments"] = _("Enter the interviewee's comments on the minutes")
    _check_comments(
        errors, comments=accuracy_comments, received_on=comments_received_on, held_on=interview.held_on
    )
    _raise(errors)
    locked = Interview.objects.of_case(case).select_for_update().get(pk=interview.pk)
    before = {
        "accuracy_comments": locked.accuracy_comments,
        "comments_received_on": locked.comments_received_on.isoformat()
        if locked.comments_received_on
        else None,
    }
    locked.accuracy_comments, locked.comments_received_on = accuracy_comments, comments_received_on
    locked.save(update_fields=["accuracy_comments", "comments_received_on"])
    audit.record(
        by=by,
        action="investigation.interview_comments_recorded",
        obj=locked,
        case=case,
        before=before,
        after={
            "accuracy_comments": accuracy_comments,
            "comments_received_on": comments_received_on.isoformat() if comments_received_on else None,
        },
    )
    locked.case = case
    return locked


@transaction.atomic
def record_report_receipt(
    *, investigation: Investigation, report_id: Any, received_on: dt.date | None, by: User
) -> Investigation:
    """The case manager has received the investigation report (a document of the case, of the kind "report").
    Its receipt is the key date from which the pack's clock runs on to the case manager's decision."""
    case = investigation.case
    authorize(by=by, case=case, action="investigation.change")
    errors: dict[str, str] = {}
    if investigation.report_received_on is not None:
        errors["report"] = _("The report's receipt has already been recorded")
    report = _document_of(case, report_id, Kind.REPORT)
    if report is None and "report" not in errors:
        errors["report"] = _(
            "Choose the report from this case's documents (add it as a document of the kind Report)"
        )
    _past_date(
        errors,
        "received_on",
        received_on,
        _("Enter the date the report was received"),
        _("The date the report was received must be today or in the past"),
    )
    if received_on is not None and "received_on" not in errors and received_on < investigation.appointed_on:
        errors["received_on"] = _("The report cannot be received before the case investigator was appointed")
    _raise(errors)
    assert received_on is not None and report is not None
    investigation = _lock(investigation)
    investigation.report, investigation.report_received_on, investigation.report_received_by = (
        report,
        received_on,
        by,
    )
    investigation.save(update_fields=["report", "report_received_on", "report_received_by"])
    record_key_date(case=case, event=ClockEvent.REPORT_SUBMITTED, on=received_on, by=by)
    audit.record(
        by=by,
        action="investigation.report_received",
        obj=investigation,
        case=case,
        after={"report": str(report.pk), "received_on": received_on.isoformat()},
    )
    return investigation


@transaction.atomic
def connect_factual_accuracy(*, investigation: Investigation, submission_id: Any, by: User) -> Investigation:
    """Connect the practitioner's comments on the report's factual accuracy (their submission, sent from their
    own pages) to the report."""
    case = investigation.case
    authorize(by=by, case=case, action="investigation.change")
    errors: dict[str, str] = {}
    submission = None
    if investigation.report_id is None:
        errors["submission"] = _("Record the report's receipt first")
    elif not submission_id:
        errors["submission"] = _("Choose the practitioner's comments on the report")
    else:
        submission = (
            Submission.objects.of_case(case)
            .filter(kind=Submission.Kind.FACTUAL_ACCURACY)
            .filter(pk=int(submission_id) if str(submission_id).isdigit() else 0)
            .first()
        )
        if submission is None:
            errors["submission"] = _("Choose comments on factual accuracy the practitioner sent on this case")
    _raise(errors)
    assert submission is not None
    investigation = _lock(investigation)
    before = {"factual_accuracy": investigation.factual_accuracy_id}
    investigation.factual_accuracy = submission
    investigation.save(update_fields=["factual_accuracy"])
    audit.record(
        by=by,
        action="investigation.factual_accuracy_connected",
        obj=investigation,
        case=case,
        before=before,
        after={"factual_accuracy": submission.pk},
    )
    return investigation
