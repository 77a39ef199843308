"""Reads of case data, always scoped to what the user may see.

`visible_cases(user)` is the one door to case data: views fetch a case through it (or `get_case_for`), so
a case the user may not see does not exist for them (404). A test fails when a view reads case models
any other way.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.models import Membership
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion, Practitioner, StageMove
from faircase.framework.models import FollowUp


def visible_cases(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    whole_org = Membership.objects.filter(user=user, role__in=R.SEES_ALL_ORGANISATION_CASES).values(
        "organisation_id"
    )
    named = CaseMember.objects.filter(user=user).values("case_id")
    excluded = ConflictExclusion.objects.filter(user=user).values("case_id")
    return Case.objects.filter(Q(organisation_id__in=whole_org) | Q(id__in=named)).exclude(id__in=excluded)


def get_case_for(user: Any, case_id: Any) -> Case:
    try:
        case = (
            visible_cases(user)
            .select_related("organisation", "practitioner", "opened_by", "pack_version")
            .get(pk=case_id)
        )
    except (Case.DoesNotExist, ValueError) as error:
        raise Http404("No such case") from error
    case._excluded_cache = {user.pk: False}  # visible_cases has already left out conflicted users
    return case


def case_list(user: Any, *, organisation: Any = None, stage: str = "", search: str = "") -> QuerySet[Case]:
    cases = visible_cases(user)
    if organisation is not None:
        cases = cases.filter(organisation=organisation)
    if stage:
        cases = cases.filter(stage=stage)
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(practitioner__full_name__icontains=search))
    open_follow_ups = FollowUp.objects.filter(case=OuterRef("pk"), status=FollowUp.Status.OPEN)
    return (
        cases.select_related("organisation", "practitioner", "pack_version")
        .annotate(has_open_follow_ups=Exists(open_follow_ups))
        .order_by("-opened_at", "reference")
    )


def concerns_for(case: Case) -> QuerySet[Concern]:
    return Concern.objects.filter(case=case).select_related("recorded_by")


def members_for(case: Case) -> QuerySet[CaseMember]:
    return CaseMember.objects.filter(case=case).select_related("user")


def exclusions_for(case: Case) -> QuerySet[ConflictExclusion]:
    return ConflictExclusion.objects.filter(case=case).select_related("user", "recorded_by")


def stage_moves_for(case: Case) -> QuerySet[StageMove]:
    return StageMove.objects.filter(case=case).select_related("moved_by", "review").order_by("moved_at", "id")


def last_move(case: Case) -> StageMove | None:
    return StageMove.objects.filter(case=case).order_by("-moved_at", "-id").first()


def practitioners_for(user: Any, organisation: Any) -> QuerySet[Practitioner]:
    """Practitioners a case opener may choose from: only in organisations where they can open cases."""
    allowed = Membership.objects.filter(user=user, role__in=R.OPENS_CASES).values("organisation_id")
    return Practitioner.objects.filter(organisation=organisation, organisation_id__in=allowed)
