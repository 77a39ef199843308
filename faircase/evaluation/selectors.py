"""Who may read an evaluation, and of which organisations: the roles that read published equality statistics
(faircase.accounts.roles.READS_PUBLISHED_EQUALITY_STATISTICS), for their own organisations. Anything else is 404,
the same answer whether the organisation exists or not. Setting the adoption date is for the organisation's
administrators."""

from django.db.models import QuerySet
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.models import Organisation, Viewer
from faircase.accounts.selectors import organisations_with_role

SETS_ADOPTION_DATE = frozenset({R.Role.ORG_ADMIN})


def readable_organisations(user: Viewer) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return organisations_with_role(user, R.READS_PUBLISHED_EQUALITY_STATISTICS).order_by("name")


def readable_organisation(user: Viewer, slug: str) -> Organisation:
    organisation = readable_organisations(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


def administered_organisation(user: Viewer, slug: str) -> Organisation:
    organisation = None
    if getattr(user, "is_authenticated", False):
        organisation = organisations_with_role(user, SETS_ADOPTION_DATE).filter(slug=slug).first()
    if organisation is None:
        raise Http404("Not available")
    return organisation


def administers(user: Viewer, organisation: Organisation) -> bool:
    return getattr(user, "is_authenticated", False) and (
        organisations_with_role(user, SETS_ADOPTION_DATE).filter(pk=organisation.pk).exists()
    )
