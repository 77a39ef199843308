"""Which policy a case is handled under."""

from django.db import models


class Policy(models.TextChoices):
    MHPS_ENGLAND = "mhps_england", "Maintaining High Professional Standards (England)"
    MHPS_HPSS = "mhps_hpss", "Maintaining High Professional Standards in the HPSS (Northern Ireland)"
    UPSW = "upsw", "Upholding Professional Standards in Wales"
    PERFORMERS_LISTS = "performers_lists", "Performers Lists (England)"
    PERFORMERS_LISTS_WALES = "performers_lists_wales", "Performers lists (Wales)"
    FAMILY_PRACTITIONERS_NI = (
        "family_practitioners_ni",
        "Family practitioner and performers lists (Northern Ireland)",
    )
    LOCAL = "local", "Local policy"
