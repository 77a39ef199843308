"""A record file made by the task worker (ADR 39): asking for the record as a PDF makes one of these at once; the
task worker lays the PDF out, keeps it in the documents storage and marks it ready. Each request has its own row
(its progress page and its audit); the file itself is shared by requests for the same record.

`record_hash` is the record's integrity hash (faircase.records.presenters): the SHA-256 of everything the record
says. Two requests whose records have the same hash would get the same PDF, so the second reuses the first's file
(`reuses`) instead of laying it out again: the cache can never hand out a stale record, because any change to
what the record says changes its hash.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel


class RecordFile(NamedByKeyModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        MAKING = "making", _("Being made")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be made")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=10)
    # The record's languages in the order they appear: "en", "cy" or "cy,en" (bilingual, ADR 43).
    languages = models.CharField(max_length=10, default="en")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When the file is deleted (ADR 39)")
    # A plain key, not a foreign key: the retention sweep walks foreign keys from the case, and both rows are the
    # case's anyway.
    reuses = models.UUIDField(
        null=True,
        blank=True,
        help_text="The earlier request whose file this one reuses (the same record, the same integrity hash)",
    )
    record_hash = models.CharField(max_length=64, blank=True, help_text="The record's integrity hash")
    storage_name = models.CharField(max_length=200, blank=True, help_text="Where the file is in the storage")
    sha256 = models.CharField(max_length=64, blank=True, help_text="SHA-256 of the file's bytes")
    size = models.PositiveBigIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    filename = models.CharField(max_length=200, blank=True)
    failure = models.CharField(
        max_length=300, blank=True, help_text="Why it could not be made, for the person"
    )

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "id"]
        indexes = [
            models.Index(fields=["case", "format", "languages", "record_hash"], name="record_file_cache"),
            models.Index(fields=["expires_at"], name="record_file_expiry"),
        ]

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.READY, self.Status.FAILED)
