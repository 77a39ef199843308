"""The consistency lens as people read it: the evidence page of a case, and the check shown on the pages of
significant decisions (moving to a formal investigation, recording an exclusion or suspension or a referral to
the regulator, and closing a case with an outcome). The check is information; it never blocks a decision.

Views call `case_page_context`, `move_check`, `restriction_check` and `referral_check`; the language check's
views pass `language_lexicon` (selectors.lexicon_for) to the templates. Every figure comes from one Disclosure
(disclosure.py) made by `disclosure_for`, so the evidence page and the decision pages show the same figures and hide
the same ones.
"""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from faircase.cases.choices import Outcome
from faircase.consistency import selectors
from faircase.consistency.comparison import percent
from faircase.consistency.disclosure import Disclosure, disclose
from faircase.consistency.severity import NOT_RECORDED, Ladder, Severity, severity
from faircase.core.formatting import counted, nhs_date, pluralise


def _most(sev: Severity) -> str:
    return (
        _("more than half")
        if sev.warn_above_share == 0.5
        else _("more than %(percent)s%%") % {"percent": round(100 * sev.warn_above_share)}
    )


def _cases(n: int) -> str:
    return pluralise(n, counted("comparable closed case", "comparable closed cases"))


def evidence_url(case: Any) -> str:
    return reverse("consistency:case", kwargs={"case_id": case.pk})


def disclosure_for(case: Any, user: Any, profile: Any = None) -> Disclosure | None:
    """The one door from the counts to the pages: every figure the lens shows a reader comes through here."""
    comparison = selectors.comparison_for(case, user, profile)
    return None if comparison is None else disclose(comparison, severity())


# ---- sentences shared by the evidence page and the decision pages -----------------------------------------------


def how_many(d: Disclosure) -> str:
    """How many comparable closed cases there are, as far as the reader may know."""
    if d.total is not None:
        return _cases(d.total)
    if d.can_open:
        return _("%(cases)s you can open, and fewer than %(below)s you cannot open") % {
            "cases": _cases(d.can_open),
            "below": d.hidden_below,
        }
    return _("Fewer than %(below)s comparable closed cases, none of them cases you can open") % {
        "below": d.hidden_below
    }


def there_are(d: Disclosure) -> str:
    """How many there are, as a sentence."""
    words = how_many(d)
    words = f"{words[0].lower()}{words[1:]}"
    return (
        _("There is %(cases)s.") % {"cases": words}
        if d.total == 1
        else _("There are %(cases)s.") % {"cases": words}
    )


def how_many_hidden(d: Disclosure) -> str:
    """With the number given: how many of them the reader cannot open (nothing when none)."""
    if not d.hidden:
        return ""
    return ngettext(
        "%(num)s of them is a case you cannot open.", "%(num)s of them are cases you cannot open.", d.hidden
    ) % {"num": d.hidden}


def weak_sentence(d: Disclosure) -> str:
    if d.weak:
        if d.total == 1:
            return _("The comparison is weak: there is only 1 comparable closed case.")
        return _("The comparison is weak: there are only %(cases)s.") % {"cases": _cases(d.total or 0)}
    if d.may_be_weak:
        return _("The comparison may be weak: there are fewer than %(cases)s.") % {
            "cases": _cases(d.at_most + 1)
        }
    return ""


def _ladder_warning(d: Disclosure, key: str, rank: int, ladder: Ladder, what: str, sev: Severity) -> str:
    """The sentence for a step more severe than how most comparable cases were handled: figures only if shown."""
    step = ladder.step_for_rank(rank)
    figures = d.figures(key, rank)
    if figures is None:
        return _("%(what)s: %(most)s of the comparable closed cases were handled %(without)s.") % {
            "what": what,
            "most": _most(sev),
            "without": step.shown_without,
        }
    less, compared = figures
    return _(
        "%(what)s: %(less)s of %(compared)s comparable closed cases (%(percent)s) were handled %(without)s."
    ) % {
        "what": what,
        "less": less,
        "compared": compared,
        "percent": percent(less, compared),
        "without": step.shown_without,
    }


def _outcome_warning(d: Disclosure, opening: str, rank: int, sev: Severity) -> str:
    figures = d.figures("outcome", rank)
    if figures is None:
        return _("%(what)s: %(most)s of the comparable closed cases ended with a less severe outcome.") % {
            "what": opening,
            "most": _most(sev),
        }
    less, compared = figures
    return _(
        "%(what)s: %(less)s of %(compared)s comparable closed cases (%(percent)s) ended with a less severe outcome."
    ) % {"what": opening, "less": less, "compared": compared, "percent": percent(less, compared)}


