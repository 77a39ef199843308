"""Who may do what. The role tables are in faircase.accounts.roles; these predicates read them."""

from typing import Any

import rules

from faircase.accounts import roles as R
from faircase.accounts.selectors import roles_in


def _named_roles(user: Any, case: Any) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(case, "_named_roles_cache", None)
    if cache is None:
        cache = {}
        for user_id, role in case.members.values_list("user_id", "role"):
            cache.setdefault(user_id, set()).add(role)
        case._named_roles_cache = cache
    return cache.get(user.pk, set())


def _excluded(user: Any, case: Any) -> bool:
    # Cached on the case for the request; a case fetched through the scoped selector is known visible.
    cache = case.__dict__.setdefault("_excluded_cache", {})
    if user.pk not in cache:
        cache[user.pk] = case.exclusions.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def can_view_case(user: Any, case: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or _excluded(user, case):
        return False
    if roles_in(user, case.organisation_id) & R.SEES_ALL_ORGANISATION_CASES:
        return True
    return bool(_named_roles(user, case))


@rules.predicate
def can_change_case(user: Any, case: Any) -> bool:
    if not can_view_case(user, case):
        return False
    if roles_in(user, case.organisation_id) & R.CHANGES_ORGANISATION_CASES:
        return True
    return bool(_named_roles(user, case) & R.CASE_ROLES_THAT_CHANGE)


@rules.predicate
def can_read_case_history(user: Any, case: Any) -> bool:
    if not can_view_case(user, case):
        return False
    named = _named_roles(user, case)
    return (
        bool(roles_in(user, case.organisation_id) & R.READS_CASE_HISTORY)
        or R.CaseRole.CASE_MANAGER in named
        or R.CaseRole.BOARD_MEMBER in named
    )


@rules.predicate
def can_open_case(user: Any, organisation: Any) -> bool:
    return bool(roles_in(user, organisation) & R.OPENS_CASES)


@rules.predicate
def can_adapt_framework(user: Any, organisation: Any) -> bool:
    return bool(roles_in(user, organisation) & R.ADAPTS_FRAMEWORK)


@rules.predicate
def can_manage_conflicts(user: Any, case: Any) -> bool:
    """Case managers (and the responsible officer) keep conflicted people away from a case."""
    if not can_view_case(user, case):
        return False
    return bool(roles_in(user, case.organisation_id) & {R.Role.CASE_MANAGER, R.Role.RESPONSIBLE_OFFICER}) or (
        R.CaseRole.CASE_MANAGER in _named_roles(user, case)
    )


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.change_case", can_change_case)
rules.add_perm("cases.read_history", can_read_case_history)
rules.add_perm("cases.open_case", can_open_case)
rules.add_perm("cases.manage_conflicts", can_manage_conflicts)
rules.add_perm("framework.adapt", can_adapt_framework)
