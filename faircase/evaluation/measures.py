"""The evaluation of the framework for one organisation and one period: each anticipated benefit beside the
measures that evidence it, after adoption and before it (docs/adr/0023-the-evaluation.md).

Public API:
- `raw_counts(organisation, start, end) -> {measure key: (numerator, denominator)}`: unsuppressed, for a
  national export that suppresses them itself.
- `build_evaluation(organisation, start, end) -> Evaluation`: the measures with small numbers suppressed, and
  the same for the period before adoption; the page, the PDF, the spreadsheet and the command all read it.
- `evaluation_for(by=..., organisation=..., start=..., end=..., channel=...)`: the same, with the read audited.

What each measure counts is worded in faircase/data/evaluation/measures.yaml (definitions.py); every date and
count of days comes from the one clock (faircase/process/clock.py). Case data is read for the named system
purpose "statistics" (faircase.access.scopes), for an organisation the reader was already allowed (selectors.py).

Small numbers: every count is published by faircase.equality.disclosure's rule for one table (`hide_in_table`):
each measure is a table of its parts (those who did and those who did not, or the three routes of a closure)
with the denominator as the total, so a count of 1 to 4, and anything it could be worked out from, is left out;
when any part is 1 to 4 every part is left out (which parts the rule gives up would otherwise say which were
small). The period before adoption is a separate table: the two are never added up into a published whole.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import transaction
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.accounts.models import Organisation
from faircase.core import audit
from faircase.equality import disclosure
from faircase.practitioners import surveys
from faircase.process import clock

from .definitions import MEAN_DAYS, MeasureDefinition, measure_definitions
from .disproportionality import Disproportionality, disproportionality
from .disproportionality import as_json as disproportionality_json

# The keys code counts, in the order of the data file (definitions.py checks the file names exactly these).
COUNTED: tuple[str, ...] = (
    "commencement_context_answered",
    "understanding_follow_ups_resolved",
    "reviews_at_required_points",
    "deadlines_met",
    "exclusion_reviews_on_time",
    "decision_confidence",
    "survey_communication",
    "survey_support_awareness",
    "portal_use",
    "survey_process_understanding",
    "survey_fairness",
    "resolved_without_formal_process",
    "resolution_days_early",
    "resolution_days_informal",
    "resolution_days_formal",
    "cases_with_exclusion",
    "exclusion_days",
)
# Survey answers that count as agreeing (4 Agree, 5 Strongly agree) and as confident (4 Very, 5 Completely).
AGREES = 4
SURVEY_MEASURES = {
    "survey_communication": "communication",
    "survey_support_awareness": "support_awareness",
    "survey_process_understanding": "process_understanding",
    "survey_fairness": "fairness",
}
# The routes a closed case took, and the stage that marks each (the first that the case ever moved to).
EARLY, INFORMAL, FORMAL = "early", "informal", "formal"
ROUTES = (EARLY, INFORMAL, FORMAL)
ROUTE_DAYS = {
    EARLY: "resolution_days_early",
    INFORMAL: "resolution_days_informal",
    FORMAL: "resolution_days_formal",
}
FORMAL_STAGE, INFORMAL_STAGE = "formal_investigation", "informal_resolution"
UNDERSTANDING = "understanding"  # the Principle "Understanding the issues"
ANSWERED = ("yes", "no", "not_applicable")

# The surveys' own protection (a group of fewer than 5 answers is never shown) is the disclosure rule's: counts
# of 1 to 4 are left out.
assert disclosure.SMALL_COUNTS.stop == surveys.MINIMUM_GROUP


class EvaluationError(ValueError):
    """An evaluation asked for with a period that is not one."""


# ---------------------------------------------------------------------------------------------------------------
# Counting (no suppression)


@dataclass(frozen=True)
class Counts:
    """What a measure counts: `numerator` of `denominator` (a share), or total days over a count (mean days).
    `parts`: the table the count is published from (each part's count; they add up to the denominator)."""

    numerator: int
    denominator: int
    parts: Mapping[str, int] = field(default_factory=dict)


def check_period(start: Any, end: Any) -> None:
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        raise EvaluationError("Give the period as two dates, for example 2026-04-01 and 2026-09-30")
    if end < start:
        raise EvaluationError(
            f"The period must end on or after the day it starts: {end.isoformat()} is before {start.isoformat()}"
        )


def _cases(organisation: Organisation) -> QuerySet[Any]:
    from faircase.cases.models import Case

    return Case.objects.for_system("statistics").filter(organisation=organisation)


def _active(cases: QuerySet[Any], start: dt.date, end: dt.date) -> QuerySet[Any]:
    """Cases open at any time in the period."""
    return cases.filter(opened_at__date__lte=end).filter(
        Q(closed_at__isnull=True) | Q(closed_at__date__gte=start)
    )


def _share(numerator: int, denominator: int) -> Counts:
    return Counts(numerator, denominator, {"yes": numerator, "no": denominator - numerator})


def _context(cases: QuerySet[Any], start: dt.date, end: dt.date) -> dict[str, Counts]:
    from faircase.framework.models import Consideration, FollowUp, Review, ReviewAnswer
    from faircase.framework.principles import ReviewPoint

    reviews = list(
        Review.objects.of_cases(cases)
        .filter(review_point=ReviewPoint.COMMENCEMENT, status=Review.Status.COMPLETED)
        .filter(completed_at__date__gte=start, completed_at__date__lte=end)
        .order_by("case_id", "completed_at", "id")
        .values_list("id", "case_id", "version_id")
    )
    latest = {case_id: (review_id, version_id) for review_id, case_id, version_id in reviews}  # last wins
    asked: dict[int, set[int]] = defaultdict(set)
    for consideration in Consideration.objects.filter(
        version_id__in={v for _r, v in latest.values()}, principle=UNDERSTANDING
    ):
        if consideration.applies_at(ReviewPoint.COMMENCEMENT):
            asked[consideration.version_id].add(consideration.pk)
    answered: dict[int, set[int]] = defaultdict(set)
    for review_id, consideration_id in (
        ReviewAnswer.objects.of_cases(cases)
        .filter(review_id__in=[r for r, _v in latest.values()], answer__in=ANSWERED)
        .values_list("review_id", "consideration_id")
    ):
        answered[review_id].add(consideration_id)
    understood = sum(
        1 for review_id, version_id in latest.values() if asked[version_id] <= answered[review_id]
    )

    follow_ups = FollowUp.objects.of_cases(cases).filter(
        answer__consideration__principle=UNDERSTANDING, created_at__date__gte=start, created_at__date__lte=end
    )
    raised = follow_ups.count()
    resolved = follow_ups.filter(status=FollowUp.Status.CLOSED, closed_at__date__lte=end).count()
    return {
        "commencement_context_answered": _share(understood, len(latest)),
        "understanding_follow_ups_resolved": _share(resolved, raised),
    }


def _adherence(cases: QuerySet[Any], start: dt.date, end: dt.date) -> dict[str, Counts]:
    from faircase.cases.models import StageMove
    from faircase.policy.kinds import EXCLUSION_KINDS
    from faircase.process.models import Restriction, RestrictionPeriod

    active = _active(cases, start, end)
    open_in_period = active.count()
    moves = list(
        StageMove.objects.of_cases(active)
        .filter(moved_at__date__gte=start, moved_at__date__lte=end)
        .values_list("case_id", "from_stage", "to_stage", "review__review_point")
    )
    # The stages each moved case follows, from its pack (only the cases that moved: the clock reads all of them).
    packs = clock.packs_for(list(active.filter(pk__in={m[0] for m in moves}).select_related("pack_version")))
    made = with_review = 0
    for case_id, source, target, point in moves:
        made += 1
        move = packs[case_id].workflow.move(source, target) if case_id in packs else None
        with_review += move is not None and point == move.review_point

    # Things stand as at the end of the period, or today while it runs: a deadline not yet due is not missed.
    as_of = min(end, timezone.localdate())
    due = met = 0
    for deadline in clock.deadlines_for_cases(active, today=as_of, include_closed=True):
        if not start <= deadline.due_on <= as_of or (
            deadline.status == clock.DONE and deadline.met_on is None
        ):
            continue  # not due in the period, or closed by what it was about ending: nothing to meet
        due += 1
        met += deadline.met_on is not None and deadline.met_on <= deadline.due_on

    restrictions = (
        Restriction.objects.of_cases(active)
        .filter(kind__in=EXCLUSION_KINDS)
        .prefetch_related(Prefetch("periods", queryset=RestrictionPeriod.objects.order_by("number")))
    )
    episodes = clock.episodes_of(clock.parts_of(restrictions))
    reviews_due = reviews_on_time = 0
    for episode in episodes:
        for state in episode.reviews(as_of):
            if state.due and start <= state.due_on <= as_of:
                reviews_due += 1
                reviews_on_time += state.on_time
    excluded = {e.case_id for e in episodes if start <= e.first_day <= end}
    ended = [e for e in episodes if (last := e.ended_by(as_of)) is not None and last >= start]
    return {
        "reviews_at_required_points": _share(with_review, made),
        "deadlines_met": _share(met, due),
        "exclusion_reviews_on_time": _share(reviews_on_time, reviews_due),
        "cases_with_exclusion": _share(len(excluded), open_in_period),
        "exclusion_days": Counts(
            sum(e.days_counted(as_of) for e in ended), len(ended), {"episodes": len(ended)}
        ),
        "portal_use": _share(_portal_users(active, end), open_in_period),
    }


def _portal_users(active: QuerySet[Any], end: dt.date) -> int:
    from faircase.practitioners.models import Invitation

    accepted = Invitation.objects.of_cases(active).filter(used_at__isnull=False, used_at__date__lte=end)
    return accepted.values("case_id").distinct().count()


def _surveys(organisation: Organisation, start: dt.date, end: dt.date) -> dict[str, Counts]:
    """Anonymous answers, by the month they were given: a month counts in the period that holds its first day."""
    from faircase.practitioners.models import ConfidenceResponse, ExperienceResponse

    confidence = ConfidenceResponse.objects.filter(
        organisation=organisation, month__gte=start, month__lte=end
    )
    experience = ExperienceResponse.objects.filter(
        organisation=organisation, month__gte=start, month__lte=end
    )
    given = experience.count()
    counts = {
        "decision_confidence": _share(confidence.filter(confidence__gte=AGREES).count(), confidence.count())
    }
    for key, column in SURVEY_MEASURES.items():
        counts[key] = _share(experience.filter(**{f"{column}__gte": AGREES}).count(), given)
    return counts


def _resolution(cases: QuerySet[Any], start: dt.date, end: dt.date) -> dict[str, Counts]:
    from faircase.cases.models import StageMove

    closed = cases.filter(closed_at__date__gte=start, closed_at__date__lte=end)
    rows = list(
        closed.annotate(first_raised=Min("concerns__raised_on")).values_list(
            "pk", "first_raised", "opened_at", "closed_at"
        )
    )
    reached: dict[Any, set[str]] = defaultdict(set)
    for case_id, stage in (
        StageMove.objects.of_cases(closed)
        .filter(to_stage__in=(FORMAL_STAGE, INFORMAL_STAGE))
        .values_list("case_id", "to_stage")
    ):
        reached[case_id].add(stage)
    number = dict.fromkeys(ROUTES, 0)
    days = dict.fromkeys(ROUTES, 0)
    for case_id, first_raised, opened_at, closed_at in rows:
        stages = reached[case_id]
        route = FORMAL if FORMAL_STAGE in stages else INFORMAL if INFORMAL_STAGE in stages else EARLY
        number[route] += 1
        days[route] += clock.days_counted(first_raised or opened_at.date(), closed_at.date())
    counts = {
        "resolved_without_formal_process": Counts(number[EARLY] + number[INFORMAL], len(rows), dict(number)),
    }
    for route, key in ROUTE_DAYS.items():
        counts[key] = Counts(days[route], number[route], dict(number))
    return counts


def count_all(organisation: Organisation, start: dt.date, end: dt.date) -> dict[str, Counts]:
    """Every measure's counts, unsuppressed, in a fixed number of queries whatever the number of cases."""
    check_period(start, end)
    cases = _cases(organisation)
    counts = {
        **_context(cases, start, end),
        **_adherence(cases, start, end),
        **_surveys(organisation, start, end),
        **_resolution(cases, start, end),
    }
    return {key: counts[key] for key in COUNTED}


def raw_counts(organisation: Organisation, start: dt.date, end: dt.date) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) of every measure, unsuppressed: for an export that suppresses them itself. For a
    mean-days measure the numerator is the total of days and the denominator the count of cases or episodes."""
    return {key: (c.numerator, c.denominator) for key, c in count_all(organisation, start, end).items()}


# ---------------------------------------------------------------------------------------------------------------
# Publishing (small numbers suppressed)


@dataclass(frozen=True)
class Figures:
    """A measure's published numbers for one period. None: left out (small numbers) or nothing to divide by."""

    numerator: int | None
    denominator: int | None
    value: float | None
    suppressed: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "numerator": self.numerator,
            "denominator": self.denominator,
            "value": self.value,
            "suppressed": self.suppressed,
        }


