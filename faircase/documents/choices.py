"""The kinds of document a case holds and how each may be disclosed."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    STATEMENT = "statement", _("Statement")
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    REPORT = "report", _("Report")
    MINUTES = "minutes", _("Minutes or meeting notes")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    OCCUPATIONAL_HEALTH = "occupational_health", _("Occupational health letter")
    OTHER = "other", _("Other evidence")


class Marking(models.TextChoices):
    """Whether a document may be disclosed (to the practitioner, a panel, a tribunal)."""

    DISCLOSABLE = "disclosable", _("Disclosable")
    WITHHELD = "withheld", _("Withheld")
    REDACTED = "redacted", _("Redacted copy added")
