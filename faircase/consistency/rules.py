"""Who may change an organisation's language list. The role table is here, read by the predicate."""

from typing import Any

import rules

from faircase.accounts import roles as R
from faircase.accounts.selectors import roles_in

# Organisation roles that switch national terms off and add the organisation's own (object: the organisation).
EDITS_LANGUAGE_LIST = frozenset({R.Role.ORG_ADMIN})


@rules.predicate
def can_edit_lexicon(user: Any, organisation: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or organisation is None:
        return False
    return bool(roles_in(user, organisation) & EDITS_LANGUAGE_LIST)


rules.add_perm("consistency.edit_lexicon", can_edit_lexicon)
