from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.models import Membership, Organisation, User


def roles_in(user: Any, organisation: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_faircase_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        user._faircase_roles = cache
    return cache.get(getattr(organisation, "pk", organisation), set())


def organisations_for(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def organisations_with_role(user: Any, roles: frozenset[str] | set[str]) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def people_in(organisation: Any) -> QuerySet[Any]:
    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


# ---- an organisation's people, for its administrators --------------------------------------------------------


def organisations_administered_by(user: Any) -> QuerySet[Organisation]:
    """Organisations whose people this user manages (organisation administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return organisations_with_role(user, R.MANAGES_PEOPLE).order_by("name")


def administered_organisation(user: Any, slug: str) -> Organisation:
    """One organisation the user manages the people of, or 404: for anyone else it does not exist."""
    organisation = organisations_administered_by(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("No such organisation")
    return organisation


def people_of(organisation: Organisation) -> QuerySet[Any]:
    """Everyone who holds a role in the organisation, deactivated accounts included, with those roles."""
    return (
        User.objects.filter(memberships__organisation=organisation)
        .distinct()
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(organisation=organisation).order_by("role"),
                to_attr="roles_here",
            )
        )
        .order_by("full_name", "username")
    )


def person_of(organisation: Organisation, user_id: Any) -> Any:
    """One person who holds a role in the organisation, or 404."""
    try:
        return people_of(organisation).get(pk=int(user_id))
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404("No such person") from error
