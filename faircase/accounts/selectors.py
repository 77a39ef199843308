from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from faircase.accounts import roles as R
from faircase.accounts.models import Membership, Organisation, User, Viewer, signed_in


def roles_in(user: Viewer, organisation: Organisation | int | None) -> set[str]:
    """The user's roles in one organisation, read once per request and kept on the user object."""
    if not signed_in(user):
        return set()
    cache: dict[int, set[str]] | None = getattr(user, "_faircase_roles", None)
    if cache is None:
        cache = {}
        for org_id, role in Membership.objects.filter(user=user).values_list("organisation_id", "role"):
            cache.setdefault(org_id, set()).add(role)
        setattr(user, "_faircase_roles", cache)  # noqa: B010 (a per-request cache, not a field)
    key = organisation.pk if isinstance(organisation, Organisation) else organisation
    return cache.get(key, set()) if key is not None else set()


def organisations_and_roles(user: Viewer) -> list[tuple[Organisation, frozenset[str]]]:
    """Each organisation the user belongs to, by name, with their roles there: one query, kept on the user object
    for the request (the header's navigation asks it on every page, ADR 38)."""
    if not signed_in(user):
        return []
    cached: list[tuple[Organisation, frozenset[str]]] | None = getattr(user, "_faircase_organisations", None)
    if cached is None:
        found: dict[int, tuple[Organisation, set[str]]] = {}
        memberships = (
            Membership.objects.filter(user=user)
            .select_related("organisation")
            .order_by("organisation__name", "organisation_id")
        )
        for membership in memberships:
            found.setdefault(membership.organisation_id, (membership.organisation, set()))[1].add(
                membership.role
            )
        cached = [(organisation, frozenset(roles)) for organisation, roles in found.values()]
        setattr(user, "_faircase_organisations", cached)  # noqa: B010 (a per-request cache, not a field)
    return cached


def organisations_for(user: Viewer) -> QuerySet[Organisation]:
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")


def organisations_with_role(user: Viewer, roles: frozenset[str] | set[str]) -> QuerySet[Organisation]:
    if not signed_in(user):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def people_in(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


# ---- an organisation's people, for its administrators --------------------------------------------------------


def organisations_administered_by(user: Viewer) -> QuerySet[Organisation]:
    """Organisations whose people this user manages (organisation administrators)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    return organisations_with_role(user, R.MANAGES_PEOPLE).order_by("name")


def administered_organisation(user: Viewer, slug: str) -> Organisation:
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
            ),
            "single_sign_on_identities",  # whether they sign in with single sign-on (people pages)
        )
        .order_by("full_name", "username")
    )


def person_of(organisation: Organisation, user_id: Any) -> Any:
    """One person who holds a role in the organisation, or 404."""
    try:
        return people_of(organisation).get(pk=int(user_id))
    except (ValueError, TypeError, ObjectDoesNotExist) as error:
        raise Http404("No such person") from error
