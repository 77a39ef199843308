"""The training space's own tables (ADR 25): learners' attempts at a study, their answers stage by stage, and the
facilitated sessions they join. Nothing here is a case or points to one, so no statistic, list or search of case
data can ever count it. The studies themselves are data files (faircase.training.studies), named here by key.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class TrainingSession(models.Model):
    """A facilitated session: a group works through one study together, joining with a code."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="training_sessions"
    )
    study_key = models.CharField(max_length=80)
    title = models.CharField(max_length=120, help_text="What the facilitator calls the session")
    facilitator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    join_code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Attempt(models.Model):
    """One person working through one study, alone (no session) or in a facilitated session."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="training_attempts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    study_key = models.CharField(max_length=80)
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, null=True, blank=True, related_name="attempts"
    )
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "study_key"],
                condition=models.Q(session__isnull=True),
                name="training_one_own_attempt_per_study",
            ),
            models.UniqueConstraint(fields=["session", "user"], name="training_join_a_session_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.study_key}"


class StageAnswer(models.Model):
    """A learner's answers at one stage: each consideration yes, no or unknown, and the decision they made."""

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        UNKNOWN = "unknown", "Unknown"

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    stage_key = models.CharField(max_length=80)
    considerations = models.JSONField(default=dict, help_text="Consideration code -> yes, no or unknown")
    decision = models.CharField(max_length=80, help_text="The key of the option chosen")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "stage_key"], name="training_answer_a_stage_once")
        ]

    def __str__(self) -> str:
        return f"{self.attempt} - {self.stage_key}"
