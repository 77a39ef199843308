"""The kinds of restriction of practice, exclusion and suspension that policy packs name in their rules."""

from django.db import models


class RestrictionKind(models.TextChoices):
    IMMEDIATE_EXCLUSION = "immediate_exclusion", "Immediate exclusion"
    FORMAL_EXCLUSION = "formal_exclusion", "Formal exclusion"
    RESTRICTION = "restriction", "Restriction on practice"
    VOLUNTARY_UNDERTAKING = "voluntary_undertaking", "Voluntary undertaking"
    PL_SUSPENSION = "pl_suspension", "Performers List suspension"
    PL_CONDITIONS = "pl_conditions", "Performers List conditions"


# Kinds counted in the monthly exclusions return (exclusion or suspension episodes).
EXCLUSION_KINDS = frozenset(
    {RestrictionKind.IMMEDIATE_EXCLUSION, RestrictionKind.FORMAL_EXCLUSION, RestrictionKind.PL_SUSPENSION}
)
