"""Reads of case data for pages. Every read starts from the access kernel (faircase.access): a scope for lists,
or a case the view's decorator fetched, whose rows are read with `of_case`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from faircase.accounts import roles as R
from faircase.accounts.models import Membership
from faircase.cases.models import Case, CaseMember, Concern, ConflictExclusion, Practitioner, StageMove
from faircase.core.page_reads import read_once
from faircase.framework.models import FollowUp

if TYPE_CHECKING:
    from faircase.accounts.models import Organisation, User


def case_list(
    user: User,
    *,
    organisation: Organisation | None = None,
    stage: str = "",
    search: str = "",
    opened: tuple[dt.date, dt.date] | None = None,
    closed: tuple[dt.date, dt.date] | None = None,
) -> QuerySet[Case]:
    """The cases the user may see, filtered; `opened` and `closed` are inclusive ranges of local days (the
    oversight page's quarters link here)."""
    cases = Case.objects.visible_to(user)
    if organisation is not None:
        cases = cases.filter(organisation=organisation)
    if stage:
        cases = cases.filter(stage=stage)
    if opened is not None:
        cases = cases.filter(opened_at__date__range=opened)
    if closed is not None:
        cases = cases.filter(closed_at__date__range=closed)
    if search:
        cases = cases.filter(Q(reference__icontains=search) | Q(practitioner__full_name__icontains=search))
    return (
        cases.select_related("organisation", "practitioner", "pack_version")
        .annotate(
            has_open_follow_ups=Exists(
                FollowUp.objects.filter(case=OuterRef("pk"), status=FollowUp.Status.OPEN)
            )
        )
        .order_by("-opened_at", "reference")
    )


@read_once
def concerns_for(case: Case) -> QuerySet[Concern]:
    return Concern.objects.of_case(case).select_related("recorded_by")


@read_once
def members_for(case: Case) -> QuerySet[CaseMember]:
    return CaseMember.objects.of_case(case).select_related("user")


def exclusions_for(case: Case) -> QuerySet[ConflictExclusion]:
    return ConflictExclusion.objects.of_case(case).select_related("user", "recorded_by")


@read_once
def stage_moves_for(case: Case) -> QuerySet[StageMove]:
    return StageMove.objects.of_case(case).select_related("moved_by", "review").order_by("moved_at", "id")


def last_move(case: Case) -> StageMove | None:
    return StageMove.objects.of_case(case).order_by("-moved_at", "-id").first()


def practitioners_for(user: User, organisation: Organisation) -> QuerySet[Practitioner]:
    """Practitioners a case opener may choose from: only in organisations where they can open cases."""
    allowed = Membership.objects.filter(user=user, role__in=R.OPENS_CASES).values("organisation_id")
    return Practitioner.objects.filter(organisation=organisation, organisation_id__in=allowed)
