"""The answers people give about themselves, and the groups the statistics use.

A person answers with a detailed category (the NHS Data Dictionary ethnic category, say) or declines; the
analysis groups those answers into the few groups of issue 5 (`white`, `mixed`, ... `not_stated`). Both
lists are fixed here because the import file format, the reports and the published tables depend on them.
"""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    ETHNICITY = "ethnicity", _("Ethnicity")
    PMQ = "pmq", _("Place of primary qualification")
    SEX = "sex", _("Sex")
    AGE_BAND = "age_band", _("Age band")
    DISABILITY = "disability", _("Disability")


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary ethnic category (2001 census based codes), plus 'not known'."""

    A = "A", _("White: British")
    B = "B", _("White: Irish")
    C = "C", _("White: any other White background")
    D = "D", _("Mixed: White and Black Caribbean")
    E = "E", _("Mixed: White and Black African")
    F = "F", _("Mixed: White and Asian")
    G = "G", _("Mixed: any other mixed background")
    H = "H", _("Asian or Asian British: Indian")
    J = "J", _("Asian or Asian British: Pakistani")
    K = "K", _("Asian or Asian British: Bangladeshi")
    L = "L", _("Asian or Asian British: any other Asian background")
    M = "M", _("Black or Black British: Caribbean")
    N = "N", _("Black or Black British: African")
    P = "P", _("Black or Black British: any other Black background")
    R = "R", _("Other ethnic groups: Chinese")
    S = "S", _("Other ethnic groups: any other ethnic group")
    Z = "Z", _("Not stated (the person preferred not to say)")
    NOT_KNOWN = "99", _("Not known (not asked, or no answer recorded)")


class EthnicityGroup(models.TextChoices):
    WHITE = "white", _("White")
    MIXED = "mixed", _("Mixed")
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black or Black British")
    OTHER = "other", _("Other ethnic group")
    NOT_STATED = "not_stated", _("Not stated or not known")


ETHNIC_CATEGORY_GROUP = {
    **dict.fromkeys("ABC", EthnicityGroup.WHITE),
    **dict.fromkeys("DEFG", EthnicityGroup.MIXED),
    **dict.fromkeys("HJKL", EthnicityGroup.ASIAN),
    **dict.fromkeys("MNP", EthnicityGroup.BLACK),
    **dict.fromkeys("RS", EthnicityGroup.OTHER),
    "Z": EthnicityGroup.NOT_STATED,
    "99": EthnicityGroup.NOT_STATED,
}


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")
    NOT_KNOWN = "not_known", _("Not known")


class SexGroup(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NOT_KNOWN = "not_known", _("Not known or not stated")


class AgeBand(models.TextChoices):
    UNDER_30 = "under_30", _("Under 30")
    AGE_30_39 = "30_39", _("30 to 39")
    AGE_40_49 = "40_49", _("40 to 49")
    AGE_50_59 = "50_59", _("50 to 59")
    AGE_60_64 = "60_64", _("60 to 64")
    AGE_65_PLUS = "65_plus", _("65 and over")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")
    NOT_KNOWN = "not_known", _("Not known")


class AgeBandGroup(models.TextChoices):
    UNDER_30 = "under_30", _("Under 30")
    AGE_30_39 = "30_39", _("30 to 39")
    AGE_40_49 = "40_49", _("40 to 49")
    AGE_50_59 = "50_59", _("50 to 59")
    AGE_60_64 = "60_64", _("60 to 64")
    AGE_65_PLUS = "65_plus", _("65 and over")
    NOT_KNOWN = "not_known", _("Not known or not stated")


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")
    NOT_KNOWN = "not_known", _("Not known")


class DisabilityGroup(models.TextChoices):
    YES = "yes", _("Disabled")
    NO = "no", _("Not disabled")
    NOT_KNOWN = "not_known", _("Not known or not stated")


class Pmq(models.TextChoices):
    UK = "uk", _("United Kingdom")
    EEA = "eea", _("European Economic Area")
    REST_OF_WORLD = "rest_of_world", _("Rest of the world")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")
    NOT_KNOWN = "not_known", _("Not known")


class PmqGroup(models.TextChoices):
    UK = "uk", _("UK graduates")
    EEA = "eea", _("EEA graduates")
    REST_OF_WORLD = "rest_of_world", _("Qualified in the rest of the world")
    NOT_KNOWN = "not_known", _("Not known or not stated")


# For each dimension: the analysis groups, in report order, and the default reference group (issue 5).
GROUPS = {
    Dimension.ETHNICITY: EthnicityGroup,
    Dimension.PMQ: PmqGroup,
    Dimension.SEX: SexGroup,
    Dimension.AGE_BAND: AgeBandGroup,
    Dimension.DISABILITY: DisabilityGroup,
}
DEFAULT_REFERENCE = {
    Dimension.ETHNICITY: EthnicityGroup.WHITE,
    Dimension.PMQ: PmqGroup.UK,
    Dimension.SEX: SexGroup.FEMALE,
    Dimension.AGE_BAND: AgeBandGroup.AGE_40_49,
    Dimension.DISABILITY: DisabilityGroup.NO,
}
# Groups that are missing data: counted and shown, never compared.
NOT_COMPARED = frozenset({"not_stated", "not_known"})


def analysis_group(dimension: str, answer: str) -> str:
    """The analysis group of one recorded answer: declining and not knowing both count as missing data."""
    if dimension == Dimension.ETHNICITY:
        return ETHNIC_CATEGORY_GROUP[answer].value
    if answer in ("prefer_not_to_say", "not_known", ""):
        return "not_known"
    return answer


class Stage(models.TextChoices):
    """The stages a disproportionality report can be about, in the order a case reaches them."""

    ANY_CONCERN = "any_concern", _("Any concern recorded")
    FORMAL_INVESTIGATION = "formal_investigation", _("Formal investigation")
    EXCLUSION = "exclusion", _("Exclusion or suspension")
    SANCTION = "sanction", _("Formal sanction")
    REGULATOR_REFERRAL = "regulator_referral", _("Referral to the regulator")


STAGES_IN_ORDER = tuple(Stage)


def period_for(day: dt.date) -> str:
    """The NHS financial year (1 April to 31 March) a date falls in, written as '2025-26'."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a financial year written as '2025-26'. ValueError when it is not one."""
    try:
        start_text, end_text = period.split("-")
        start = int(start_text)
        if len(start_text) != 4 or len(end_text) != 2 or int(end_text) != (start + 1) % 100:
            raise ValueError
    except ValueError:
        raise ValueError(f"'{period}' is not a financial year such as 2025-26") from None
    return dt.date(start, 4, 1), dt.date(start + 1, 3, 31)
