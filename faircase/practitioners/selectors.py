"""What a practitioner user may read: only the cases of the practitioner records linked to them.

The practitioner's own pages (under /my/) fetch cases only through these functions; anything else answers 404.
"""

from typing import Any

from django.db.models import Q, QuerySet

from faircase.cases.models import Case
from faircase.practitioners.models import PractitionerAccount, SupportEntry


def is_practitioner_user(user: Any) -> bool:
    """True when the signed-in user is linked to at least one practitioner record."""
    if not getattr(user, "is_authenticated", False):
        return False
    return PractitionerAccount.objects.filter(user=user).exists()


def is_portal_only(user: Any) -> bool:
    """True for a practitioner user who holds no role in any organisation: they get the practitioner's pages
    only (their own navigation, and 404 from every staff page). Kept on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_faircase_portal_only", None)
    if cached is None:
        from faircase.accounts.models import Membership

        cached = is_practitioner_user(user) and not Membership.objects.filter(user=user).exists()
        user._faircase_portal_only = cached
    return cached


def practitioner_cases(user: Any) -> QuerySet[Case]:
    """Cases of the practitioner records linked to the user, newest first. None for anyone else."""
    return (
        Case.objects.own_cases_of(user)
        .select_related("organisation", "practitioner", "pack_version")
        .order_by("-opened_at")
    )


def support_for(*, profession: str, nation: str, organisation: Any) -> list[SupportEntry]:
    """Support entries for a profession and nation: national ones and the organisation's own, not retired."""
    entries = SupportEntry.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation), retired=False
    )
    return [
        e
        for e in entries.order_by("name")
        if (not e.professions or profession in e.professions) and (not e.nations or nation in e.nations)
    ]


def support_directory(organisation: Any = None) -> QuerySet[SupportEntry]:
    """National entries and, when given, one organisation's own."""
    if organisation is None:
        return SupportEntry.objects.filter(organisation__isnull=True).order_by("name")
    return SupportEntry.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