def _give_up_first(part: Hashable) -> int:
    # The parts to leave out next to protect a small one: those who did not, then the routes most cases take.
    return {"no": 0, "yes": 1, FORMAL: 0, INFORMAL: 1, EARLY: 2}.get(str(part), 3)


def _value(definition: MeasureDefinition, numerator: int | None, denominator: int | None) -> float | None:
    if numerator is None or not denominator:
        return None
    if definition.kind == MEAN_DAYS:
        return round(numerator / denominator, 1)
    return round(float(Fraction(numerator, denominator)), 4)


def publish(definition: MeasureDefinition, counts: Counts) -> Figures:
    """The measure's numbers as they may be published: its parts' table decided by disclosure.hide_in_table; a
    numerator shown only when every part it adds up is shown, or it is the total less parts that are shown."""
    parts: dict[Hashable, int | None] = {part: n for part, n in counts.parts.items()}
    # Any part of 1 to 4 leaves out every part: which ones the rule would give up to protect it depends on the
    # counts, so a reader who knows the rule could tell two small parts (4 and 4) from a small and a large one.
    small = any(n in disclosure.SMALL_COUNTS for n in counts.parts.values())
    also = frozenset(parts) if small else frozenset()
    hidden = disclosure.hide_in_table(parts, give_up_first=_give_up_first, also=also)
    total_shown = disclosure.ALL not in hidden
    denominator: int | None
    numerator: int | None
    if definition.key in ROUTE_DAYS.values():
        route = next(r for r, k in ROUTE_DAYS.items() if k == definition.key)
        denominator = None if route in hidden else counts.denominator
        numerator = None if denominator is None else counts.numerator
    elif definition.key == "resolved_without_formal_process":
        denominator = counts.denominator if total_shown else None
        parts_shown = EARLY not in hidden and INFORMAL not in hidden
        rest_shown = total_shown and FORMAL not in hidden
        numerator = counts.numerator if parts_shown or rest_shown else None
    elif definition.kind == MEAN_DAYS:  # one count: shown unless small
        denominator = counts.denominator if total_shown else None
        numerator = None if denominator is None else counts.numerator
    else:
        denominator = counts.denominator if total_shown else None
        numerator = None if "yes" in hidden else counts.numerator
    suppressed = numerator is None or denominator is None  # only ever None when left out
    return Figures(numerator, denominator, _value(definition, numerator, denominator), suppressed)


