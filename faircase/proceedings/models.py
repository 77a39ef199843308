"""The investigation of a case: who investigates, to what terms of reference, the interviews and meetings held,
and the report with its receipt by the case manager.

Every model belongs to a case and is read through its scoped manager (`of_case`), never `objects.filter(case=..)`.
The dates that start and meet the pack's clocks (the appointment, the report's receipt) are also recorded as
key dates (faircase.process.models.KeyDate), so the one clock reads them like any other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel


class Investigation(NamedByKeyModel):
    """One case's investigation, from the case investigator's appointment."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="investigation")
    investigator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_on = models.DateField()
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointed_at = models.DateTimeField(default=timezone.now)
    # Terms of reference
    scope = models.TextField(
        blank=True, help_text="What the investigation is to establish, and what it is not"
    )
    allegations = models.ManyToManyField("cases.Concern", blank=True, related_name="+")
    interviewees = models.TextField(blank=True, help_text="Who is to be interviewed, one a line")
    terms_set_at = models.DateTimeField(null=True, blank=True)
    terms_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The report
    report = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    factual_accuracy = models.ForeignKey(
        "practitioners.Submission",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The practitioner's comments on the report's factual accuracy",
    )
    report_received_on = models.DateField(null=True, blank=True)
    report_received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseOwnedQuerySet.as_manager()

    def interviewee_list(self) -> list[str]:
        return [line.strip() for line in self.interviewees.splitlines() if line.strip()]


class Interview(NamedByKeyModel):
    """An interview or meeting of the investigation, with its minutes and the interviewee's comments on them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="interviews")
    investigation = models.ForeignKey(Investigation, on_delete=models.PROTECT, related_name="interviews")
    held_on = models.DateField()
    interviewee = models.CharField(max_length=200)
    of_practitioner = models.BooleanField(default=False, help_text="The interviewee is the practitioner")
    attended = models.TextField(help_text="Who attended, one a line")
    companion = models.CharField(max_length=200, blank=True, help_text="The practitioner's companion")
    minutes = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accuracy_comments = models.TextField(blank=True)
    comments_received_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "recorded_at", "id"]
