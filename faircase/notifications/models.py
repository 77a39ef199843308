"""An item of new work for one person, shown on "Your work" and sent by email (one each, or in a daily digest)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet


class Notification(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", "The practitioner sent something"
        ASSIGNED = "assigned", "Work given to you"
        DUE = "due", "Due soon"
        OVERDUE = "overdue", "Overdue"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # What happened, naming the case and the work, never the practitioner or the concern: it goes by email.
    title = models.CharField(max_length=300)
    path = models.CharField(max_length=500, help_text="Where the item is, within faircase")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    # The deadline reminder this item is, when it is one (its own email is then the reminder's, or the digest).
    reminder = models.OneToOneField(
        "process.Reminder", on_delete=models.CASCADE, null=True, blank=True, related_name="notification"
    )

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["emailed_at", "user"])]

    def __str__(self) -> str:
        return self.title
