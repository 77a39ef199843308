"""The practitioner's own account and voice, their welfare, communications with them, the support directory and
experience surveys."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faircase.access.scopes import CaseOwnedQuerySet
from faircase.core.models import NamedByKeyModel


class PractitionerAccount(NamedByKeyModel):
    """Links a user to a practitioner record. A practitioner known to several organisations has one record in
    each, so one user may be linked to several records; each record has at most one account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="practitioner_links"
    )
    practitioner = models.OneToOneField(
        "cases.Practitioner", on_delete=models.PROTECT, related_name="account"
    )
    linked_at = models.DateTimeField(default=timezone.now)


class Invitation(NamedByKeyModel):
    """A single-use, expiring invitation to set up a practitioner account. Only a hash of the token is kept."""

    practitioner = models.ForeignKey(
        "cases.Practitioner", on_delete=models.PROTECT, related_name="invitations"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class SharedConcern(NamedByKeyModel):
    """A concern as shared with the practitioner: the words they are given, and when."""

    concern = models.OneToOneField("cases.Concern", on_delete=models.PROTECT, related_name="shared")
    text = models.TextField(help_text="What the practitioner is told, in plain English")
    shared_on = models.DateField()
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    case_path = "concern__case"
    objects = CaseOwnedQuerySet.as_manager()


class Submission(NamedByKeyModel):
    """Something the practitioner says: their account, comments on a report's factual accuracy, a request for
    reasonable adjustments, or the companion they name."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("My account of what happened")
        FACTUAL_ACCURACY = (
            "factual_accuracy",
            _("Comments on the factual accuracy of the investigation report"),
        )
        ADJUSTMENTS = "adjustments", _("A request for reasonable adjustments")
        COMPANION = "companion", _("The person who will accompany me")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="submissions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    text = models.TextField()
    companion_name = models.CharField(max_length=200, blank=True)
    companion_role = models.CharField(max_length=200, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    taken_into_account = models.TextField(
        blank=True, help_text="How it was taken into account; the practitioner sees this"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What was sent is never edited: a correction is a submission of its own that names the one it corrects.
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]


class WelfarePlan(NamedByKeyModel):
    """The named contact and the agreed frequency of contact for a case."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="welfare_plan")
    named_contact = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    contact_every_days = models.PositiveIntegerField(default=14)
    agreed_on = models.DateField()
    notes = models.TextField(blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class WelfareContact(NamedByKeyModel):
    class Method(models.TextChoices):
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")
        IN_PERSON = "in_person", _("In person")
        EMAIL = "email", _("Email")
        LETTER = "letter", _("Letter")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="welfare_contacts")
    contacted_on = models.DateField()
    contact_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(max_length=20, choices=Method.choices)
    raised = models.TextField("what was raised", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-id"]


class OccupationalHealthReferral(NamedByKeyModel):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="oh_referrals")
    referred_on = models.DateField()
    reason = models.TextField()
    outcome = models.TextField(blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class DistressEvent(NamedByKeyModel):
    """Serious distress, and the action taken at once."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="distress_events")
    occurred_on = models.DateField()
    what_happened = models.TextField()
    action_taken = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()


class LetterTemplate(NamedByKeyModel):
    class Kind(models.TextChoices):
        CONCERN_NOTIFICATION = "concern_notification", _("Notification of a concern")
        MEETING_INVITATION = (
            "meeting_invitation",
            _("Invitation to a meeting, with the right to be accompanied"),
        )
        OUTCOME = "outcome", _("Outcome")
        IMMEDIATE_EXCLUSION = "immediate_exclusion", _("Immediate exclusion")
        FORMAL_EXCLUSION = "formal_exclusion", _("Formal exclusion")
        EXCLUSION_REVIEW = "exclusion_review", _("Review of an exclusion")
        TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference of the investigation")
        INTERVIEW_INVITATION = "interview_invitation", _("Invitation to an investigation interview")
        HEARING_INVITATION = "hearing_invitation", _("Invitation to a hearing")
        REPORT_FOR_COMMENT = "report_for_comment", _("The investigation report, for comment on its accuracy")
        DECISION = "decision", _("The case manager's decision on the report")
        APPEAL_ACKNOWLEDGEMENT = "appeal_acknowledgement", _("Acknowledgement of an appeal")
        APPEAL_OUTCOME = "appeal_outcome", _("Outcome of an appeal")

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letter_templates",
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The letter, with {placeholders} filled from the case")
    updated_by_label = models.CharField(max_length=200)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "kind"], name="one_template_per_kind")]


class Letter(NamedByKeyModel):
    """A letter as sent, kept with the case as a PDF, with how it reached the practitioner."""

    class Delivery(models.TextChoices):
        # Letters kept before faircase emailed them: the PDF was made and someone sent it by hand.
        RECORDED = "recorded", _("Recorded (sent outside faircase)")
        EMAILING = "emailing", _("Being emailed")
        EMAILED = "emailed", _("Emailed")
        EMAIL_FAILED = "email_failed", _("Email failed: send it again or post it")
        TO_POST = "to_post", _("To be posted: no email address")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=30, choices=LetterTemplate.Kind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    pdf = models.BinaryField()
    sha256 = models.CharField(max_length=64)
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    delivery = models.CharField(max_length=20, choices=Delivery.choices, default=Delivery.RECORDED)
    emailed_to = models.JSONField(default=list, blank=True, help_text="The addresses the letter was sent to")
    delivery_problem = models.TextField(blank=True)
    # The words the language check found that the sender read and chose to keep (terms as shown).
    language_acknowledged = models.JSONField(default=list, blank=True)
    # The Welsh text when the letter went out in Welsh or in both languages (ADR 42), and the languages of the
    # PDF as produced, in their order on the page: "en", "cy", or "cy en" (bilingual, Welsh first).
    subject_cy = models.CharField(max_length=300, blank=True)
    body_cy = models.TextField(blank=True)
    languages = models.CharField(max_length=10, default="en")

    objects = CaseOwnedQuerySet.as_manager()


class LetterDraft(NamedByKeyModel):
    """A letter being written: drafted from a template and the case, edited, then sent (which makes a Letter).
    Only the concerns the author chose are in it; nothing internal is put in on its own."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="letter_drafts")
    kind = models.CharField(max_length=30, choices=LetterTemplate.Kind.choices)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    included_concerns = models.JSONField(
        default=list, blank=True, help_text="Shared concerns the author chose"
    )
    # The Welsh beside the English, prefilled from the library's Welsh (ADR 42), and the languages the letter
    # will be produced in ("en", "cy" or "cy en"): fixed when the draft is written.
    subject_cy = models.CharField(max_length=300, blank=True)
    body_cy = models.TextField(blank=True)
    languages = models.CharField(max_length=10, default="en")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    letter = models.OneToOneField(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )
    # A draft the author threw away stays (its text is in the audit trail too) but is no longer offered.
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]


class Communication(NamedByKeyModel):
    """Every communication with the practitioner, whatever the channel."""

    class Channel(models.TextChoices):
        LETTER = "letter", _("Letter")
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        MEETING = "meeting", _("Meeting")
        PORTAL = "portal", _("faircase (the practitioner's own view)")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="communications")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    to_practitioner = models.BooleanField(default=True, help_text="False when it came from the practitioner")
    summary = models.TextField()
    occurred_at = models.DateTimeField(default=timezone.now)
    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]


