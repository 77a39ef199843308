"""Changes for the blind second look. Each is one transaction with its audit event inside; a refusal
(ValidationError, by field where there is one) saves nothing.

The journey: the case manager drafts a request (the decision, the route they propose, the reviewer), which builds
the anonymised summary; they may edit it (each edit is redacted again); they send it (the summary is frozen and
the reviewer is emailed); the reviewer answers (the route they would take and why); the case manager records how
it was taken into account, against the case's current framework review and the considerations it is evidence for.
"""

import contextlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import User
from faircase.cases import selectors as case_selectors
from faircase.cases.models import Case
from faircase.core import audit, languages
from faircase.policy.workflow import workflow_for
from faircase.second_look import selectors
from faircase.second_look.choices import Agreement, Decision, Status, routes_for
from faircase.second_look.models import SecondLook
from faircase.second_look.redaction import Redaction, Redactor, redactor_for
from faircase.second_look.summary import anonymised_summary

FRAMEWORK_FILE = Path(__file__).resolve().parent.parent / "data" / "second_look" / "framework.yaml"
MAX_SUMMARY = 20_000


@cache
def framework_links() -> list[dict[str, str]]:
    """The considerations a second look is evidence for (data/second_look/framework.yaml): code and why."""
    data = yaml.safe_load(FRAMEWORK_FILE.read_text(encoding="utf-8")) or {}
    return [{"code": str(c["code"]), "why": str(c.get("why", ""))} for c in data.get("considerations", [])]


def _text(value: Any) -> str:
    return (value or "").strip()


def _lock(second_look: SecondLook) -> SecondLook:
    locked: SecondLook = SecondLook.objects.select_for_update().get(pk=second_look.pk)
    return locked


def redactor(case: Case, *, requester: User) -> Redactor:
    return redactor_for(case, extra_people=[requester])


def site_url() -> str:
    return str(getattr(settings, "FAIRCASE_SITE_URL", "http://localhost:8000")).rstrip("/")


# ---- the case manager: draft, edit, send, withdraw ---------------------------------------------------------------


@transaction.atomic
def draft_second_look(
    *, case: Case, decision: str, proposed_route: str, reviewer: User, by: User
) -> SecondLook:
    """Start a request: the anonymised summary is built now, for the case manager to check before sending."""
    authorize(by=by, case=case, action="second_look.ask")
    errors: dict[str, str] = {}
    if decision not in Decision.values:
        errors["decision"] = _("Choose the decision you want a second look at")
    elif proposed_route not in dict(routes_for(decision)):
        errors["proposed_route"] = _("Choose the route you propose")
    why_not = selectors.refusal(case, reviewer, requester=by)
    if why_not:
        errors["reviewer"] = why_not
    if errors:
        raise ValidationError(errors)
    # The summary is written in English, labels and all, whatever the language of the person asking: its
    # sentences are not translated yet, and a summary half in one language would read worse than one in English.
    with translation.override("en"):
        redaction = anonymised_summary(
            case,
            decision=decision,
            concerns=list(case_selectors.concerns_for(case)),
            stage_name=workflow_for(case).stage_name(case.stage),
            today=timezone.localdate(),
            redactor=redactor(case, requester=by),
        )
    second_look = SecondLook.objects.create(
        case=case,
        decision=decision,
        proposed_route=proposed_route,
        reviewer=reviewer,
        summary=redaction.text,
        requested_by=by,
        created_at=timezone.now(),
    )
    audit.record(
        by=by,
        action="second_look.drafted",
        obj=second_look,
        case=case,
        after={"decision": decision, "proposed_route": proposed_route, "reviewer": reviewer.get_username()},
        detail={"removed": redaction.counts},
    )
    return second_look


@transaction.atomic
def edit_summary(*, second_look: SecondLook, text: str, by: User) -> Redaction:
    """Save the case manager's edit of a draft summary, redacted again. Returns the redaction: its text is what
    was saved, and its warnings name words that look like the practitioner's name."""
    authorize(by=by, case=second_look.case, action="second_look.ask")
    second_look = _lock(second_look)
    case = second_look.case
    if second_look.status != Status.DRAFT:
        raise ValidationError(_("This request has been sent: its summary can no longer change."))
    text = _text(text)
    if not text:
        raise ValidationError({"summary": _("Enter the summary the reviewer will read")})
    if len(text) > MAX_SUMMARY:
        raise ValidationError(
            {"summary": _("The summary must be %(max)s characters or fewer") % {"max": f"{MAX_SUMMARY:,}"}}
        )
    redaction = redactor(case, requester=second_look.requested_by).redact(text)
    if redaction.text != second_look.summary:
        second_look.summary = redaction.text
        second_look.save(update_fields=["summary"])
        audit.record(
            by=by,
            action="second_look.summary_edited",
            obj=second_look,
            case=case,
            detail={"removed_from_the_edit": redaction.counts, "warnings": list(redaction.warnings)},
        )
    return redaction


