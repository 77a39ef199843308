"""The audit trail: append-only, hash-chained events written in the same transaction as each change."""

from django.conf import settings
from django.db import models


class NamedByKeyModel(models.Model):
    """A row named, in logs, error reports and the admin, only by its kind and key ("welfare contact 12"): most
    rows hold case content or personal data, which must not reach those places by accident."""

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    """Audit events in bulk: read and append, never change or remove. On PostgreSQL a trigger refuses the
    same in the database itself (migration 0002), for whatever does not come through the ORM."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only: they cannot be deleted.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("Audit events are append-only: they cannot be updated.")


class AuditEvent(models.Model):
    # The event's number, unique across the installation: what the case history shows ("#N") and people quote.
    # Increasing along each chain; numbers that a rolled-back transaction took are not reused (ADR 35).
    sequence = models.PositiveBigIntegerField(unique=True)
    # Which hash chain the event is in (ADR 35): its organisation's, the installation's, or "all" for the events
    # written before chains were split; and its place in that chain (empty for "all", whose place is `sequence`).
    chain = models.CharField(max_length=40)
    position = models.PositiveBigIntegerField(null=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    actor_label = models.CharField(max_length=200, help_text="Who acted, as named at the time")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, related_name="audit_events"
    )
    # The trail outlives the case: when a case is deleted under the retention schedule its events keep its key,
    # with no database constraint, and the chain still verifies (faircase.retention, ADR 31).
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="audit_events",
    )
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    summary = models.JSONField(default=dict, help_text="What changed: before and after")
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["sequence"]
        indexes = [
            models.Index(fields=["case", "sequence"]),
            # A chain's newest event, and a chain walked in order, without reading the others.
            models.Index(fields=["chain", "sequence"], name="core_audit_chain_sequence"),
        ]
        constraints = [
            # Two writers can never fork a chain: the second to take a place is refused.
            models.UniqueConstraint(fields=["chain", "position"], name="core_audit_one_event_per_place"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit events are append-only and cannot be changed.")
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only and cannot be deleted.")


class AuditCheckpoint(models.Model):
    """A signed checkpoint that was published (`faircase audit checkpoint --publish`): the copy that counts is
    the file outside the database; this row says when and where, for the operator."""

    made_at = models.DateTimeField(db_index=True)
    chains = models.JSONField(help_text="Each chain's name, head hash and count of events")
    signed_by = models.CharField(max_length=40, help_text="The signing key's fingerprint")
    signature = models.CharField(max_length=100)
    published_to = models.CharField(max_length=500, help_text="The file it was written to")

    class Meta:
        ordering = ["-made_at"]

    def __str__(self) -> str:
        return f"audit checkpoint {self.pk}"
