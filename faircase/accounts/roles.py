"""Roles and what each may do: rules in data, read by faircase.accounts.rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CASE_MANAGER = "case_manager", _("Case manager")
    CASE_INVESTIGATOR = "case_investigator", _("Case investigator")
    HR_ADVISER = "hr_adviser", _("HR / employee-relations adviser")
    BOARD_MEMBER = "board_member", _("Designated board member")
    RESPONSIBLE_OFFICER = "responsible_officer", _("Responsible officer / medical director")
    EQUALITY_ANALYST = "equality_analyst", _("Equality analyst")
    ORG_ADMIN = "org_admin", _("Organisation administrator")
    AUDITOR = "auditor", _("Auditor (read-only)")


# Who may see, change and oversee cases is in faircase.access.policy (GRANTS), beside the scopes that apply it.
# Roles that may open a case in their organisation.
OPENS_CASES = frozenset({Role.CASE_MANAGER, Role.HR_ADVISER})
# Roles that adapt the organisation's framework.
ADAPTS_FRAMEWORK = frozenset({Role.ORG_ADMIN})
# Roles that manage the organisation's people: add them, grant and revoke their roles, deactivate them.
MANAGES_PEOPLE = frozenset({Role.ORG_ADMIN})


class CaseRole(models.TextChoices):
    """The people named on a case."""

    CASE_MANAGER = "case_manager", _("Case manager")
    CASE_INVESTIGATOR = "case_investigator", _("Case investigator")
    HR_ADVISER = "hr_adviser", _("HR adviser")
    BOARD_MEMBER = "board_member", _("Designated board member")


# Named roles that may change the case they are named on (a board member oversees; they do not edit).
CASE_ROLES_THAT_CHANGE = frozenset({CaseRole.CASE_MANAGER, CaseRole.CASE_INVESTIGATOR, CaseRole.HR_ADVISER})

# Equality data (special category) and the statistics made from it.
# Who may see and change practitioners' equality data, import baselines and historic cases, and read the
# statistics with small numbers shown (inside the team that handles them).
HANDLES_EQUALITY_DATA = frozenset({Role.EQUALITY_ANALYST, Role.ORG_ADMIN})
# Who may read the published statistics: small numbers suppressed, nothing about any one person.
READS_PUBLISHED_EQUALITY_STATISTICS = HANDLES_EQUALITY_DATA | {Role.BOARD_MEMBER, Role.RESPONSIBLE_OFFICER}
# Who may never be a blind second-look reviewer (ADR 9): people who can read the practitioners' equality data
# could put a name and protected characteristics to the anonymised summary, however it is redacted.
NEVER_REVIEWS_BLIND = HANDLES_EQUALITY_DATA