# ---------------------------------------------------------------------------------------------------------------
# The evaluation


@dataclass(frozen=True)
class Measure:
    definition: MeasureDefinition
    figures: Figures
    before: Figures | None

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def benefit(self) -> str:
        return self.definition.benefit.key

    @property
    def numerator(self) -> int | None:
        return self.figures.numerator

    @property
    def denominator(self) -> int | None:
        return self.figures.denominator

    @property
    def value(self) -> float | None:
        return self.figures.value

    @property
    def suppressed(self) -> bool:
        return self.figures.suppressed

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "benefit": self.benefit,
            "title": self.definition.title,
            "kind": self.definition.kind,
            **self.figures.as_json(),
            "before": self.before.as_json() if self.before is not None else None,
        }


@dataclass(frozen=True)
class Evaluation:
    organisation: Organisation
    start: dt.date
    end: dt.date
    adopted_on: dt.date | None
    before_period: tuple[dt.date, dt.date] | None
    measures: list[Measure]
    disproportionality: Disproportionality

    @property
    def no_before_reason(self) -> str:
        """Why there is no comparison with before adoption; empty when there is one."""
        if self.adopted_on is None:
            return _("No date of adopting the framework is recorded for the organisation.")
        if self.before_period is None:
            return _(
                "The period starts before the framework was adopted on %(adopted)s: choose a period that starts "
                "on or after that day to compare it with the time before."
            ) % {"adopted": self.adopted_on.isoformat()}
        return ""

    def as_json(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation.slug,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "framework_adopted_on": self.adopted_on.isoformat() if self.adopted_on else None,
            "before": (
                {"from": self.before_period[0].isoformat(), "to": self.before_period[1].isoformat()}
                if self.before_period
                else None
            ),
            "measures": [m.as_json() for m in self.measures],
            "disproportionality": disproportionality_json(self.disproportionality),
        }


