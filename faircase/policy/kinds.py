"""The kinds of restriction of practice, exclusion and suspension that policy packs name in their rules."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RestrictionKind(models.TextChoices):
    IMMEDIATE_EXCLUSION = "immediate_exclusion", _("Immediate exclusion")
    FORMAL_EXCLUSION = "formal_exclusion", _("Formal exclusion")
    RESTRICTION = "restriction", _("Restriction on practice")
    VOLUNTARY_UNDERTAKING = "voluntary_undertaking", _("Voluntary undertaking")
    PL_SUSPENSION = "pl_suspension", _("Performers List suspension")
    PL_CONDITIONS = "pl_conditions", _("Performers List conditions")


# Kinds counted in the monthly exclusions return (exclusion or suspension episodes).
EXCLUSION_KINDS = frozenset(
    {RestrictionKind.IMMEDIATE_EXCLUSION, RestrictionKind.FORMAL_EXCLUSION, RestrictionKind.PL_SUSPENSION}
)
