"""Which policy a case is handled under."""

from django.db import models


class Policy(models.TextChoices):
    MHPS_ENGLAND = "mhps_england", "Maintaining High Professional Standards (England)"
    MHPS_HPSS = "mhps_hpss", "Maintaining High Professional Standards in the HPSS (Northern Ireland)"
    UPSW = "upsw", "Upholding Professional Standards in Wales"
    PERFORMERS_LISTS = "performers_lists", "Performers Lists (England)"
    LOCAL = "local", "Local policy"