def _notify_reviewer(second_look: SecondLook) -> bool:
    address = second_look.reviewer.email
    if not address:
        return False
    link = site_url() + reverse("second_look:review", kwargs={"second_look_id": second_look.pk})
    organisation = second_look.case.organisation.name
    with languages.speaking_to(second_look.reviewer):
        subject = str(_("A blind second look is asked of you"))
        body = "\n".join(
            [
                _("You have been asked for a blind second look at a significant decision (%(organisation)s).")
                % {"organisation": organisation},
                "",
                _(
                    "You will read an anonymised summary and say which route you would take, and why. You will not "
                    "see who the practitioner is, and you do not need to open the case."
                ),
                "",
                _("Open the request: %(link)s") % {"link": link},
                "",
                _(
                    "If you know who this is about, or you cannot be independent, tell the person who asked you and "
                    "do not answer. Sign in to read the summary; it is not sent by email."
                ),
            ]
        )
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception as error:  # the request is not sent if its email fails: nothing is half-done
        raise ValidationError(
            _("The email to the reviewer could not be sent, so the request was not sent. Try again later.")
        ) from error
    return True


@transaction.atomic
def send_second_look(*, second_look: SecondLook, by: User) -> SecondLook:
    """Send the request: the summary is frozen and the reviewer is emailed."""
    authorize(by=by, case=second_look.case, action="second_look.ask")
    second_look = _lock(second_look)
    case = second_look.case
    if second_look.status != Status.DRAFT:
        raise ValidationError(_("This request has already been sent."))
    # Still independent? Someone named on the case or excluded since the draft cannot review it.
    why_not = selectors.refusal(case, second_look.reviewer, requester=second_look.requested_by)
    if why_not:
        raise ValidationError({"reviewer": why_not})
    # The summary sent is exactly what the redactor leaves: an edit that slipped past it is refused.
    redaction = redactor(case, requester=second_look.requested_by).redact(second_look.summary)
    if redaction.text != second_look.summary:
        raise ValidationError({"summary": _("Check the summary again: faircase found more to remove")})
    second_look.status = Status.SENT
    second_look.sent_at = timezone.now()
    second_look.reviewer_can_open_case = selectors.can_open_every_case(
        second_look.reviewer, case.organisation_id
    )
    second_look.notified = bool(second_look.reviewer.email)
    second_look.save(update_fields=["status", "sent_at", "reviewer_can_open_case", "notified"])
    audit.record(
        by=by,
        action="second_look.sent",
        obj=second_look,
        case=case,
        before={"status": Status.DRAFT},
        after={
            "status": Status.SENT,
            "reviewer": second_look.reviewer.get_username(),
            "reviewer_can_open_case": second_look.reviewer_can_open_case,
            "notified": second_look.notified,
            "summary": second_look.summary,
        },
    )
    _notify_reviewer(second_look)
    return second_look


@transaction.atomic
def withdraw_second_look(*, second_look: SecondLook, reason: str, by: User) -> SecondLook:
    """Withdraw a draft, or a request the reviewer has not answered. The reviewer can no longer open it."""
    authorize(by=by, case=second_look.case, action="second_look.withdraw")
    second_look = _lock(second_look)
    case = second_look.case
    if second_look.status not in (Status.DRAFT, Status.SENT):
        raise ValidationError(_("Only a draft or a request still waiting for the reviewer can be withdrawn."))
    reason = _text(reason)
    if second_look.status == Status.SENT and not reason:
        raise ValidationError({"reason": _("Say why you are withdrawing the request")})
    before = second_look.status
    second_look.status = Status.WITHDRAWN
    second_look.withdrawn_at = timezone.now()
    second_look.withdrawn_by = by
    second_look.withdrawn_reason = reason
    second_look.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit.record(
        by=by,
        action="second_look.withdrawn",
        obj=second_look,
        case=case,
        before={"status": before},
        after={"status": Status.WITHDRAWN, "reason": reason},
    )
    return second_look


# ---- the reviewer ------------------------------------------------------------------------------------------------


def record_reviewer_view(*, second_look: SecondLook, by: User) -> None:
    """The reviewer reading the anonymised summary is audited, like any read of a case."""
    with transaction.atomic():
        audit.record(by=by, action="second_look.viewed", obj=second_look, case=second_look.case)


