from django.conf import settings
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core import languages
from faircase.core.models import NamedByKeyModel
from faircase.framework.principles import Answer, Principle, ReviewPoint


class FrameworkVersion(models.Model):
    """One version of the considerations. The national version has no organisation; an organisation's
    adaptation is a new version based on the one before it. Versions are never edited once created."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="framework_versions",
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    based_on = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    change_note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by_label = models.CharField(max_length=200)
    # A draft can be edited by the organisation's administrators; once published it is fixed and in use.
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"], name="framework_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(organisation__isnull=True),
                name="national_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def is_national(self) -> bool:
        return self.organisation_id is None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Consideration(models.Model):
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="considerations")
    code = models.CharField(max_length=20, help_text="Stable across versions, for example WS1")
    principle = models.CharField(max_length=20, choices=Principle.choices)
    position = models.PositiveIntegerField()
    text = models.TextField()
    # The Welsh beside the English (ADR 41): blank where the organisation has not written it, and then the
    # English is shown to Welsh readers too.
    text_cy = models.TextField(blank=True, help_text="The consideration in Welsh")
    guidance = models.TextField(blank=True, help_text="Local guidance shown beside the consideration")
    guidance_cy = models.TextField(blank=True, help_text="The local guidance in Welsh")
    # Review points at which this consideration is asked; empty means at every review point.
    review_points = models.JSONField(default=list, blank=True)
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["version_id", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="consideration_code_unique_in_version")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def shown_text(self) -> str:
        """The consideration in the language in use, falling back to the English."""
        return languages.localised(self, "text")

    @property
    def shown_guidance(self) -> str:
        return languages.localised(self, "guidance")

    def applies_at(self, review_point: str) -> bool:
        return not self.retired and (not self.review_points or review_point in self.review_points)


class Review(models.Model):
    """The framework, taken at one review point of one case. Locked once completed."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reviews")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="reviews")
    review_point = models.CharField(max_length=30, choices=ReviewPoint.choices)
    stage = models.CharField(max_length=60, help_text="The case's stage when the review was started")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        help_text="A completed review this one corrects; the original stays in the record",
    )
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["case_id", "started_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_review_point_display()} review"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.COMPLETED


class ReviewAnswer(NamedByKeyModel):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="answers")
    consideration = models.ForeignKey(Consideration, on_delete=models.PROTECT, related_name="answers")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    note = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)
    # The follow-up this answer belongs to: the one it opened, the open one it was added to (a later "no" or
    # "unknown"), or the open one a later "yes" closed or left open. Its answers in order are its history.
    follow_up = models.ForeignKey(
        "FollowUp", on_delete=models.PROTECT, null=True, blank=True, related_name="history"
    )
    # What a "no" or "unknown" said would be done, by whom and by when, as given with this answer: the follow-up
    # holds the latest plan, its answers the plan at each review.
    planned_action = models.TextField(blank=True)
    planned_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    planned_due_on = models.DateField(null=True, blank=True)
    # The answer the reviewer started from (the latest completed answer to the same consideration code when the
    # review was taken), so the record can say which answers were confirmed and which changed.
    carried_from = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    case_path = "review__case"
    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "consideration"], name="one_answer_per_consideration")
        ]


class FollowUp(NamedByKeyModel):
    """The further inquiry a "no" or "unknown" leads to. One stays open per consideration (by its code, stable
    across framework versions) and case: later answers join it rather than open another."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        CARRIED = "carried", "Carried beyond the case"

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="follow_ups")
    code = models.CharField(max_length=20, default="", help_text="The consideration's code, for example UI3")
    answer = models.OneToOneField(
        ReviewAnswer,
        on_delete=models.PROTECT,
        related_name="opened_follow_up",
        help_text="The answer that opened it",
    )
    action = models.TextField(help_text="What will be done")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="follow_ups")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # What was found or done (closed), or why and to whom it was handed on (carried).
    outcome = models.TextField(blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by_answer = models.ForeignKey(
        ReviewAnswer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text='A later "yes" whose reviewer closed it, giving the reason as its outcome',
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["case", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "code"],
                condition=models.Q(status="open"),
                name="one_open_follow_up_per_consideration",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
