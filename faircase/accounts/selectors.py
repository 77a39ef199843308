from typing import Any

from django.db.models import QuerySet

from faircase.accounts.models import Membership, Organisation


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
    from faircase.accounts.models import User

    return (
        User.objects.filter(memberships__organisation=organisation, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )
