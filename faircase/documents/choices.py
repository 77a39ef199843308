"""The kinds of document a case holds and how each may be disclosed."""

from django.db import models


class Kind(models.TextChoices):
    STATEMENT = "statement", "Statement"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    REPORT = "report", "Report"
    MINUTES = "minutes", "Minutes or meeting notes"
    CORRESPONDENCE = "correspondence", "Correspondence"
    OCCUPATIONAL_HEALTH = "occupational_health", "Occupational health letter"
    OTHER = "other", "Other evidence"


class Marking(models.TextChoices):
    """Whether a document may be disclosed (to the practitioner, a panel, a tribunal)."""

    DISCLOSABLE = "disclosable", "Disclosable"
    WITHHELD = "withheld", "Withheld"
    REDACTED = "redacted", "Redacted copy added"
