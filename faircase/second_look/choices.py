"""The significant decisions a blind second look is asked for, and the routes a reviewer can choose for each.

Fixed in code: the routes are compared with the case manager's proposal, so their codes must not change.
"""

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.TextChoices):
    FORMAL_INVESTIGATION = "formal_investigation", _("Formal investigation")
    EXCLUSION = "exclusion", _("Exclusion or suspension")
    REGULATOR_REFERRAL = "regulator_referral", _("Referral to a regulator")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft: not sent")
    SENT = "sent", _("Waiting for the reviewer")
    ANSWERED = "answered", _("Answered: record how it was taken into account")
    RECORDED = "recorded", _("Taken into account")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Agreement(models.TextChoices):
    AGREES = "agrees", _("The reviewer would take the same route")
    DIVERGES = "diverges", _("The reviewer would take a different route")


@dataclass(frozen=True)
class DecisionSpec:
    question: Any  # a lazy translation
    routes: tuple[tuple[str, Any], ...]


DECISIONS: dict[str, DecisionSpec] = {
    Decision.FORMAL_INVESTIGATION: DecisionSpec(
        question=_("On the information in this summary, which route would you take?"),
        routes=(
            ("no_formal_action", _("No formal action")),
            ("informal_resolution", _("Informal or local resolution")),
            ("formal_investigation", _("Formal investigation")),
        ),
    ),
    Decision.EXCLUSION: DecisionSpec(
        question=_(
            "On the information in this summary, what would you do about the practitioner's work while the "
            "concern is looked into?"
        ),
        routes=(
            ("no_restriction", _("No restriction")),
            ("restrictions", _("Restrictions on practice (conditions, supervision, duties withdrawn)")),
            ("exclusion", _("Exclusion or suspension")),
        ),
    ),
    Decision.REGULATOR_REFERRAL: DecisionSpec(
        question=_(
            "On the information in this summary, would you refer the practitioner to their regulator?"
        ),
        routes=(
            ("no_referral", _("No referral")),
            ("referral", _("Referral to the regulator")),
        ),
    ),
}


def routes_for(decision: str) -> tuple[tuple[str, Any], ...]:
    spec = DECISIONS.get(decision)
    return spec.routes if spec else ()


def route_label(decision: str, route: str) -> str:
    """The route's label in the language in use, as text (it goes into the record and its hash)."""
    return str(dict(routes_for(decision)).get(route, route))
