"""The answers people give about themselves, and the groups the statistics use.

A person answers with a detailed category (the NHS Data Dictionary ethnic category, say) or declines; the
analysis groups those answers into the few groups of issue 5 (`white`, `mixed`, ... `not_stated`). Both
lists are fixed here because the import file format, the reports and the published tables depend on them.
"""

import datetime as dt

from django.db import models


class Dimension(models.TextChoices):
    ETHNICITY = "ethnicity", "Ethnicity"
    PMQ = "pmq", "Place of primary qualification"
    SEX = "sex", "Sex"
    AGE_BAND = "age_band", "Age band"
    DISABILITY = "disability", "Disability"


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary ethnic category (2001 census based codes), plus 'not known'."""

    A = "A", "White: British"
    B = "B", "White: Irish"
    C = "C", "White: any other White background"
    D = "D", "Mixed: White and Black Caribbean"
    E = "E", "Mixed: White and Black African"
    F = "F", "Mixed: White and Asian"
    G = "G", "Mixed: any other mixed background"
    H = "H", "Asian or Asian British: Indian"
    J = "J", "Asian or Asian British: Pakistani"
    K = "K", "Asian or Asian British: Bangladeshi"
    L = "L", "Asian or Asian British: any other Asian background"
    M = "M", "Black or Black British: Caribbean"
    N = "N", "Black or Black British: African"
    P = "P", "Black or Black British: any other Black background"
    R = "R", "Other ethnic groups: Chinese"
    S = "S", "Other ethnic groups: any other ethnic group"
    Z = "Z", "Not stated (the person preferred not to say)"
    NOT_KNOWN = "99", "Not known (not asked, or no answer recorded)"


class EthnicityGroup(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black or Black British"
    OTHER = "other", "Other ethnic group"
    NOT_STATED = "not_stated", "Not stated or not known"


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
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class SexGroup(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NOT_KNOWN = "not_known", "Not known or not stated"


class AgeBand(models.TextChoices):
    UNDER_30 = "under_30", "Under 30"
    AGE_30_39 = "30_39", "30 to 39"
    AGE_40_49 = "40_49", "40 to 49"
    AGE_50_59 = "50_59", "50 to 59"
    AGE_60_64 = "60_64", "60 to 64"
    AGE_65_PLUS = "65_plus", "65 and over"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class AgeBandGroup(models.TextChoices):
    UNDER_30 = "under_30", "Under 30"
    AGE_30_39 = "30_39", "30 to 39"
    AGE_40_49 = "40_49", "40 to 49"
    AGE_50_59 = "50_59", "50 to 59"
    AGE_60_64 = "60_64", "60 to 64"
    AGE_65_PLUS = "65_plus", "65 and over"
    NOT_KNOWN = "not_known", "Not known or not stated"


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class DisabilityGroup(models.TextChoices):
    YES = "yes", "Disabled"
    NO = "no", "Not disabled"
    NOT_KNOWN = "not_known", "Not known or not stated"


class Pmq(models.TextChoices):
    UK = "uk", "United Kingdom"
    EEA = "eea", "European Economic Area"
    REST_OF_WORLD = "rest_of_world", "Rest of the world"
    PREFER_NOT_TO_SAY = "prefer_not_to_say", "Prefer not to say"
    NOT_KNOWN = "not_known", "Not known"


class PmqGroup(models.TextChoices):
    UK = "uk", "UK graduates"
    EEA = "eea", "EEA graduates"
    REST_OF_WORLD = "rest_of_world", "Qualified in the rest of the world"
    NOT_KNOWN = "not_known", "Not known or not stated"


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

    ANY_CONCERN = "any_concern", "Any concern recorded"
    FORMAL_INVESTIGATION = "formal_investigation", "Formal investigation"
    EXCLUSION = "exclusion", "Exclusion or suspension"
    SANCTION = "sanction", "Formal sanction"
    REGULATOR_REFERRAL = "regulator_referral", "Referral to the regulator"


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
