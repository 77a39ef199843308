"""Documents and evidence on a case: each document keeps every version it was given, never overwritten.

A version's file lives in the "documents" storage (faircase.documents.storage) under a name faircase makes; the
name someone gave the file is kept only as a label for people, and never reaches a path.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel
from faircase.documents.choices import Kind, Marking


class Document(NamedByKeyModel):
    """One piece of evidence on a case (a statement, the terms of reference, a report...), in one or more
    versions, with how it may be disclosed."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    dated = models.DateField("date of the document")
    marking = models.CharField(max_length=20, choices=Marking.choices, default=Marking.DISCLOSABLE)
    withheld_reason = models.TextField(blank=True, help_text="Why it is withheld (when it is)")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_by_label = models.CharField(max_length=200, help_text="Who added it, as named at the time")
    added_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["dated", "added_at", "id"]
        indexes = [models.Index(fields=["case", "dated"])]


class DocumentVersion(NamedByKeyModel):
    """One file given for a document. A redacted copy is a version of its own, linked to the version it was made
    from."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    redaction_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="redacted_copies"
    )
    name = models.CharField(
        max_length=200, help_text="The file's name as it was given: a label, never a path"
    )
    file_type = models.CharField(
        max_length=10, help_text="What the content was found to be (faircase.documents.sniffing)"
    )
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=200, unique=True, help_text="Where the file is in the storage")
    note = models.TextField(blank=True, help_text="What changed, or what was redacted and why")
    virus_scanned_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    added_by_label = models.CharField(max_length=200)
    added_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()
    case_path = "document__case"

    class Meta:
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_number_per_document_version")
        ]

    @property
    def is_redacted_copy(self) -> bool:
        return self.redaction_of_id is not None


class MarkingChange(NamedByKeyModel):
    """Each marking a document has had, from the first, with who set it and why."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="marking_changes")
    from_marking = models.CharField(max_length=20, choices=Marking.choices, blank=True)
    to_marking = models.CharField(max_length=20, choices=Marking.choices)
    reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_by_label = models.CharField(max_length=200)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()
    case_path = "document__case"

    class Meta:
        ordering = ["changed_at", "id"]