# ---- the check on the page of a significant decision ----------------------------------------------------------


@dataclass
class DecisionCheck:
    """What the page of a significant decision shows about comparable cases."""

    evidence_url: str
    any: bool  # are there comparable closed cases at all?
    total: int | None  # how many, when that may be shown
    how_many: str  # the same, in words, as far as the reader may know
    there_are: str  # ... as a sentence
    weak: str  # a sentence when the comparison is (or may be) weak
    most: str
    warnings: list[str] = field(default_factory=list)


def decision_check(case: Any, d: Disclosure, sev: Severity) -> DecisionCheck:
    return DecisionCheck(
        evidence_url=evidence_url(case),
        any=d.any,
        total=d.total,
        how_many=how_many(d),
        there_are=there_are(d),
        weak=weak_sentence(d),
        most=_most(sev),
    )


def route_warning(d: Disclosure, rank: int, what: str, sev: Severity) -> str | None:
    if not d.comparison.route.more_severe_than_most(rank, above=sev.warn_above_share):
        return None
    return _ladder_warning(d, "route", rank, sev.routes, what, sev)


def closing_warning(d: Disclosure, outcome: str, sev: Severity) -> str | None:
    """Closing the case: with the outcome chosen, or (none chosen yet) the least severe outcomes that would be flagged."""
    chosen = sev.outcome_rank(outcome) if outcome in Outcome.values else None
    steps = [sev.outcomes.step(outcome)] if chosen is not None else list(sev.outcomes.ranked)
    flagged = [
        s
        for s in steps
        if s.rank is not None
        and d.comparison.outcome.more_severe_than_most(s.rank, above=sev.warn_above_share)
    ]
    if not flagged:
        return None
    if chosen is not None:
        opening = _("Closing with the outcome \u201c%(outcome)s\u201d") % {"outcome": flagged[0].shown_label}
        return _outcome_warning(d, opening, chosen, sev)
    # Flags only grow with severity: name the least severe flagged outcome(s); all above it are flagged too.
    lowest = min(s.rank for s in flagged if s.rank is not None)
    labels = [s.shown_label for s in flagged if s.rank == lowest]
    named = f"\u201c{labels[0]}\u201d"
    for label in labels[1:]:
        named = _("%(outcomes)s or %(outcome)s") % {"outcomes": named, "outcome": f"\u201c{label}\u201d"}
    return _outcome_warning(
        d,
        _("Closing the case with the outcome %(outcomes)s or a more severe one") % {"outcomes": named},
        lowest,
        sev,
    )


def restriction_warning(d: Disclosure, kind: str, sev: Severity) -> str | None:
    from faircase.policy.kinds import RestrictionKind

    rank = sev.restriction_rank_of_kind(kind)
    if rank == 0 or not d.comparison.restriction.more_severe_than_most(rank, above=sev.warn_above_share):
        return None
    return _ladder_warning(d, "restriction", rank, sev.restrictions, str(RestrictionKind(kind).label), sev)


def referral_warning(d: Disclosure, sev: Severity) -> str | None:
    rank = max(s.rank for s in sev.referrals.ranked if s.rank is not None)
    if not d.comparison.referral.more_severe_than_most(rank, above=sev.warn_above_share):
        return None
    return _ladder_warning(d, "referral", rank, sev.referrals, _("Referring to the regulator"), sev)


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
    d = disclosure_for(case, user)
    if d is None:
        return None
    check = decision_check(case, d, sev)
    for target, rank in escalations:
        what = _("Moving to %(stage)s") % {"stage": str(workflow.stage_name(target)).lower()}
        warning = route_warning(d, rank, what, sev)
        if warning:
            check.warnings.append(warning)
    if closing:
        warning = closing_warning(d, outcome, sev)
        if warning:
            check.warnings.append(warning)
    return check


def restriction_check(case: Any, user: Any, *, kind: str) -> DecisionCheck | None:
    sev = severity()
    if sev.restriction_rank_of_kind(kind) == 0:
        return None
    d = disclosure_for(case, user)
    if d is None:
        return None
    check = decision_check(case, d, sev)
    warning = restriction_warning(d, kind, sev)
    if warning:
        check.warnings.append(warning)
    return check