@transaction.atomic
def answer_second_look(*, second_look: SecondLook, route: str, reasons: str, by: User) -> SecondLook:
    """The reviewer's answer: the route they would take and why. Given once."""
    second_look = _lock(second_look)
    if second_look.reviewer_id != getattr(by, "pk", None):
        raise ValidationError(_("Only the reviewer asked can answer."))
    if second_look.status != Status.SENT:
        raise ValidationError(_("This request has already been answered or was withdrawn."))
    # A role that reads equality data, given since the request was sent, ends the reviewer's independence.
    if selectors.handles_equality_data(by, second_look.case.organisation_id):
        raise ValidationError(
            _(
                "You cannot answer: you can now read practitioners' equality data, so your look would not be "
                "blind. Tell the person who asked you."
            )
        )
    errors: dict[str, str] = {}
    if route not in dict(routes_for(second_look.decision)):
        errors["route"] = _("Choose the route you would take")
    reasons = _text(reasons)
    if not reasons:
        errors["reasons"] = _("Give your reasons")
    if errors:
        raise ValidationError(errors)
    second_look.route = route
    second_look.reasons = reasons
    second_look.answered_at = timezone.now()
    second_look.status = Status.ANSWERED
    second_look.save(update_fields=["route", "reasons", "answered_at", "status"])
    audit.record(
        by=by,
        action="second_look.answered",
        obj=second_look,
        case=second_look.case,
        before={"status": Status.SENT},
        after={"status": Status.ANSWERED, "route": route, "reasons": reasons},
    )
    _notify_requester(second_look)
    return second_look


def _notify_requester(second_look: SecondLook) -> None:
    """Tell the case manager the answer is in. Best effort: the answer is kept even if the email fails."""
    address = second_look.requested_by.email
    if not address:
        return
    case = second_look.case
    link = site_url() + reverse("cases:detail", kwargs={"case_id": case.pk}) + "#second-look"
    with languages.speaking_to(second_look.requested_by):
        subject = str(_("Blind second look answered: case %(reference)s") % {"reference": case.reference})
        body = "\n\n".join(
            [
                _("The reviewer has answered your request for a blind second look on case %(reference)s.")
                % {"reference": case.reference},
                _("Open the case to read the answer and record how it was taken into account: %(link)s")
                % {"link": link},
            ]
        )
    # Best effort: the case page shows the answer whatever happens to the email.
    with contextlib.suppress(Exception):
        send_mail(subject, body + "\n", None, [address], fail_silently=False)


# ---- the case manager: how it was taken into account -------------------------------------------------------------


@transaction.atomic
def record_taken_into_account(
    *, second_look: SecondLook, route_after: str, taken_into_account: str, by: User
) -> SecondLook:
    """Record agreement or divergence with the route proposed, the route now proposed and how the answer was taken
    into account; linked to the case's current framework review and the considerations it is evidence for."""
    authorize(by=by, case=second_look.case, action="second_look.record")
    second_look = _lock(second_look)
    case = second_look.case
    if second_look.status != Status.ANSWERED:
        raise ValidationError(_("There is no answer waiting to be recorded."))
    errors: dict[str, str] = {}
    if route_after not in dict(routes_for(second_look.decision)):
        errors["route_after"] = _("Choose the route you now propose")
    taken_into_account = _text(taken_into_account)
    if not taken_into_account:
        errors["taken_into_account"] = _("Say how the reviewer's view was taken into account")
    if errors:
        raise ValidationError(errors)
    review = selectors.current_review(case)
    second_look.agreement = (
        Agreement.AGREES if second_look.route == second_look.proposed_route else Agreement.DIVERGES
    )
    second_look.route_after = route_after
    second_look.taken_into_account = taken_into_account
    second_look.review = review
    second_look.considerations = [link["code"] for link in framework_links()]
    second_look.recorded_by = by
    second_look.recorded_at = timezone.now()
    second_look.status = Status.RECORDED
    second_look.save(
        update_fields=[
            "agreement", "route_after", "taken_into_account", "review", "considerations",
            "recorded_by", "recorded_at", "status",
        ]
    )  # fmt: skip
    audit.record(
        by=by,
        action="second_look.recorded",
        obj=second_look,
        case=case,
        before={"status": Status.ANSWERED},
        after={
            "status": Status.RECORDED,
            "agreement": second_look.agreement,
            "proposed_route": second_look.proposed_route,
            "reviewer_route": second_look.route,
            "route_after": route_after,
            "taken_into_account": taken_into_account,
            "review": review.pk if review else None,
            "considerations": second_look.considerations,
        },
    )
    return second_look
