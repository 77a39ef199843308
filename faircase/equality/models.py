"""Equality data, workforce baselines and historic cases.

Equality data is special category personal data (UK GDPR article 9): it lives here, apart from case content,
is read only through `faircase.equality.selectors` by equality analysts and organisation administrators, and
never appears on case pages or in the disclosable record. Every view and change of it is audited.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from faircase.cases.choices import Profession

from .choices import AgeBand, Dimension, Disability, EthnicCategory, Pmq, Sex


class EqualityRecord(models.Model):
    """What a practitioner (or the staff record) says of their ethnicity, sex, age band, disability and place of
    primary qualification. "Prefer not to say" and "not known" are answers, not gaps."""

    class Source(models.TextChoices):
        SELF_REPORTED = "self_reported", _("Given by the practitioner")
        STAFF_RECORD = "staff_record", _("From the organisation's staff record (ESR or equivalent)")

    practitioner = models.OneToOneField(
        "cases.Practitioner", on_delete=models.PROTECT, related_name="equality"
    )
    ethnicity = models.CharField(
        max_length=2, choices=EthnicCategory.choices, default=EthnicCategory.NOT_KNOWN
    )
    sex = models.CharField(max_length=20, choices=Sex.choices, default=Sex.NOT_KNOWN)
    age_band = models.CharField(max_length=20, choices=AgeBand.choices, default=AgeBand.NOT_KNOWN)
    disability = models.CharField(max_length=20, choices=Disability.choices, default=Disability.NOT_KNOWN)
    pmq = models.CharField(
        "place of primary qualification", max_length=20, choices=Pmq.choices, default=Pmq.NOT_KNOWN
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF_RECORD)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        # Never the answers: this string can reach logs and the admin.
        return f"Equality record for practitioner {self.practitioner_id}"


class ImportBatch(models.Model):
    """One accepted import file: who brought it in, when, and what it held. Rejected files change nothing and
    leave only an audit event."""

    class Kind(models.TextChoices):
        WORKFORCE = "workforce", _("Workforce baseline")
        CASES = "cases", _("Historic cases")
        SYNTHETIC = "synthetic", _("Synthetic data (demo and benchmarks only)")

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import of {self.filename} ({self.rows} rows)"


class WorkforceBaseline(models.Model):
    """How many practitioners of one profession were in one group in an organisation over one financial year.
    A later import for the same organisation, period, profession and dimension replaces the earlier numbers
    (the earlier batch stays on record)."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(max_length=7, help_text="NHS financial year, for example 2025-26")
    profession = models.CharField(max_length=20, choices=Profession.choices)
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    group = models.CharField(max_length=20)
    headcount = models.PositiveIntegerField()
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="baselines")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "period", "profession", "dimension", "group"],
                name="one_headcount_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.profession} {self.dimension}={self.group}: {self.headcount}"


class HistoricCase(models.Model):
    """A case from before faircase (or from another system), imported for the statistics only: a pseudonymous
    practitioner key, the analysis groups and which stages the case reached. No names, no case content."""

    # No index of its own: historic_report_covering begins with it (PostgreSQL chose the narrower one, then read the
    # table, for a window of several years).
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    reference = models.CharField(max_length=40)
    practitioner_key = models.CharField(max_length=64)
    profession = models.CharField(max_length=20, choices=Profession.choices)
    date_raised = models.DateField()
    period = models.CharField(max_length=7)  # period_for(date_raised), kept for grouping
    ethnicity = models.CharField(max_length=20)  # analysis groups (choices.GROUPS)
    pmq = models.CharField(max_length=20)
    sex = models.CharField(max_length=20)
    age_band = models.CharField(max_length=20)
    disability = models.CharField(max_length=20)
    formal_investigation = models.BooleanField()
    exclusion = models.BooleanField()
    sanction = models.BooleanField()
    regulator_referral = models.BooleanField()
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, related_name="cases")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="historic_reference_unique_in_org"
            )
        ]
        indexes = [
            # Covering for the disproportionality report (selectors_report.historic_counts_sql, ADR 40): every
            # column it reads, in an order that keeps each year's rows of one practitioner together.
            models.Index(
                fields=[
                    "organisation",
                    "profession",
                    "period",
                    "practitioner_key",
                    "ethnicity",
                    "pmq",
                    "sex",
                    "age_band",
                    "disability",
                    "formal_investigation",
                    "exclusion",
                    "sanction",
                    "regulator_referral",
                ],
                name="historic_report_covering",
            )
        ]

    def __str__(self) -> str:
        return f"Historic case {self.reference}"