def referral_check(case: Any, user: Any) -> DecisionCheck | None:
    sev = severity()
    d = disclosure_for(case, user)
    if d is None:
        return None
    check = decision_check(case, d, sev)
    warning = referral_warning(d, sev)
    if warning:
        check.warnings.append(warning)
    return check


def report_decision_check(
    case: Any, user: Any, *, hearing: bool = False, referral: bool = False
) -> DecisionCheck | None:
    """For the decision on an investigation report (faircase.proceedings): how comparable closed cases were
    handled, with a warning when the decision refers the practitioner to a hearing, a route more severe than most
    of them took, or to the regulator."""
    sev = severity()
    d = disclosure_for(case, user)
    if d is None:
        return None
    check = decision_check(case, d, sev)
    rank = sev.route_rank_of_stage("hearing")
    if hearing and rank > selectors.handling_so_far(case)["route_rank"]:
        warning = route_warning(d, rank, _("Referring the practitioner to a hearing"), sev)
        if warning:
            check.warnings.append(warning)
    if referral:
        warning = referral_warning(d, sev)
        if warning:
            check.warnings.append(warning)
    return check


# ---- the evidence page --------------------------------------------------------------------------------------

TITLES = {
    "route": "Route",
    "restriction": "Exclusion, suspension or restriction",
    "referral": "Referral to the regulator",
    "outcome": "Outcome",
}


def _title(key: str) -> str:
    """TITLES in the language in use (TITLES itself stays English for the checks that read it)."""
    return {
        "route": _("Route"),
        "restriction": _("Exclusion, suspension or restriction"),
        "referral": _("Referral to the regulator"),
        "outcome": _("Outcome"),
    }[key]


def table(d: Disclosure, key: str, this_case: str | None) -> dict[str, Any]:
    """One count table of the evidence page, or (shown=False) only its title where it may not be shown."""
    distribution = d.table(key)
    if distribution is None:
        return {"title": _title(key), "shown": False, "rows": []}
    return {
        "title": _title(key),
        "shown": True,
        "rows": [
            {
                "label": row.step.shown_label,
                "hint": row.step.shown_hint,
                "count": row.count,
                "share": row.share,
                "this_case": row.step.code == this_case,
            }
            for row in distribution.rows()
        ],
    }


def evidence_figures(d: Disclosure, sev: Severity, this_case: dict[str, str | None]) -> dict[str, Any]:
    """Everything the evidence page says about the counts (`this_case`: the case's own step in each table)."""
    return {
        "disclosure": d,
        "how_many": how_many(d),
        "how_many_hidden": how_many_hidden(d),
        "weak_below": sev.weak_below,
        "at_most": _cases(d.at_most + 1),
        "tables": [table(d, key, this_case.get(key)) for key in ("route", "restriction", "referral")],
        "outcome_table": table(d, "outcome", this_case.get("outcome")),
    }


def _label(ladder: Ladder, rank: int | None) -> str:
    return ladder.step_for_rank(rank or 0).shown_label


def case_page_context(case: Any, user: Any) -> dict[str, Any]:
    sev = severity()
    profile = selectors.profile_of(case)
    so_far = selectors.handling_so_far(case)
    context: dict[str, Any] = {
        "profile": profile,
        "disclosure": None,
        "tables": [],
        "visible": [],
        "more_visible": False,
        "most": _most(sev),
    }
    if profile is None:
        return context
    d = disclosure_for(case, user, profile)
    assert d is not None
    steps: dict[str, str | None] = {
        "route": sev.routes.step_for_rank(so_far["route_rank"]).code,
        "restriction": sev.restrictions.step_for_rank(so_far["restriction_rank"]).code,
        "referral": sev.referrals.step_for_rank(so_far["referral_rank"]).code,
    }
    steps["outcome"] = (so_far["outcome"] or NOT_RECORDED) if case.is_closed else None
    context.update(evidence_figures(d, sev, steps))
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
            else _("No outcome recorded"),
        }
        for row in visible[: selectors.VISIBLE_LIMIT]
    ]
    context["this_case"] = [
        (_("Route so far"), sev.routes.step_for_rank(so_far["route_rank"]).shown_label),
        (
            _("Exclusion, suspension or restriction so far"),
            sev.restrictions.step_for_rank(so_far["restriction_rank"]).shown_label,
        ),
        (
            _("Referral to the regulator so far"),
            sev.referrals.step_for_rank(so_far["referral_rank"]).shown_label,
        ),
    ]
    if case.is_closed:
        context["this_case"].append((_("Outcome"), case.get_outcome_display() or _("No outcome recorded")))
    return context
