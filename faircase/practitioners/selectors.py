"""What a practitioner user may read: only the cases of the practitioner records linked to them.

The practitioner's own pages (under /my/) fetch cases only through these functions; anything else answers 404.
"""

from django.db.models import Q, QuerySet

from faircase.accounts.models import Organisation, Viewer, signed_in
from faircase.cases.models import Case
from faircase.practitioners.models import PractitionerAccount, SupportEntry


def is_practitioner_user(user: Viewer) -> bool:
    """True when the signed-in user is linked to at least one practitioner record."""
    if not signed_in(user):
        return False
    return PractitionerAccount.objects.filter(user=user).exists()


def is_portal_only(user: Viewer) -> bool:
    """True for a practitioner user who holds no role in any organisation: they get the practitioner's pages
    only (their own navigation, and 404 from every staff page). Kept on the user object for the request."""
    if not signed_in(user):
        return False
    cached: bool | None = getattr(user, "_faircase_portal_only", None)
    if cached is None:
        from faircase.accounts.models import Membership

        cached = is_practitioner_user(user) and not Membership.objects.filter(user=user).exists()
        setattr(user, "_faircase_portal_only", cached)  # noqa: B010 (a per-request cache, not a field)
    return cached


def practitioner_cases(user: Viewer) -> QuerySet[Case]:
    """Cases of the practitioner records linked to the user, newest first. None for anyone else."""
    return (
        Case.objects.own_cases_of(user)
        .select_related("organisation", "practitioner", "pack_version")
        .order_by("-opened_at")
    )


def support_for(*, profession: str, nation: str, organisation: Organisation) -> list[SupportEntry]:
    """Support entries for a profession and nation: national ones and the organisation's own, not retired."""
    entries = SupportEntry.objects.filter(
        Q(organisation__isnull=True) | Q(organisation=organisation), retired=False
    )
    return [
        e
        for e in entries.order_by("name")
        if (not e.professions or profession in e.professions) and (not e.nations or nation in e.nations)
    ]


def support_directory(organisation: Organisation | None = None) -> QuerySet[SupportEntry]:
    """National entries and, when given, one organisation's own."""
    if organisation is None:
        return SupportEntry.objects.filter(organisation__isnull=True).order_by("name")
    return SupportEntry.objects.filter(Q(organisation__isnull=True) | Q(organisation=organisation))
