"""An organisation's changes to the language check: its own terms, and national terms it has switched off.

The national list itself is shipped data (faircase/data/lexicon/language.yaml), not rows. The consistency
lens stores nothing: it reads cases.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class LexiconTerm(models.Model):
    """A word or phrase an organisation adds to the language check, with why and what to write instead."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="lexicon_terms"
    )
    term = models.CharField(max_length=100)
    variants = models.JSONField(default=list, blank=True, help_text="Other wordings, plain words only")
    why = models.TextField("why it is a problem")
    suggestion = models.TextField("what to write instead")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["organisation_id", "term"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "term"], name="lexicon_term_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.term


class LexiconSwitchOff(models.Model):
    """A national term an organisation has switched off, with the reason."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="lexicon_switch_offs"
    )
    key = models.CharField(max_length=60, help_text="The key of the national term")
    reason = models.TextField()
    switched_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    switched_off_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lexicon_switch_off_once")
        ]

    def __str__(self) -> str:
        return self.key
