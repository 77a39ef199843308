from typing import cast

from django.db import models
from django.utils.translation import gettext_lazy

from faircase.policy.choices import Policy


def _(message: str) -> str:
    # Labels read in the language of the page that shows them (lazy), typed as the str that every caller's
    # `.label` already is.
    return cast(str, gettext_lazy(message))


class Profession(models.TextChoices):
    DOCTOR = "doctor", _("Doctor")
    DENTIST = "dentist", _("Dentist")
    PHARMACIST = "pharmacist", _("Pharmacist")
    OTHER = "other", _("Other")


class Regulator(models.TextChoices):
    GMC = "gmc", _("General Medical Council (GMC)")
    GDC = "gdc", _("General Dental Council (GDC)")
    GPHC = "gphc", _("General Pharmaceutical Council (GPhC)")
    PSNI = "psni", _("Pharmaceutical Society of Northern Ireland (PSNI)")
    OTHER = "other", _("Other regulator")


# Which regulators register each profession.
REGULATORS_FOR_PROFESSION = {
    Profession.DOCTOR: {Regulator.GMC},
    Profession.DENTIST: {Regulator.GDC},
    Profession.PHARMACIST: {Regulator.GPHC, Regulator.PSNI},
    Profession.OTHER: set(Regulator),
}


class Setting(models.TextChoices):
    PRIMARY = "primary", _("Primary care")
    SECONDARY = "secondary", _("Secondary care")


class ContractType(models.TextChoices):
    SUBSTANTIVE = "substantive", _("Substantive")
    LOCUM = "locum", _("Locum")
    AGENCY = "agency", _("Agency")
    BANK = "bank", _("Bank")
    TRAINEE = "trainee", _("Trainee")
    PERFORMER = "performer", _("Performer / contractor")


class YesNoUnknown(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Unknown")


class QualificationRegion(models.TextChoices):
    UK = "uk", _("United Kingdom")
    EEA = "eea", _("European Economic Area")
    REST_OF_WORLD = "rest_of_world", _("Rest of the world")


class ConcernCategory(models.TextChoices):
    CLINICAL = "clinical", _("Clinical performance")
    CONDUCT = "conduct", _("Conduct")
    HEALTH = "health", _("Health")
    BEHAVIOUR = "behaviour", _("Behaviour and relationships")
    PROBITY = "probity", _("Probity")


class ConcernSource(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    INCIDENT = "incident", _("Incident")
    COLLEAGUE = "colleague", _("Colleague")
    AUDIT = "audit", _("Audit or data")
    REGULATOR = "regulator", _("Regulator")
    POLICE = "police", _("Police")
    OTHER = "other", _("Other")


class Severity(models.TextChoices):
    LOW = "low", _("Low: no harm, or minor and isolated")
    MODERATE = "moderate", _("Moderate: harm or risk that needs action")
    HIGH = "high", _("High: serious harm or immediate risk")


class Outcome(models.TextChoices):
    NO_CASE_TO_ANSWER = "no_case_to_answer", _("No case to answer")
    NO_FURTHER_ACTION = "no_further_action", _("No further action")
    INFORMAL_RESOLUTION = "informal_resolution", _("Resolved informally")
    REMEDIATION = "remediation", _("Remediation or action plan")
    WARNING = "warning", _("Formal warning")
    FINAL_WARNING = "final_warning", _("Final written warning")
    CONDITIONS = "conditions", _("Conditions on practice or list inclusion")
    DISMISSAL = "dismissal", _("Dismissal")
    REMOVAL_FROM_LIST = "removal_from_list", _("Removal from the Performers List")
    REFERRED_TO_REGULATOR = "referred_to_regulator", _("Referred to the regulator")
    OTHER = "other", _("Other")


# The policies' names as people read them, in the language in use (ADR 41). The policy app's labels stay English,
# whatever the language, as files and exports name the policies by them.
POLICY_NAMES = {
    Policy.MHPS_ENGLAND: _("Maintaining High Professional Standards (England)"),
    Policy.MHPS_HPSS: _("Maintaining High Professional Standards in the HPSS (Northern Ireland)"),
    Policy.UPSW: _("Upholding Professional Standards in Wales"),
    Policy.PERFORMERS_LISTS: _("Performers Lists (England)"),
    Policy.PERFORMERS_LISTS_WALES: _("Performers lists (Wales)"),
    Policy.FAMILY_PRACTITIONERS_NI: _("Family practitioner and performers lists (Northern Ireland)"),
    Policy.LOCAL: _("Local policy"),
}


def policy_name(code: str) -> str:
    """A policy's name in the language in use (its English label where there is no name here)."""
    found = POLICY_NAMES.get(code)
    return str(found) if found is not None else str(Policy(code).label)
