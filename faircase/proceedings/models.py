"""The proceedings of a case: the investigation (who investigates, to what terms of reference, the interviews and
meetings held, and the report with its receipt by the case manager), then the case manager's decision on the report,
the hearing it may lead to and the appeal against the hearing's outcome.

Every model belongs to a case and is read through its scoped manager (`of_case`), never `objects.filter(case=..)`.
The dates that start and meet the pack's clocks (the appointment, the report's receipt) are also recorded as
key dates (faircase.process.models.KeyDate), so the one clock reads them like any other.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
        blank=True, help_text=_("What the investigation is to establish, and what it is not")
    )
    allegations = models.ManyToManyField("cases.Concern", blank=True, related_name="+")
    interviewees = models.TextField(blank=True, help_text=_("Who is to be interviewed, one a line"))
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
        help_text=_("The practitioner's comments on the report's factual accuracy"),
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
    of_practitioner = models.BooleanField(default=False, help_text=_("The interviewee is the practitioner"))
    attended = models.TextField(help_text=_("Who attended, one a line"))
    companion = models.CharField(max_length=200, blank=True, help_text=_("The practitioner's companion"))
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


class ReportDecision(NamedByKeyModel):
    """The case manager's decision on the investigation report: one a case, taken with a completed framework
    review at the determination review point. The option's words are kept as they were when it was taken."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="report_decision")
    investigation = models.OneToOneField(Investigation, on_delete=models.PROTECT, related_name="decision")
    option = models.CharField(max_length=60, help_text=_("The key of the option in decision_options.yaml"))
    option_label = models.CharField(max_length=300)
    hearing_kind = models.CharField(max_length=20, blank=True)
    decided_on = models.DateField()
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField()
    review = models.OneToOneField(
        "framework.Review", on_delete=models.PROTECT, related_name="report_decision"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class Hearing(NamedByKeyModel):
    """The hearing a decision leads to: its date, panel, the notice the practitioner was given, their companion,
    and (once held) its outcome."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="hearing")
    decision = models.OneToOneField(ReportDecision, on_delete=models.PROTECT, related_name="hearing")
    kind = models.CharField(max_length=20)
    held_on = models.DateField()
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    notice_given_on = models.DateField()
    companion = models.CharField(max_length=200, blank=True, help_text=_("The practitioner's companion"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    outcome = models.TextField(blank=True)
    outcome_reasons = models.TextField(blank=True)
    outcome_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("The date the outcome was confirmed to the practitioner in writing"),
    )
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseOwnedQuerySet.as_manager()


class Appeal(NamedByKeyModel):
    """The practitioner's appeal against the hearing's outcome, who hears it (a panel of the organisation, or the
    body the policy names) and its outcome."""

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        NOT_UPHELD = "not_upheld", _("Not upheld")
        PARTLY_UPHELD = "partly_upheld", _("Partly upheld")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="appeal")
    hearing = models.OneToOneField(Hearing, on_delete=models.PROTECT, related_name="appeal")
    received_on = models.DateField()
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    # Set when the policy sends appeals outside the organisation (the First-tier Tribunal under the Performers
    # Lists): the appeal then has no panel of the organisation's people (faircase.proceedings.options).
    heard_by = models.CharField(max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    decided_on = models.DateField(null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseOwnedQuerySet.as_manager()
