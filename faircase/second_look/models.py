"""A blind second look: an independent reviewer's view of a significant decision, from an anonymised summary."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import SecondLookQuerySet
from faircase.second_look.choices import Agreement, Decision, Status


class SecondLook(models.Model):
    """One request for a blind second look, from draft to the case manager's record of how it was taken into
    account. The summary is what the reviewer reads: editable while a draft, frozen once sent."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="second_looks")
    decision = models.CharField(max_length=30, choices=Decision.choices)
    proposed_route = models.CharField(
        max_length=40, help_text="The route the case manager proposes; never shown to the reviewer"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="second_looks_asked"
    )
    reviewer_can_open_case = models.BooleanField(
        default=False, help_text="When it was sent, the reviewer's role let them open every case: not blind"
    )
    summary = models.TextField(help_text="The anonymised summary the reviewer reads")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    notified = models.BooleanField(default=False, help_text="An email went to the reviewer when it was sent")
    # The reviewer's answer.
    route = models.CharField(max_length=40, blank=True)
    reasons = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The case manager's record of how it was taken into account, against the framework.
    agreement = models.CharField(max_length=20, choices=Agreement.choices, blank=True)
    route_after = models.CharField(
        max_length=40, blank=True, help_text="The route the case manager now proposes"
    )
    taken_into_account = models.TextField(blank=True)
    review = models.ForeignKey(
        "framework.Review",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_looks",
        help_text="The case's framework review when this was recorded",
    )
    considerations = models.JSONField(
        default=list, blank=True, help_text="Consideration codes it is evidence for"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

    objects = SecondLookQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["case", "created_at"]),
            models.Index(fields=["reviewer", "status"]),
            models.Index(fields=["review"]),
        ]

    def __str__(self) -> str:
        return f"Blind second look: {self.get_decision_display()}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT
