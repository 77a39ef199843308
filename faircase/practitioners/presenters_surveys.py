"""What the case pages show about surveys. Staff see when the practitioner was invited, never whether or how
they answered: the answers are anonymous."""

from typing import Any

from django.urls import reverse

from faircase.framework import selectors as framework_selectors
from faircase.practitioners import services_surveys
from faircase.practitioners.models import SurveyInvitation


def case_surveys_context(case: Any, user: Any, today: Any = None) -> dict[str, Any]:
    """For the staff case page (faircase/practitioners/jinja2/practitioners/_case_surveys.jinja)."""
    can_change = user.has_perm("cases.change_case", case)
    invited = {i.point: i for i in SurveyInvitation.objects.of_case(case)}
    points = []
    for point, label in SurveyInvitation.Point.choices:
        invitation = invited.get(point)
        available = point != SurveyInvitation.Point.CLOSURE or case.is_closed
        points.append(
            {
                "point": point,
                "label": label,
                "invited_on": invitation.created_at if invitation else None,
                "can_invite": can_change and invitation is None and available,
                "waiting_for_closure": invitation is None and not available,
            }
        )
    latest = framework_selectors.latest_completed_review_since(case, None)
    confidence = None
    if latest is not None and can_change:
        confidence = {
            "review": latest,
            "answered": services_surveys.has_answered_confidence(review=latest, user=user),
            "url": reverse(
                "practitioners:survey_confidence", kwargs={"case_id": case.pk, "review_id": latest.pk}
            ),
        }
    return {
        "surveys": {
            "points": points,
            "can_change": can_change,
            "has_email": bool(services_surveys.practitioner_email(case)),
            "invite_url": reverse("practitioners:survey_invite", kwargs={"case_id": case.pk}),
            "confidence": confidence,
        }
    }


def portal_surveys_context(case: Any, user: Any) -> dict[str, Any]:
    """For the practitioner's own case page (_portal_surveys.jinja): surveys waiting for their answer.
    The case must come through faircase.access.guard.own_case_view."""
    waiting = SurveyInvitation.objects.of_case(case).filter(used_at__isnull=True).order_by("created_at")
    return {
        "portal_surveys": [
            {
                "label": i.get_point_display(),
                "url": reverse(
                    "practitioners:survey_answer_own", kwargs={"case_id": case.pk, "point": i.point}
                ),
            }
            for i in waiting
        ]
    }
