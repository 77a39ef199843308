"""A legal hold: while one is in place on a case, the case is never due for deletion, whatever the schedule says."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel


class HoldReason(models.TextChoices):
    LITIGATION = "litigation", "Litigation, or a claim expected"
    TRIBUNAL = "tribunal", "Employment tribunal"
    REGULATOR = "regulator", "Regulator's investigation (GMC, GDC or GPhC)"
    SUBJECT_ACCESS = "subject_access", "Subject access request in progress"
    PUBLIC_INQUIRY = "public_inquiry", "Public inquiry"


class LegalHold(NamedByKeyModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="legal_holds")
    reason = models.CharField(max_length=20, choices=HoldReason.choices)
    note = models.TextField(help_text="What the hold is for: the claim, inquiry or request, and who asked")
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_note = models.TextField(blank=True)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=models.Q(lifted_at__isnull=True), name="one_hold_in_place_per_case"
            )
        ]

    @property
    def in_place(self) -> bool:
        return self.lifted_at is None
