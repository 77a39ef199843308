"""Who may handle equality data and read the statistics made from it. Roles are in faircase.accounts.roles."""

from typing import Any

import rules

from faircase.accounts import roles as R
from faircase.accounts.selectors import roles_in


@rules.predicate
def can_handle_equality_data(user: Any, organisation: Any) -> bool:
    """See and change practitioners' equality data, import baselines and historic cases, and read the
    statistics with counts of 1 to 4 shown."""
    return bool(roles_in(user, organisation) & R.HANDLES_EQUALITY_DATA)


@rules.predicate
def can_read_published_statistics(user: Any, organisation: Any) -> bool:
    """Read the statistics with small numbers suppressed (the board report)."""
    return bool(roles_in(user, organisation) & R.READS_PUBLISHED_EQUALITY_STATISTICS)


rules.add_perm("equality.handle_data", can_handle_equality_data)
rules.add_perm("equality.read_published", can_read_published_statistics)
