"""Permissions for django-rules. Case permissions ask the access kernel (faircase.access), whose SQL is the one
rule for who may see and do what with a case; organisation-wide permissions read the role tables in
faircase.accounts.roles."""

from typing import Any

import rules

from faircase.accounts import roles as R
from faircase.accounts.selectors import roles_in


def _case_capability(capability: str) -> Any:
    def predicate(user: Any, case: Any) -> bool:
        from faircase.access.guard import has_capability
        from faircase.access.policy import Capability

        return has_capability(user, case, Capability(capability))

    predicate.__name__ = f"can_{capability}_case"
    return rules.predicate(predicate)


can_view_case = _case_capability("view")
can_change_case = _case_capability("change")
can_read_case_history = _case_capability("read_history")
can_manage_conflicts = _case_capability("manage_conflicts")


@rules.predicate
def can_open_case(user: Any, organisation: Any) -> bool:
    return bool(roles_in(user, organisation) & R.OPENS_CASES)


@rules.predicate
def can_adapt_framework(user: Any, organisation: Any) -> bool:
    return bool(roles_in(user, organisation) & R.ADAPTS_FRAMEWORK)


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.change_case", can_change_case)
rules.add_perm("cases.read_history", can_read_case_history)
rules.add_perm("cases.open_case", can_open_case)
rules.add_perm("cases.manage_conflicts", can_manage_conflicts)
rules.add_perm("framework.adapt", can_adapt_framework)
