"""The demo's evaluation data, read from faircase/data/demo/evaluation.yaml: each demo organisation's adoption date
(recorded through the evaluation's own service, so it is audited) and invented anonymous survey answers on both
sides of it. Idempotent: an organisation that already has an adoption date is left alone."""

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from faircase.accounts.models import Organisation
from faircase.demo.data import DATA_DIR
from faircase.process import clock

EVALUATION_FILE = "evaluation.yaml"
FORMAT = "faircase-demo-evaluation/1"
AGREEING = (4, 5)
NOT_AGREEING = (2, 3, 1)
SIDE_MONTHS = 5  # answers spread over five months on each side


@dataclass(frozen=True)
class Side:
    responses: int
    agree: int
    ratings: int
    confident: int


@dataclass(frozen=True)
class DemoAdoption:
    slug: str
    adopted_days_ago: int
    before: Side
    after: Side


def _count(item: Any, name: str, where: str) -> int:
    value = item.get(name) if isinstance(item, dict) else None
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{EVALUATION_FILE}: {where}: give {name} as a whole number, 0 or more")
    return value


def parse(data: Any) -> list[DemoAdoption]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{EVALUATION_FILE} must start with format: {FORMAT}")
    adoptions = []
    for slug, spec in (data.get("organisations") or {}).items():
        if not isinstance(spec, dict):
            raise ValueError(f"{EVALUATION_FILE}: {slug}: give adopted_days_ago, experience and confidence")
        sides = {}
        for side in ("before", "after"):
            experience = (spec.get("experience") or {}).get(side)
            confidence = (spec.get("confidence") or {}).get(side)
            where = f"{slug} {side}"
            sides[side] = Side(
                responses=_count(experience, "responses", where),
                agree=_count(experience, "agree", where),
                ratings=_count(confidence, "ratings", where),
                confident=_count(confidence, "confident", where),
            )
            if sides[side].agree > sides[side].responses or sides[side].confident > sides[side].ratings:
                raise ValueError(f"{EVALUATION_FILE}: {where}: more agreeing than answering")
        adoptions.append(DemoAdoption(str(slug), _count(spec, "adopted_days_ago", str(slug)), **sides))
    return adoptions


@cache
def demo_adoptions() -> list[DemoAdoption]:
    with (DATA_DIR / EVALUATION_FILE).open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def _months(adopted_on: dt.date, *, after: bool) -> list[dt.date]:
    """First days of months wholly on one side of adoption and within six months of it."""
    if after:
        days = [clock.last_day_after_days(adopted_on, 31 * n + 1) for n in range(1, SIDE_MONTHS + 1)]
    else:
        days = [clock.stretch_before(adopted_on, 30 * n)[0] for n in range(1, SIDE_MONTHS + 1)]
    return [day.replace(day=1) for day in days]


def _answers(count: int, agreeing: int) -> list[int]:
    return [AGREEING[i % 2] if i < agreeing else NOT_AGREEING[i % 3] for i in range(count)]


def load_demo_evaluation(*, today: dt.date) -> int:
    """Record the adoption dates missing and the survey answers around them; how many organisations changed."""
    from faircase.demo.services import SYSTEM_ACTOR
    from faircase.evaluation.services import set_adoption_date
    from faircase.practitioners.models import ConfidenceResponse, ExperienceResponse, SurveyInvitation

    changed = 0
    for adoption in demo_adoptions():
        organisation = Organisation.objects.filter(
            slug=adoption.slug, framework_adopted_on__isnull=True
        ).first()
        if organisation is None:
            continue
        adopted_on = clock.stretch_before(today, adoption.adopted_days_ago)[0]
        set_adoption_date(organisation=organisation, adopted_on=adopted_on, by=SYSTEM_ACTOR)
        experience, confidence = [], []
        for side, after in ((adoption.before, False), (adoption.after, True)):
            months = _months(adopted_on, after=after)
            for i, answer in enumerate(_answers(side.responses, side.agree)):
                experience.append(
                    ExperienceResponse(
                        organisation=organisation,
                        point=SurveyInvitation.Point.CLOSURE
                        if i % 2
                        else SurveyInvitation.Point.FIRST_MEETING,
                        month=months[i % len(months)],
                        communication=answer,
                        support_awareness=answer,
                        process_understanding=answer,
                        fairness=answer,
                    )
                )
            for i, answer in enumerate(_answers(side.ratings, side.confident)):
                confidence.append(
                    ConfidenceResponse(
                        organisation=organisation,
                        review_point="route" if i % 2 else "closure",
                        month=months[i % len(months)],
                        confidence=answer,
                    )
                )
        ExperienceResponse.objects.bulk_create(experience)
        ConfidenceResponse.objects.bulk_create(confidence)
        changed += 1
    return changed
