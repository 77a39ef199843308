"""A disclosure bundle: one PDF made for a subject access request or a tribunal, kept as it was made.

Asking for a bundle saves this row at once; the task worker makes the file (ADR 39). The file is never edited. Releasing a draft marks the same file (same SHA-256) as released; different redactions
make a new bundle. The terms redacted are personal data of third parties: they are kept here, with the bundle, and
never in the audit trail (whose summary holds only how many there were).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.bundles.choices import MADE, Kind, Status
from faircase.core.models import NamedByKeyModel


class Bundle(NamedByKeyModel):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    practitioner = models.ForeignKey("cases.Practitioner", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The case of a tribunal bundle (none for a subject access bundle: every case)",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    redacted_terms = models.JSONField(
        default=list, help_text="The names and phrases replaced by [redacted], as the preparer gave them"
    )
    # Empty until the task worker has made the file (ADR 39).
    storage_name = models.CharField(
        max_length=200, unique=True, null=True, blank=True, help_text="Where the PDF is in the storage"
    )
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    # The bundle's languages in the order they appear: "en", "cy" or "cy,en" (bilingual, as the record, ADR 43).
    languages = models.CharField(max_length=10, default="en")
    failure = models.CharField(
        max_length=300, blank=True, help_text="Why it could not be made, for the person"
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    prepared_by_label = models.CharField(max_length=200)
    prepared_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_by_label = models.CharField(max_length=200, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-prepared_at", "id"]
        indexes = [models.Index(fields=["organisation", "prepared_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=Kind.SUBJECT_ACCESS, case__isnull=True)
                | models.Q(kind=Kind.TRIBUNAL, case__isnull=False),
                name="bundle_case_matches_kind",
            )
        ]

    @property
    def is_released(self) -> bool:
        return self.status == Status.RELEASED

    @property
    def is_made(self) -> bool:
        return self.status in MADE
