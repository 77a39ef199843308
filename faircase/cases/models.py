import re
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from faircase.access.scopes import CaseOwnedQuerySet, CaseQuerySet
from faircase.accounts.roles import CaseRole
from faircase.cases.choices import (
    REGULATORS_FOR_PROFESSION,
    ConcernCategory,
    ConcernSource,
    ContractType,
    Outcome,
    Profession,
    QualificationRegion,
    Regulator,
    Setting,
    Severity,
    YesNoUnknown,
)
from faircase.core.formatting import with_article
from faircase.core.models import NamedByKeyModel
from faircase.policy.choices import Policy
from faircase.policy.workflow import DEFAULT_WORKFLOW, workflow_for

# Registration number formats. GMC and GPhC numbers are seven digits; GDC numbers are numeric.
REGISTRATION_FORMATS = {
    Regulator.GMC: (re.compile(r"^\d{7}$"), "A GMC number is 7 digits, like 1234567"),
    Regulator.GPHC: (re.compile(r"^\d{7}$"), "A GPhC registration number is 7 digits, like 2012345"),
    Regulator.GDC: (re.compile(r"^\d{1,7}$"), "A GDC number is numeric, like 81234"),
    Regulator.PSNI: (re.compile(r"^\d{1,7}$"), "A PSNI registration number is numeric"),
}


def validate_registration(regulator: str, number: str) -> None:
    rule = REGISTRATION_FORMATS.get(regulator)
    if rule and not rule[0].fullmatch(number or ""):
        raise ValidationError({"registration_number": rule[1]})


class Practitioner(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="practitioners"
    )
    full_name = models.CharField(max_length=200)
    profession = models.CharField(max_length=20, choices=Profession.choices)
    regulator = models.CharField(max_length=10, choices=Regulator.choices)
    registration_number = models.CharField(max_length=20)
    grade = models.CharField(max_length=100, blank=True)
    specialty = models.CharField(max_length=100, blank=True)
    setting = models.CharField(max_length=20, choices=Setting.choices)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    started_on = models.DateField("start date in the organisation", null=True, blank=True)
    induction = models.CharField(
        "induction for this role", max_length=10, choices=YesNoUnknown.choices, default=YesNoUnknown.UNKNOWN
    )
    induction_on = models.DateField("date of induction", null=True, blank=True)
    qualification_region = models.CharField(
        "place of primary qualification", max_length=20, choices=QualificationRegion.choices
    )
    qualification_country = models.CharField("country of primary qualification", max_length=100, blank=True)
    email = models.EmailField(blank=True)
    # The language the practitioner chose to deal with the organisation in (Welsh Language Standards): letters
    # and their record are produced in it. Blank: their account's choice, else the organisation's default
    # (faircase.core.languages.for_practitioner).
    language = models.CharField(
        "language for letters and the record",
        max_length=5,
        choices=[("en", "English"), ("cy", "Cymraeg")],
        blank=True,
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "regulator", "registration_number"],
                name="practitioner_registration_unique",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        if self.profession and self.regulator:
            allowed = REGULATORS_FOR_PROFESSION.get(self.profession, set())
            if self.regulator not in allowed:
                raise ValidationError(
                    {
                        "regulator": f"{with_article(self.get_profession_display().lower()).capitalize()} "
                        f"is not registered with the {self.get_regulator_display()}"
                    }
                )
        validate_registration(self.regulator, self.registration_number)
        if self.induction != YesNoUnknown.YES and self.induction_on:
            raise ValidationError({"induction_on": "Give an induction date only if the induction took place"})
        today = timezone.localdate()
        for field in ("started_on", "induction_on"):
            value = getattr(self, field)
            if value and value > today:
                raise ValidationError({field: "The date must be today or in the past"})


class Case(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=40)
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="cases")
    policy = models.CharField(max_length=30, choices=Policy.choices)
    workflow = models.CharField(max_length=40, default=DEFAULT_WORKFLOW)
    pack_version = models.ForeignKey(
        "policy.PolicyPackVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        help_text="The policy pack version the case is handled under; it stays unless moved with a reason",
    )
    stage = models.CharField(max_length=60)
    patient_safety_incident = models.BooleanField("arose from a patient safety incident", default=False)
    being_fair_completed = models.CharField(
        "Being fair tool completed", max_length=10, choices=YesNoUnknown.choices, blank=True
    )
    summary = models.TextField(blank=True, help_text="A short, factual summary for the case list")
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    # Someone the practitioner has asked us to copy letters to (a BMA, BDA or PDA adviser, a defence union).
    representative_name = models.CharField(max_length=200, blank=True)
    representative_email = models.EmailField(blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = CaseQuerySet.as_manager()
    # What the user who fetched it may do with it (faircase.access.guard.CaseAccess), set by the access kernel.
    _access: Any = None

    class Meta:
        ordering = ["-opened_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "reference"], name="case_reference_unique_in_org")
        ]
        # The case list reads an organisation's cases newest first, a page at a time, by these (ADR 37): the
        # visible set and the order from one index, the id breaking ties so that a page's cursor is exact.
        indexes = [
            models.Index(fields=["organisation", "-opened_at", "-id"], name="case_list_newest_first"),
            models.Index(
                fields=["organisation", "stage", "-opened_at", "-id"], name="case_list_stage_newest_first"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def stage_name(self) -> str:
        return workflow_for(self).stage_name(self.stage)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Concern(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="concerns")
    category = models.CharField(max_length=20, choices=ConcernCategory.choices)
    source = models.CharField(max_length=20, choices=ConcernSource.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    occurred_on = models.DateField("when it happened")
    raised_on = models.DateField("when it was raised")
    description = models.TextField("what is alleged")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["raised_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} concern raised {self.raised_on}"


class CaseMember(NamedByKeyModel):
    """A person named on a case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(max_length=30, choices=CaseRole.choices)
    named_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "role"], name="one_person_per_case_role")]
        indexes = [models.Index(fields=["user", "case"])]


class ConflictExclusion(NamedByKeyModel):
    """Someone kept away from a case because of a conflict of interest. They cannot see it at all."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="exclusions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_exclusions"
    )
    reason = models.TextField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="one_exclusion_per_person")]
        indexes = [models.Index(fields=["user", "case"])]


class StageMove(NamedByKeyModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stage_moves")
    from_stage = models.CharField(max_length=60)
    to_stage = models.CharField(max_length=60)
    decision = models.CharField(max_length=300)
    reasons = models.TextField()
    open_follow_ups_reason = models.TextField(
        blank=True, help_text="Why the case moved on while follow-ups were still open"
    )
    open_follow_ups = models.PositiveIntegerField(default=0)
    review = models.ForeignKey(
        "framework.Review", on_delete=models.PROTECT, null=True, blank=True, related_name="stage_moves"
    )
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(default=timezone.now)

    objects = CaseOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["moved_at", "id"]
