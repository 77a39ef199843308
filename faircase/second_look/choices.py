"""The significant decisions a blind second look is asked for, and the routes a reviewer can choose for each.

Fixed in code: the routes are compared with the case manager's proposal, so their codes must not change.
"""

from dataclasses import dataclass

from django.db import models


class Decision(models.TextChoices):
    FORMAL_INVESTIGATION = "formal_investigation", "Formal investigation"
    EXCLUSION = "exclusion", "Exclusion or suspension"
    REGULATOR_REFERRAL = "regulator_referral", "Referral to a regulator"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft: not sent"
    SENT = "sent", "Waiting for the reviewer"
    ANSWERED = "answered", "Answered: record how it was taken into account"
    RECORDED = "recorded", "Taken into account"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Agreement(models.TextChoices):
    AGREES = "agrees", "The reviewer would take the same route"
    DIVERGES = "diverges", "The reviewer would take a different route"


@dataclass(frozen=True)
class DecisionSpec:
    question: str
    routes: tuple[tuple[str, str], ...]


DECISIONS: dict[str, DecisionSpec] = {
    Decision.FORMAL_INVESTIGATION: DecisionSpec(
        question="On the information in this summary, which route would you take?",
        routes=(
            ("no_formal_action", "No formal action"),
            ("informal_resolution", "Informal or local resolution"),
            ("formal_investigation", "Formal investigation"),
        ),
    ),
    Decision.EXCLUSION: DecisionSpec(
        question="On the information in this summary, what would you do about the practitioner's work while the "
        "concern is looked into?",
        routes=(
            ("no_restriction", "No restriction"),
            ("restrictions", "Restrictions on practice (conditions, supervision, duties withdrawn)"),
            ("exclusion", "Exclusion or suspension"),
        ),
    ),
    Decision.REGULATOR_REFERRAL: DecisionSpec(
        question="On the information in this summary, would you refer the practitioner to their regulator?",
        routes=(
            ("no_referral", "No referral"),
            ("referral", "Referral to the regulator"),
        ),
    ),
}


def routes_for(decision: str) -> tuple[tuple[str, str], ...]:
    spec = DECISIONS.get(decision)
    return spec.routes if spec else ()


def route_label(decision: str, route: str) -> str:
    return dict(routes_for(decision)).get(route, route)
