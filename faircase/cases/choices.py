from django.db import models


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Doctor"
    DENTIST = "dentist", "Dentist"
    PHARMACIST = "pharmacist", "Pharmacist"
    OTHER = "other", "Other"


class Regulator(models.TextChoices):
    GMC = "gmc", "General Medical Council (GMC)"
    GDC = "gdc", "General Dental Council (GDC)"
    GPHC = "gphc", "General Pharmaceutical Council (GPhC)"
    PSNI = "psni", "Pharmaceutical Society of Northern Ireland (PSNI)"
    OTHER = "other", "Other regulator"


# Which regulators register each profession.
REGULATORS_FOR_PROFESSION = {
    Profession.DOCTOR: {Regulator.GMC},
    Profession.DENTIST: {Regulator.GDC},
    Profession.PHARMACIST: {Regulator.GPHC, Regulator.PSNI},
    Profession.OTHER: set(Regulator),
}


class Setting(models.TextChoices):
    PRIMARY = "primary", "Primary care"
    SECONDARY = "secondary", "Secondary care"


class ContractType(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    LOCUM = "locum", "Locum"
    AGENCY = "agency", "Agency"
    BANK = "bank", "Bank"
    TRAINEE = "trainee", "Trainee"
    PERFORMER = "performer", "Performer / contractor"


class YesNoUnknown(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"


class QualificationRegion(models.TextChoices):
    UK = "uk", "United Kingdom"
    EEA = "eea", "European Economic Area"
    REST_OF_WORLD = "rest_of_world", "Rest of the world"


class ConcernCategory(models.TextChoices):
    CLINICAL = "clinical", "Clinical performance"
    CONDUCT = "conduct", "Conduct"
    HEALTH = "health", "Health"
    BEHAVIOUR = "behaviour", "Behaviour and relationships"
    PROBITY = "probity", "Probity"


class ConcernSource(models.TextChoices):
    COMPLAINT = "complaint", "Complaint"
    INCIDENT = "incident", "Incident"
    COLLEAGUE = "colleague", "Colleague"
    AUDIT = "audit", "Audit or data"
    REGULATOR = "regulator", "Regulator"
    POLICE = "police", "Police"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low: no harm, or minor and isolated"
    MODERATE = "moderate", "Moderate: harm or risk that needs action"
    HIGH = "high", "High: serious harm or immediate risk"


class Outcome(models.TextChoices):
    NO_CASE_TO_ANSWER = "no_case_to_answer", "No case to answer"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMAL_RESOLUTION = "informal_resolution", "Resolved informally"
    REMEDIATION = "remediation", "Remediation or action plan"
    WARNING = "warning", "Formal warning"
    FINAL_WARNING = "final_warning", "Final written warning"
    CONDITIONS = "conditions", "Conditions on practice or list inclusion"
    DISMISSAL = "dismissal", "Dismissal"
    REMOVAL_FROM_LIST = "removal_from_list", "Removal from the Performers List"
    REFERRED_TO_REGULATOR = "referred_to_regulator", "Referred to the regulator"
    OTHER = "other", "Other"
