"""The five Principles of the Fairness and Proportionality framework.

They are fixed by the framework itself (NHS Resolution and NHS England, January 2025): organisations may adapt
the considerations beneath them, never the Principles. They live here in code, not in the database, so no
screen, import, API or admin path can rename, reorder, add or remove one.
"""

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Principle(models.TextChoices):
    WELFARE = "welfare", "Ensuring welfare and support"
    UNDERSTANDING = "understanding", "Understanding the issues"
    HEARD = "heard", "Ensuring the practitioner is heard"
    PROCESS = "process", "Adherence to process"
    EQUITY = "equity", "Equity and proportionality"


PRINCIPLES_IN_ORDER: tuple[Principle, ...] = tuple(Principle)

# The Principles' names as people read them, in the language in use (ADR 41). The labels above stay English
# whatever the language, because framework files name the Principles by them.
NAMES = {
    Principle.WELFARE: _("Ensuring welfare and support"),
    Principle.UNDERSTANDING: _("Understanding the issues"),
    Principle.HEARD: _("Ensuring the practitioner is heard"),
    Principle.PROCESS: _("Adherence to process"),
    Principle.EQUITY: _("Equity and proportionality"),
}


def name(principle: str) -> str:
    """A Principle's name in the language in use."""
    return str(NAMES[Principle(principle)])


FIXED_PRINCIPLES_MESSAGE = (
    "The five Principles of the framework are fixed and cannot be renamed, reordered, added or removed: "
    + "; ".join(f"{i}. {p.label}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1))
    + ". You can adapt the considerations beneath them."
)


def fixed_principles_message() -> str:
    """FIXED_PRINCIPLES_MESSAGE in the language in use, for pages (the English constant stays for files, the API
    and errors, which name the Principles as files do)."""
    return gettext(
        "The five Principles of the framework are fixed and cannot be renamed, reordered, added or removed: "
        "%(principles)s. You can adapt the considerations beneath them."
    ) % {"principles": "; ".join(f"{i}. {name(p)}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1))}


class FixedPrincipleError(ValueError):
    """A file or form that would change the fixed Principles. Its message is in the language in use when it is
    raised, naming the Principles as files do (FIXED_PRINCIPLES_MESSAGE in English)."""

    def __init__(self, detail: str = ""):
        fixed = gettext(
            "The five Principles of the framework are fixed and cannot be renamed, reordered, added or removed: "
            "%(principles)s. You can adapt the considerations beneath them."
        ) % {"principles": "; ".join(f"{i}. {p.label}" for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1))}
        super().__init__(f"{detail} {fixed}".strip())


def position(principle: str) -> int:
    return [p.value for p in PRINCIPLES_IN_ORDER].index(principle) + 1


class ReviewPoint(models.TextChoices):
    COMMENCEMENT = "commencement", _("Commencement of the case")
    ROUTE = "route", _("Decision on the route")
    TERMS_OF_REFERENCE = "terms_of_reference", _("Terms of reference")
    RESTRICTION = "restriction", _("Restriction or exclusion decision")
    REPORT_RECEIVED = "report_received", _("Investigation report received")
    DETERMINATION = "determination", _("Determination")
    HEARING_OUTCOME = "hearing_outcome", _("Hearing outcome")
    APPEAL = "appeal", _("Appeal")
    CLOSURE = "closure", _("Closure")
    AD_HOC = "ad_hoc", _("Ad hoc review")


class Answer(models.TextChoices):
    YES = "yes", pgettext_lazy("framework answer", "Yes")
    NO = "no", pgettext_lazy("framework answer", "No")
    UNKNOWN = "unknown", pgettext_lazy("framework answer", "Unknown")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("framework answer", "Not applicable")


# A "no" or "unknown" leads to further inquiry: faircase opens a follow-up for each.
ANSWERS_NEEDING_FOLLOW_UP = frozenset({Answer.NO, Answer.UNKNOWN})
