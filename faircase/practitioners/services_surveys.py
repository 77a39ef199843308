"""Experience surveys for practitioners and confidence-in-decision surveys for case managers.

Anonymity is kept by what is stored: an ExperienceResponse holds the organisation, the survey point, the month
and the answers, nothing else. The invitation is only marked used; nothing links it to the response (the
response's key is random, its date is only the month). Tokens are never stored, only their SHA-256 hash.
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.access.guard import authorize
from faircase.accounts.models import User
from faircase.cases.models import Case
from faircase.core import audit
from faircase.core.audit import ActorLike
from faircase.framework.models import Review
from faircase.practitioners import surveys
from faircase.practitioners.models import ConfidenceResponse, ExperienceResponse, SurveyInvitation

SURVEY_LINK_ACTOR = "practitioner (anonymous survey link)"
CONFIDENCE_ANSWERED = "confidence_survey.answered"


class SurveyUnavailable(Exception):
    """The link is unknown, or the survey has already been answered."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def survey_link(token: str) -> str:
    path = reverse("practitioners:survey_answer", kwargs={"token": token})
    return settings.FAIRCASE_SITE_URL.rstrip("/") + path


def this_month() -> dt.date:
    return timezone.localdate().replace(day=1)


def practitioner_email(case: Case) -> str:
    """Where to send the invitation: the practitioner record's email, else their faircase account's."""
    practitioner = case.practitioner
    if practitioner.email:
        return practitioner.email
    account = getattr(practitioner, "account", None)
    return getattr(getattr(account, "user", None), "email", "") or ""


@transaction.atomic
def invite_to_survey(*, case: Case, point: str, by: User) -> tuple[SurveyInvitation, str, str]:
    """Invite the case's practitioner to the experience survey at one point.

    Returns the invitation, the token and the address it was emailed to ("" when the practitioner has no
    email: the caller shows the link once to the case manager to pass on). The token is not stored.
    """
    authorize(by=by, case=case, action="survey.invite")
    if point not in SurveyInvitation.Point.values:
        raise ValidationError({"point": _("Choose when the survey is for")})
    if point == SurveyInvitation.Point.CLOSURE and not case.is_closed:
        raise ValidationError({"point": _("The survey at closure can be sent once the case is closed")})
    if SurveyInvitation.objects.filter(case=case, point=point).exists():
        raise ValidationError({"point": _("The practitioner has already been invited to this survey")})
    token = secrets.token_urlsafe(32)
    invitation = SurveyInvitation.objects.create(case=case, point=point, token_hash=token_hash(token))
    email = practitioner_email(case)
    audit.record(
        by=by,
        action="survey_invitation.sent",
        obj=invitation,
        case=case,
        after={"point": point, "emailed": bool(email)},
    )
    if email:
        organisation = case.organisation.name
        body = (
            f"Dear {case.practitioner.full_name},\n\n"
            f"{organisation} would like to know how you have found the way your case has been handled. "
            "The survey has 4 questions and takes about 2 minutes.\n\n"
            "It is anonymous: your answers are not stored with your name or your case, and results are only "
            "shown when at least 5 people have answered.\n\n"
            f"{survey_link(token)}\n\n"
            "The link works once. You do not have to answer.\n"
        )
        # Sent inside the transaction: if the email cannot be sent, no invitation is kept.
        send_mail(f"How was your experience? {organisation}", body, None, [email], fail_silently=False)
    return invitation, token, email


def invite_at_closure(*, case: Case, by: User) -> SurveyInvitation | None:
    """The hook to call when a case closes: invite the practitioner to the closure survey, if they have an
    email and were not invited already. Never stops the closure: returns None when nothing was sent."""
    if not case.is_closed or not practitioner_email(case):
        return None
    if SurveyInvitation.objects.filter(case=case, point=SurveyInvitation.Point.CLOSURE).exists():
        return None
    try:
        with transaction.atomic():
            invitation, _token, _email = invite_to_survey(
                case=case, point=SurveyInvitation.Point.CLOSURE, by=by
            )
    except (ValidationError, OSError):  # OSError covers smtplib's errors: an email that cannot be sent
        return None
    return invitation


def find_invitation(token: str) -> SurveyInvitation:
    invitation = (
        SurveyInvitation.objects.select_related("case__organisation")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise SurveyUnavailable("unknown")
    if invitation.used_at is not None:
        raise SurveyUnavailable("used")
    return invitation


def _check_answer(value: Any, name: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if number not in {v for v, _label in surveys.scale()}:
        raise ValidationError({name: _("Choose an answer from 1 to 5")})
    return number


@transaction.atomic
def submit_experience(
    *,
    invitation: SurveyInvitation,
    answers: dict[str, Any],
    comments: str = "",
    by: ActorLike = SURVEY_LINK_ACTOR,
) -> ExperienceResponse:
    """Store one anonymous answer and mark the invitation used (once only)."""
    invitation = SurveyInvitation.objects.select_for_update().select_related("case").get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise SurveyUnavailable("used")
    values = {key: _check_answer(answers.get(key), key) for key in surveys.EXPERIENCE_KEYS}
    response = ExperienceResponse.objects.create(
        organisation_id=invitation.case.organisation_id,
        point=invitation.point,
        month=this_month(),
        comments=(comments or "").strip(),
        **values,
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    # The audit says the invitation was used; it names neither the response nor the answers.
    audit.record(by=by, action="survey_invitation.used", obj=invitation, case=invitation.case)
    return response


def has_answered_confidence(*, review: Review, user: User) -> bool:
    from faircase.core.models import AuditEvent

    return AuditEvent.objects.filter(
        action=CONFIDENCE_ANSWERED, object_type="framework.review", object_id=str(review.pk), actor=user
    ).exists()


@transaction.atomic
def submit_confidence(*, review: Review, confidence: Any, comments: str = "", by: User) -> ConfidenceResponse:
    """Store a case manager's confidence in the decision of a completed review, once per person and review.

    The response keeps the organisation, review point and month; the audit event records who answered for
    which review, never the answer.
    """
    authorize(by=by, case=review.case, action="survey.decision_confidence")
    review = Review.objects.select_for_update().select_related("case").get(pk=review.pk)
    case = review.case
    if review.status != Review.Status.COMPLETED:
        raise ValidationError(_("Answer once the review is completed."))
    if has_answered_confidence(review=review, user=by):
        raise ValidationError("You have already answered for this decision.")
    try:
        value = int(confidence)
    except (TypeError, ValueError):
        value = 0
    if value not in {v for v, _label in surveys.confidence_scale()}:
        raise ValidationError({"confidence": "Choose how confident you are, from 1 to 5"})
    response = ConfidenceResponse.objects.create(
        organisation_id=case.organisation_id,
        review_point=review.review_point,
        month=this_month(),
        confidence=value,
        comments=(comments or "").strip(),
    )
    audit.record(by=by, action=CONFIDENCE_ANSWERED, obj=review, case=case)
    return response
