"""Reads of restrictions, decisions, Advice contacts and referrals. Case-bound reads take a case the caller
already fetched through faircase.access (so scoped to the user); a record of another
case is a 404."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from faircase.access.policy import OVERSIGHT_ROLES
from faircase.accounts.models import Organisation
from faircase.core.audit import Actor
from faircase.core.page_reads import read_once
from faircase.framework.models import Review
from faircase.framework.principles import ReviewPoint
from faircase.policy.kinds import EXCLUSION_KINDS
from faircase.process.models import (
    AdviceAction,
    AdviceContact,
    ExclusionDecision,
    RegulatorReferral,
    Restriction,
    RestrictionPeriod,
)

if TYPE_CHECKING:
    from faircase.accounts.models import User
    from faircase.cases.models import Case

# Who may see and download an organisation's monthly exclusions return: those who oversee it, and it lists only
# the cases they oversee (faircase.access: not those they are excluded from, nor their own).
RETURN_ROLES = OVERSIGHT_ROLES


def _periods() -> Prefetch:
    return Prefetch("periods", queryset=RestrictionPeriod.objects.select_related("review").order_by("number"))


@read_once
def restrictions_for(case: Case) -> QuerySet[Restriction]:
    return (
        Restriction.objects.of_case(case)
        .select_related("advice_contact", "recorded_by")
        .prefetch_related(_periods())
        .order_by("-started_on", "-recorded_at")
    )


def restriction_in(case: Case, restriction_id: Any) -> Restriction:
    try:
        return restrictions_for(case).get(pk=restriction_id)
    except (Restriction.DoesNotExist, ValueError) as error:
        raise Http404("No such restriction") from error


def restrictions_in_force(case: Case) -> list[Restriction]:
    """The restrictions, exclusions, suspensions, undertakings and conditions of a case (fetched through
    faircase.access) still in force: not ended. Oldest first. For the closure checklist: a case should not close
    while one of these runs, unless it is ended or handed over with a reason."""
    return list(
        Restriction.objects.of_case(case).filter(ended_on__isnull=True).order_by("started_on", "recorded_at")
    )


def running_exclusion(case: Case) -> Restriction | None:
    """The exclusion or suspension of the case still running, which a new one would continue."""
    return (
        Restriction.objects.of_case(case)
        .filter(kind__in=EXCLUSION_KINDS, ended_on__isnull=True)
        .order_by("-started_on", "-recorded_at")
        .first()
    )


def period_in(restriction: Restriction, number: int) -> RestrictionPeriod:
    for period in restriction.periods.all():
        if period.number == number:
            return period
    raise Http404("No such period")


@read_once
def decisions_for(case: Case) -> QuerySet[ExclusionDecision]:
    return (
        ExclusionDecision.objects.of_case(case).select_related("recorded_by").order_by("-decided_on", "-id")
    )


@read_once
def advice_contacts_for(case: Case) -> QuerySet[AdviceContact]:
    return (
        AdviceContact.objects.of_case(case)
        .select_related("recorded_by")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=AdviceAction.objects.select_related("owner", "closed_by").order_by("due_on", "id"),
            )
        )
        .order_by("-contacted_on", "-id")
    )


def advice_contact_in(case: Case, advice_id: Any) -> AdviceContact:
    try:
        return advice_contacts_for(case).get(pk=advice_id)
    except (AdviceContact.DoesNotExist, ValueError) as error:
        raise Http404("No such Advice contact") from error


def advice_action_in(case: Case, action_id: Any) -> AdviceAction:
    try:
        return AdviceAction.objects.of_case(case).select_related("advice", "owner").get(pk=action_id)
    except (AdviceAction.DoesNotExist, ValueError) as error:
        raise Http404("No such action") from error


@read_once
def referrals_for(case: Case) -> QuerySet[RegulatorReferral]:
    return (
        RegulatorReferral.objects.of_case(case).select_related("recorded_by").order_by("-referred_on", "-id")
    )


def restriction_reviews_for(case: Case) -> QuerySet[Review]:
    """Completed framework reviews of the case at the restriction review point not yet linked to a period."""
    return (
        Review.objects.of_case(case)
        .filter(review_point=ReviewPoint.RESTRICTION, status=Review.Status.COMPLETED)
        .filter(restriction_periods__isnull=True)
        .select_related("completed_by")
        .order_by("-completed_at")
    )


# ---- the monthly return -----------------------------------------------------------------------------------


def return_organisation_for(user: User, slug: str) -> Organisation:
    """The organisation, if the user holds a role there that may read its exclusions return; else 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404("Not available")
    organisation = (
        Organisation.objects.filter(slug=slug, memberships__user=user, memberships__role__in=RETURN_ROLES)
        .distinct()
        .first()
    )
    if organisation is None:
        raise Http404("Not available")
    return organisation


def return_organisations_for(user: User) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role__in=RETURN_ROLES)
        .distinct()
        .order_by("name")
    )


def exclusion_parts_for_return(
    organisation: Organisation, reader: Actor, first: dt.date, last: dt.date
) -> QuerySet[Restriction]:
    """Every exclusion and suspension (every part, from the first day of its episode) of the organisation's cases
    that had one in force at any time from `first` to `last`, of the cases the reader oversees (every case, for a
    named system actor: the command an operator runs). The clock joins the parts into episodes."""
    scoped = (
        Restriction.objects.oversight_of(organisation, reader.user)
        if reader.user is not None
        else Restriction.objects.for_system("command")
    )
    in_force = (
        scoped.filter(case__organisation=organisation, kind__in=EXCLUSION_KINDS, started_on__lte=last)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .values("case_id")
    )
    return (
        scoped.filter(case__organisation=organisation, kind__in=EXCLUSION_KINDS, started_on__lte=last)
        .filter(case_id__in=in_force)
        .select_related("case", "case__practitioner")
        .prefetch_related(Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number")))
        .order_by("started_on", "case__reference", "recorded_at")
    )