def before_period(adopted_on: dt.date | None, start: dt.date, end: dt.date) -> tuple[dt.date, dt.date] | None:
    """The period set against [start, end]: as many days, ending the day before adoption. None without an
    adoption date, or when the period starts before it (it would hold time before adoption itself)."""
    if adopted_on is None or start < adopted_on:
        return None
    return clock.stretch_before(adopted_on, clock.days_counted(start, end))


def build_evaluation(organisation: Organisation, start: dt.date, end: dt.date) -> Evaluation:
    """The evaluation with small numbers suppressed (no audit: see evaluation_for)."""
    check_period(start, end)
    adopted_on = organisation.framework_adopted_on
    earlier = before_period(adopted_on, start, end)
    now = count_all(organisation, start, end)
    then = count_all(organisation, *earlier) if earlier else None
    measures = [
        Measure(
            definition=definition,
            figures=publish(definition, now[definition.key]),
            before=publish(definition, then[definition.key]) if then is not None else None,
        )
        for definition in measure_definitions()
    ]
    by_stage = disproportionality(organisation, end, earlier[1] if earlier else None)
    return Evaluation(organisation, start, end, adopted_on, earlier, measures, by_stage)


@transaction.atomic
def evaluation_for(
    *, by: audit.ActorLike, organisation: Organisation, start: dt.date, end: dt.date, channel: str
) -> Evaluation:
    """Build the evaluation and record who read it and how (page, pdf, xlsx, command)."""
    evaluation = build_evaluation(organisation, start, end)
    audit.record(
        by=by,
        action="evaluation.read",
        object_type="evaluation.report",
        object_id=f"{organisation.slug}:{start.isoformat()}:{end.isoformat()}"[:64],
        organisation=organisation,
        detail={"channel": channel, "from": start.isoformat(), "to": end.isoformat()},
    )
    return evaluation