class SupportEntry(NamedByKeyModel):
    """One source of support, for some professions and nations, with the date its details were last checked."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_entries",
    )
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=200)
    description = models.TextField()
    contact = models.CharField(max_length=300, blank=True)
    # The Welsh a practitioner reads when Welsh is in use; empty falls back to the English (languages.localised).
    name_cy = models.CharField(max_length=200, blank=True)
    description_cy = models.TextField(blank=True)
    contact_cy = models.CharField(max_length=300, blank=True)
    website = models.URLField(blank=True)
    professions = models.JSONField(default=list, blank=True, help_text="Empty means every profession")
    nations = models.JSONField(default=list, blank=True, help_text="Empty means every nation")
    last_checked_on = models.DateField()
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="support_entry_key_unique")
        ]


class SurveyInvitation(NamedByKeyModel):
    """An invitation to the anonymous experience survey. Responses are not linked back to it."""

    class Point(models.TextChoices):
        FIRST_MEETING = "first_meeting", _("After the first meeting")
        CLOSURE = "closure", _("At closure")

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="survey_invitations")
    point = models.CharField(max_length=20, choices=Point.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "point"], name="one_survey_per_point")]


class ExperienceResponse(NamedByKeyModel):
    """An anonymous answer: organisation, point and month only, never the case or the person."""

    # A random key: an increasing number would put answers in the order the invitations were used.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    point = models.CharField(max_length=20, choices=SurveyInvitation.Point.choices)
    month = models.DateField(help_text="The first day of the month it was given")
    communication = models.PositiveSmallIntegerField()
    support_awareness = models.PositiveSmallIntegerField()
    process_understanding = models.PositiveSmallIntegerField()
    fairness = models.PositiveSmallIntegerField()
    comments = models.TextField(blank=True)


class ConfidenceResponse(NamedByKeyModel):
    """A case manager's confidence in a decision, at a decision point; aggregated, never shown alone."""

    # A random key, for the same reason as ExperienceResponse's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    review_point = models.CharField(max_length=30)
    month = models.DateField()
    confidence = models.PositiveSmallIntegerField()
    comments = models.TextField(blank=True)
