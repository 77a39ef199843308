"""The consistency lens as people read it: the evidence page of a case, and the check shown on the pages of
significant decisions (moving to a formal investigation, recording an exclusion or suspension or a referral to
the regulator, and closing a case with an outcome). The check is information; it never blocks a decision.

Views call `case_page_context`, `move_check`, `restriction_check` and `referral_check`; the language check's
views pass `language_lexicon` (selectors.lexicon_for) to the templates.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from faircase.cases.choices import Outcome
from faircase.consistency import selectors
from faircase.consistency.comparison import Comparison, Distribution, percent
from faircase.consistency.severity import NOT_RECORDED, Ladder, Severity, severity
from faircase.core.formatting import nhs_date


def _most(sev: Severity) -> str:
    return (
        "more than half" if sev.warn_above_share == 0.5 else f"more than {round(100 * sev.warn_above_share)}%"
    )


def evidence_url(case: Any) -> str:
    return reverse("consistency:case", kwargs={"case_id": case.pk})


@dataclass
class DecisionCheck:
    """What the page of a significant decision shows about comparable cases."""

    evidence_url: str
    total: int
    weak: bool
    most: str
    warnings: list[str] = field(default_factory=list)


def _check(case: Any, comparison: Comparison, sev: Severity) -> DecisionCheck:
    return DecisionCheck(
        evidence_url=evidence_url(case), total=comparison.total, weak=comparison.weak, most=_most(sev)
    )


def _handled_less_severely(distribution: Distribution, rank: int, ladder: Ladder, what: str) -> str:
    step = ladder.step_for_rank(rank)
    less, compared = distribution.less_severe_than(rank), distribution.compared
    return (
        f"{what}: {less} of {compared} comparable closed cases ({percent(less, compared)}) "
        f"were handled {step.without}."
    )


def move_check(
    case: Any, user: Any, *, workflow: Any, moves: list[Any], to_stage: str = "", outcome: str = ""
) -> DecisionCheck | None:
    """For the stage-move page: a route more severe than the case has taken so far, or closing with an outcome."""
    sev = severity()
    targets = [m.target for m in moves]
    if to_stage in targets:
        targets = [to_stage]
    route_now = selectors.handling_so_far(case)["route_rank"]
    escalations = [(t, sev.route_rank_of_stage(t)) for t in targets if sev.route_rank_of_stage(t) > route_now]
    closing = any(workflow.stage(t).final for t in targets)
    if not escalations and not closing:
        return None
    comparison = selectors.comparison_for(case, user)
    if comparison is None:
        return None
    check = _check(case, comparison, sev)
    for target, rank in escalations:
        if comparison.route.more_severe_than_most(rank, above=sev.warn_above_share):
            check.warnings.append(
                _handled_less_severely(
                    comparison.route, rank, sev.routes, f"Moving to {workflow.stage_name(target).lower()}"
                )
            )
    if closing:
        chosen = sev.outcome_rank(outcome) if outcome in Outcome.values else None
        steps = [sev.outcomes.step(outcome)] if chosen is not None else list(sev.outcomes.ranked)
        flagged = [
            s for s in steps if comparison.outcome.more_severe_than_most(s.rank, above=sev.warn_above_share)
        ]
        compared = comparison.outcome.compared
        if chosen is not None and flagged:
            less = comparison.outcome.less_severe_than(chosen)
            check.warnings.append(
                f"Closing with the outcome “{flagged[0].label}”: {less} of {compared} comparable closed cases "
                f"({percent(less, compared)}) ended with a less severe outcome."
            )
        elif flagged:
            # Flags only grow with severity: name the least severe flagged outcome(s); all above it are flagged too.
            lowest = min(s.rank for s in flagged)
            labels = " or ".join(f"“{s.label}”" for s in flagged if s.rank == lowest)
            less = comparison.outcome.less_severe_than(lowest)
            check.warnings.append(
                f"Closing the case with the outcome {labels} or a more severe one: {less} of {compared} comparable "
                f"closed cases ({percent(less, compared)}) ended with a less severe outcome."
            )
    return check


def restriction_check(case: Any, user: Any, *, kind: str) -> DecisionCheck | None:
    sev = severity()
    rank = sev.restriction_rank_of_kind(kind)
    if rank == 0:
        return None
    comparison = selectors.comparison_for(case, user)
    if comparison is None:
        return None
    check = _check(case, comparison, sev)
    if comparison.restriction.more_severe_than_most(rank, above=sev.warn_above_share):
        from faircase.policy.kinds import RestrictionKind

        check.warnings.append(
            _handled_less_severely(
                comparison.restriction, rank, sev.restrictions, RestrictionKind(kind).label
            )
        )
    return check


def referral_check(case: Any, user: Any) -> DecisionCheck | None:
    sev = severity()
    rank = max(s.rank for s in sev.referrals.ranked)
    comparison = selectors.comparison_for(case, user)
    if comparison is None:
        return None
    check = _check(case, comparison, sev)
    if comparison.referral.more_severe_than_most(rank, above=sev.warn_above_share):
        check.warnings.append(
            _handled_less_severely(comparison.referral, rank, sev.referrals, "Referring to the regulator")
        )
    return check


# ---- the evidence page --------------------------------------------------------------------------------------


def _table(title: str, distribution: Distribution, this_case: str | None) -> dict[str, Any]:
    return {
        "title": title,
        "rows": [
            {
                "label": row.step.label,
                "hint": row.step.hint,
                "count": row.count,
                "share": row.share,
                "this_case": row.step.code == this_case,
            }
            for row in distribution.rows()
        ],
        "total": distribution.total,
    }


def _label(ladder: Ladder, rank: int | None) -> str:
    return ladder.step_for_rank(rank or 0).label


def case_page_context(case: Any, user: Any) -> dict[str, Any]:
    sev = severity()
    profile = selectors.profile_of(case)
    so_far = selectors.handling_so_far(case)
    context: dict[str, Any] = {
        "profile": profile,
        "comparison": None,
        "tables": [],
        "visible": [],
        "more_visible": False,
        "most": _most(sev),
        "weak_below": sev.weak_below,
    }
    if profile is None:
        return context
    comparison = selectors.comparison_for(case, user, profile)
    assert comparison is not None
    steps = {
        "route": sev.routes.step_for_rank(so_far["route_rank"]).code,
        "restriction": sev.restrictions.step_for_rank(so_far["restriction_rank"]).code,
        "referral": sev.referrals.step_for_rank(so_far["referral_rank"]).code,
    }
    outcome_code = (so_far["outcome"] or NOT_RECORDED) if case.is_closed else None
    context["comparison"] = comparison
    context["tables"] = [
        _table("Route", comparison.route, steps["route"]),
        _table("Exclusion, suspension or restriction", comparison.restriction, steps["restriction"]),
        _table("Referral to the regulator", comparison.referral, steps["referral"]),
    ]
    context["outcome_table"] = _table("Outcome", comparison.outcome, outcome_code)
    visible = selectors.visible_comparable_cases(case, profile, user)
    context["more_visible"] = len(visible) > selectors.VISIBLE_LIMIT
    context["visible"] = [
        {
            "id": row["pk"],
            "reference": row["reference"],
            "closed": nhs_date(row["closed_at"]),
            "route": _label(sev.routes, row["route_rank"]),
            "restriction": _label(sev.restrictions, row["restriction_rank"]),
            "referral": _label(sev.referrals, row["referral_rank"]),
            "outcome": Outcome(row["outcome"]).label
            if row["outcome"] in Outcome.values
            else "No outcome recorded",
        }
        for row in visible[: selectors.VISIBLE_LIMIT]
    ]
    context["this_case"] = [
        ("Route so far", sev.routes.step_for_rank(so_far["route_rank"]).label),
        (
            "Exclusion, suspension or restriction so far",
            sev.restrictions.step_for_rank(so_far["restriction_rank"]).label,
        ),
        ("Referral to the regulator so far", sev.referrals.step_for_rank(so_far["referral_rank"]).label),
    ]
    if case.is_closed:
        context["this_case"].append(("Outcome", case.get_outcome_display() or "No outcome recorded"))
    return context
