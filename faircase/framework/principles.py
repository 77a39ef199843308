"""The five Principles of the Fairness and Proportionality framework.

They are fixed by the framework itself (NHS Resolution and NHS England, January 2025): organisations may adapt
the considerations beneath them, never the Principles. They live here in code, not in the database, so no
screen, import, API or admin path can rename, reorder, add or remove one.
"""

from django.db import models


class Principle(models.TextChoices):
    WELFARE = "welfare", "Ensuring welfare and support"
    UNDERSTANDING = "understanding", "Understanding the issues"
    HEARD = "heard", "Ensuring the practitioner is heard"
    PROCESS = "process", "Adherence to process"
    EQUITY = "equity", "Equity and proportionality"


PRINCIPLES_IN_ORDER: tuple[Principle, ...] = tuple(Principle)

FIXED_PRINCIPLES_MESSAGE = (
    "The five Principles of the framework are fixed and cannot be renamed, reordered, added or removed: "
    + "; ".join(f"{i}. {p.label}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1))
    + ". You can adapt the considerations beneath them."
)


class FixedPrincipleError(ValueError):
    def __init__(self, detail: str = ""):
        super().__init__(f"{detail} {FIXED_PRINCIPLES_MESSAGE}".strip())


def position(principle: str) -> int:
    return [p.value for p in PRINCIPLES_IN_ORDER].index(principle) + 1


class ReviewPoint(models.TextChoices):
    COMMENCEMENT = "commencement", "Commencement of the case"
    ROUTE = "route", "Decision on the route"
    TERMS_OF_REFERENCE = "terms_of_reference", "Terms of reference"
    RESTRICTION = "restriction", "Restriction or exclusion decision"
    REPORT_RECEIVED = "report_received", "Investigation report received"
    DETERMINATION = "determination", "Determination"
    HEARING_OUTCOME = "hearing_outcome", "Hearing outcome"
    APPEAL = "appeal", "Appeal"
    CLOSURE = "closure", "Closure"
    AD_HOC = "ad_hoc", "Ad hoc review"


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Unknown"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# A "no" or "unknown" leads to further inquiry: faircase opens a follow-up for each.
ANSWERS_NEEDING_FOLLOW_UP = frozenset({Answer.NO, Answer.UNKNOWN})
