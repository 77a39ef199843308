"""Key dates, restrictions and their reviews, Advice contacts, regulator referrals, reminders."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel
from faircase.policy.events import KEY_DATE_EVENTS
from faircase.policy.kinds import RestrictionKind


class KeyDate(NamedByKeyModel):
    """A dated event on a case that starts or meets a policy clock (a hearing date, a report received...)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="key_dates")
    event = models.CharField(max_length=40, choices=KEY_DATE_EVENTS)
    on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["on", "id"]
        indexes = [models.Index(fields=["case", "event"])]


class Restriction(NamedByKeyModel):
    """An exclusion, restriction, undertaking or suspension episode on a case."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="restrictions")
    kind = models.CharField(max_length=30, choices=RestrictionKind.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    terms = models.TextField(help_text="What is restricted: conditions, supervision, duties withdrawn")
    reasons = models.TextField(help_text="Why this is needed, and why nothing less restrictive would do")
    criminal_investigation = models.BooleanField(
        default=False,
        help_text="Exclusion may run beyond six months, still reviewed at least every six months",
    )
    advice_contact = models.ForeignKey(
        "AdviceContact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restrictions",
        help_text="Practitioner Performance Advice consulted before a formal exclusion",
    )
    advice_not_consulted_reason = models.TextField(blank=True)
    oral_hearing_notice_on = models.DateField(null=True, blank=True, help_text="Performers List suspension")
    oral_hearing_on = models.DateField(null=True, blank=True, help_text="Performers List suspension")
    end_reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["started_on", "recorded_at"]
        indexes = [models.Index(fields=["case", "ended_on"]), models.Index(fields=["kind", "started_on"])]

    @property
    def is_live(self) -> bool:
        return self.ended_on is None


class RestrictionPeriod(NamedByKeyModel):
    """One period of an exclusion or suspension; its justification is reviewed before the next period."""

    restriction = models.ForeignKey(Restriction, on_delete=models.PROTECT, related_name="periods")
    number = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day of the period: the review is due by then")
    reviewed_on = models.DateField(null=True, blank=True)
    review = models.ForeignKey(
        "framework.Review",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="restriction_periods",
        help_text="The framework review taken at this restriction review point",
    )
    review_outcome = models.TextField(blank=True)
    extension_order = models.TextField(
        blank=True,
        help_text="The order that allowed a period beyond the usual (for example of the First-tier Tribunal)",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    case_path = "restriction__case"
    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["restriction_id", "number"]
        constraints = [models.UniqueConstraint(fields=["restriction", "number"], name="one_period_number")]


class ExclusionDecision(NamedByKeyModel):
    """A decision NOT to exclude (or suspend), recorded with its reasons, as MHPS expects."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="exclusion_decisions")
    decided_on = models.DateField()
    considered = models.CharField(max_length=30, choices=RestrictionKind.choices)
    alternative = models.TextField(blank=True, help_text="What was done instead, if anything")
    reasons = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class AdviceContact(NamedByKeyModel):
    """A contact with Practitioner Performance Advice (NHS Resolution) or the equivalent body."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="advice_contacts")
    contacted_on = models.DateField()
    adviser = models.CharField(max_length=200)
    question = models.TextField("what was asked")
    advice = models.TextField("advice given")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["contacted_on", "id"]


class AdviceAction(NamedByKeyModel):
    """A follow-up that advice opened: what will be done, who, by when, and what came of it."""

    advice = models.ForeignKey(AdviceContact, on_delete=models.PROTECT, related_name="actions")
    action = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    outcome = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    case_path = "advice__case"
    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]


class RegulatorReferral(NamedByKeyModel):
    """A referral to the GMC, GDC or GPhC, recorded only once the three fairness questions are answered."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="regulator_referrals")
    regulator = models.CharField(max_length=10)
    referred_on = models.DateField()
    reasons = models.TextField()
    systemic_factors = models.TextField(
        help_text="Systemic or environmental factors considered, and what was found"
    )
    induction = models.TextField(
        help_text="Induction and support for a practitioner new to the UK or the NHS"
    )
    impartial_check = models.TextField(help_text="Who checked the decision impartially, and their view")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class Reminder(NamedByKeyModel):
    """One reminder about one deadline to one person. Unique, so it is sent once; failures are kept and retried."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before the deadline"
        OVERDUE = "overdue", "The deadline has passed"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to send"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will retry"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reminders")
    deadline_key = models.CharField(max_length=200, help_text="Stable key of the computed deadline")
    title = models.CharField(max_length=300, blank=True, help_text="What is due, as the deadline named it")
    due_on = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    lead_days = models.PositiveIntegerField(default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reminders"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["deadline_key", "due_on", "kind", "lead_days", "recipient"], name="reminder_sent_once"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]


class CalendarFeed(NamedByKeyModel):
    """A personal, revocable iCalendar feed of a user's deadlines. Only a hash of the token is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)


class PackChange(NamedByKeyModel):
    """A case moved from one policy pack version to another: by whom, when and why."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="pack_changes")
    from_version = models.ForeignKey(
        "policy.PolicyPackVersion", on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_version = models.ForeignKey("policy.PolicyPackVersion", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()
