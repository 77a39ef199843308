"""Reads for the blind second look.

Case-side reads take a case the caller has already fetched through faircase.cases.selectors (so they are scoped
by construction). Reviewer-side reads are scoped to the reviewer: a request exists for nobody else, and not for
them once they are named on the case or excluded from it, or while it is a draft or withdrawn.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from faircase.access.policy import GRANTS, Capability
from faircase.accounts import roles as R
from faircase.accounts.models import Membership, Organisation, User, Viewer
from faircase.accounts.selectors import people_in
from faircase.cases.models import Case, CaseMember, ConflictExclusion
from faircase.framework.models import Review
from faircase.practitioners.models import PractitionerAccount
from faircase.second_look.choices import Status
from faircase.second_look.models import SecondLook

# ---- the case team's side --------------------------------------------------------------------------------------


def second_looks_for(case: Case) -> QuerySet[SecondLook]:
    return (
        SecondLook.objects.of_case(case)
        .select_related("reviewer", "requested_by", "recorded_by", "withdrawn_by", "review")
        .order_by("created_at", "id")
    )


def second_look_in(case: Case, second_look_id: Any) -> SecondLook:
    """One request of a case the caller may see, or 404."""
    try:
        return second_looks_for(case).get(pk=second_look_id)
    except (SecondLook.DoesNotExist, ValueError) as error:
        raise Http404("Not available") from error


def linked_to_review(review: Review) -> QuerySet[SecondLook]:
    return (
        review.second_looks.filter(status=Status.RECORDED)
        .select_related("reviewer")
        .order_by("recorded_at", "id")
    )


def current_review(case: Case) -> Review | None:
    """The case's current framework review: the one in progress, or else the latest completed."""
    in_progress = (
        Review.objects.of_case(case).filter(status=Review.Status.IN_PROGRESS).order_by("-started_at").first()
    )
    if in_progress is not None:
        return in_progress
    return (
        Review.objects.of_case(case)
        .filter(status=Review.Status.COMPLETED)
        .select_related("version")
        .order_by("-completed_at", "-id")
        .first()
    )


# ---- who may review ----------------------------------------------------------------------------------------------


def can_open_every_case(user: User, organisation: Organisation | int) -> bool:
    """True when the user's role lets them open every case of the organisation: they would not review blind."""
    return Membership.objects.filter(
        user=user, organisation=organisation, role__in=GRANTS[Capability.VIEW].organisation_roles
    ).exists()


def handles_equality_data(user: User, organisation: Organisation | int) -> bool:
    """True when the user may read the equality data of the organisation's practitioners (ADR 9): they cannot
    review blind, whatever other role they hold."""
    return Membership.objects.filter(
        user=user, organisation=organisation, role__in=R.NEVER_REVIEWS_BLIND
    ).exists()


def _not_independent(case: Case) -> set[int]:
    named = set(CaseMember.objects.of_case(case).values_list("user_id", flat=True))
    excluded = set(ConflictExclusion.objects.of_case(case).values_list("user_id", flat=True))
    practitioner = set(
        PractitionerAccount.objects.filter(practitioner_id=case.practitioner_id).values_list(
            "user_id", flat=True
        )
    )
    return named | excluded | practitioner


def refusal(case: Case, reviewer: User, *, requester: User) -> str:
    """Why this person cannot be the reviewer for this case, or "" when they can."""
    if reviewer is None:
        return _("Choose the reviewer")
    if reviewer.pk == getattr(requester, "pk", None):
        return _("Choose someone else: the reviewer cannot be the person asking")
    if (
        not reviewer.is_active
        or not Membership.objects.filter(user=reviewer, organisation=case.organisation_id).exists()
    ):
        return _("Choose someone in the case's organisation")
    if PractitionerAccount.objects.filter(practitioner_id=case.practitioner_id, user=reviewer).exists():
        return _("Choose someone else: the reviewer cannot be the practitioner")
    if ConflictExclusion.objects.of_case(case).filter(user=reviewer).exists():
        return _("Choose someone else: they are excluded from this case for a conflict of interest")
    if CaseMember.objects.of_case(case).filter(user=reviewer).exists():
        return _("Choose someone who is not named on the case")
    if handles_equality_data(reviewer, case.organisation_id):
        return _(
            "Choose someone else: equality analysts and organisation administrators can read practitioners' "
            "equality data, so they cannot review blind"
        )
    return ""


def eligible_reviewers(case: Case, *, requester: User, include_case_access: bool = False) -> list[Any]:
    """People who may review: in the organisation, not named on the case, not excluded from it, not the requester,
    not the practitioner, not anyone who handles equality data. By default only those who cannot open the case at
    all, so the look is blind."""
    handlers = set(
        Membership.objects.filter(organisation=case.organisation, role__in=R.NEVER_REVIEWS_BLIND).values_list(
            "user_id", flat=True
        )
    )
    ruled_out = _not_independent(case) | handlers | {requester.pk}
    people = [p for p in people_in(case.organisation) if p.pk not in ruled_out]
    if include_case_access:
        return people
    open_all = set(
        Membership.objects.filter(
            organisation=case.organisation, role__in=GRANTS[Capability.VIEW].organisation_roles
        ).values_list("user_id", flat=True)
    )
    return [p for p in people if p.pk not in open_all]


def roles_label(user: User, organisation: Organisation) -> str:
    """A person's roles in an organisation, as people read them: "Designated board member"."""
    roles = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True)
    labels = sorted(str(R.Role(r).label) for r in roles if r in R.Role.values)
    return ", ".join(labels) or _("No role in the organisation")


# ---- the reviewer's side -----------------------------------------------------------------------------------------


def requests_for_reviewer(user: Viewer) -> QuerySet[SecondLook]:
    """The requests asked of this user that they may open: sent to them, not withdrawn, and for cases they are
    still independent of (not named on, not excluded from)."""
    return SecondLook.objects.asked_of(user).order_by("-sent_at", "-id")


def request_for_reviewer(user: Viewer, second_look_id: Any) -> SecondLook:
    try:
        return requests_for_reviewer(user).get(pk=second_look_id)
    except (SecondLook.DoesNotExist, ValueError) as error:
        raise Http404("Not available") from error
