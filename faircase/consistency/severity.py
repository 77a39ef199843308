"""The severity order of routes, restrictions, referrals and outcomes, read from shipped data
(faircase/data/consistency/severity.yaml). Code interprets it; a test pins it."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy

from faircase.cases.choices import Outcome
from faircase.core.languages import localised
from faircase.policy.kinds import RestrictionKind

SEVERITY_FILE = Path(__file__).resolve().parents[1] / "data" / "consistency" / "severity.yaml"
FORMAT = "faircase-consistency-severity/1"
NOT_RECORDED = ""


class SeverityFileError(ValueError):
    pass


@dataclass(frozen=True)
class Step:
    """One place on a ladder: a route, a restriction level, a referral, or one outcome."""

    code: str
    label: Any  # text, or (an outcome's) a lazily translated label
    rank: int | None  # None: shown, never compared (an unranked outcome, or no outcome recorded)
    without: str = ""  # "without a formal investigation": how less severe comparable cases were handled
    hint: str = ""
    members: tuple[str, ...] = ()  # the stages, restriction kinds or outcomes that put a case here
    # The same words in Welsh (ADR 41), from the file's `label_cy`, `without_cy` and `hint_cy`; blank: English.
    label_cy: str = ""
    without_cy: str = ""
    hint_cy: str = ""

    @property
    def shown_label(self) -> str:
        """The label in the language in use."""
        return str(localised(self, "label"))

    @property
    def shown_without(self) -> str:
        return str(localised(self, "without"))

    @property
    def shown_hint(self) -> str:
        return str(localised(self, "hint"))


@dataclass(frozen=True)
class Ladder:
    key: str
    steps: tuple[Step, ...]

    def step(self, code: str) -> Step:
        for step in self.steps:
            if step.code == code:
                return step
        raise KeyError(f"No {code!r} in {self.key}")

    def step_for_member(self, member: str) -> Step | None:
        """The step a stage, restriction kind or outcome belongs to."""
        return next((s for s in self.steps if member in s.members), None)

    def step_for_rank(self, rank: int) -> Step:
        return next(s for s in self.steps if s.rank == rank)

    @property
    def ranked(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.rank is not None)


@dataclass(frozen=True)
class Severity:
    warn_above_share: float
    weak_below: int
    suppress_below: int  # counts of 1 to suppress_below - 1 of cases the reader may not open are never shown
    hidden_exact_from: int  # fewer cases the reader may not open than this: only "fewer than" it is said
    routes: Ladder
    restrictions: Ladder
    referrals: Ladder
    outcomes: Ladder

    @property
    def formal_stages(self) -> tuple[str, ...]:
        return tuple(stage for step in self.routes.steps for stage in step.members)

    def route_rank_of_stage(self, stage: str) -> int:
        step = self.routes.step_for_member(stage)
        return step.rank if step is not None else 0

    def restriction_rank_of_kind(self, kind: str) -> int:
        step = self.restrictions.step_for_member(kind)
        return step.rank if step is not None else 0

    def outcome_rank(self, outcome: str) -> int | None:
        try:
            return self.outcomes.step(outcome).rank
        except KeyError:
            return None


def _levels(
    data: dict, key: str, member_key: str, allowed: set[str], *, members_required: bool = True
) -> Ladder:
    raw = data.get(key)
    if not isinstance(raw, list) or len(raw) < 2:
        raise SeverityFileError(f"{key}: give at least two levels, least severe first")
    steps = []
    seen: set[str] = set()
    for rank, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("code") or not item.get("label"):
            raise SeverityFileError(f"{key}: every level needs a code and a label")
        members = tuple(item.get(member_key) or ())
        unknown = set(members) - allowed
        if unknown:
            raise SeverityFileError(f"{key}: unknown {member_key}: {', '.join(sorted(unknown))}")
        if seen & set(members):
            raise SeverityFileError(f"{key}: {', '.join(sorted(seen & set(members)))} appears twice")
        seen |= set(members)
        if rank == 0 and members:
            raise SeverityFileError(
                f"{key}: the least severe level is where cases with none of the others go"
            )
        if rank > 0 and ((members_required and not members) or not item.get("without")):
            raise SeverityFileError(f"{key}: level {item['code']} needs {member_key} and a 'without' phrase")
        steps.append(
            Step(
                code=item["code"],
                label=item["label"],
                rank=rank,
                without=item.get("without", ""),
                hint=item.get("hint", ""),
                members=members,
                label_cy=item.get("label_cy", ""),
                without_cy=item.get("without_cy", ""),
                hint_cy=item.get("hint_cy", ""),
            )
        )
    return Ladder(key=key, steps=tuple(steps))


def _outcomes(data: dict) -> Ladder:
    raw = data.get("outcomes")
    if not isinstance(raw, list) or not raw:
        raise SeverityFileError("outcomes: list the outcomes, least severe first")
    unranked = list(data.get("unranked_outcomes") or [])
    placed = [code for level in raw for code in level] + unranked
    if sorted(placed) != sorted(Outcome.values):
        missing = set(Outcome.values) - set(placed)
        extra = set(placed) - set(Outcome.values)
        repeated = {c for c in placed if placed.count(c) > 1}
        raise SeverityFileError(
            "outcomes: every outcome must appear exactly once"
            + (f"; missing {', '.join(sorted(missing))}" if missing else "")
            + (f"; unknown {', '.join(sorted(extra))}" if extra else "")
            + (f"; repeated {', '.join(sorted(repeated))}" if repeated else "")
        )
    steps = [
        Step(code=code, label=Outcome(code).label, rank=rank, members=(code,))
        for rank, level in enumerate(raw)
        for code in level
    ]
    steps += [Step(code=code, label=Outcome(code).label, rank=None, members=(code,)) for code in unranked]
    steps.append(Step(code=NOT_RECORDED, label=gettext_lazy("No outcome recorded"), rank=None))
    return Ladder(key="outcomes", steps=tuple(steps))


def parse(data: Any) -> Severity:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SeverityFileError(f"The file must start with format: {FORMAT}")
    share = data.get("warn_above_share")
    weak = data.get("weak_below")
    if not isinstance(share, int | float) or not 0 <= share < 1:
        raise SeverityFileError("warn_above_share must be a share between 0 and 1")
    if not isinstance(weak, int) or weak < 1:
        raise SeverityFileError("weak_below must be a whole number of cases")
    suppress = data.get("suppress_below")
    exact = data.get("hidden_exact_from")
    if not isinstance(suppress, int) or isinstance(suppress, bool) or suppress < 2:
        raise SeverityFileError("suppress_below must be a whole number of cases, 2 or more")
    if not isinstance(exact, int) or isinstance(exact, bool) or exact <= suppress:
        raise SeverityFileError("hidden_exact_from must be a whole number of cases, more than suppress_below")
    from faircase.policy.workflow import get_workflow

    stages = {s.code for s in get_workflow().stages}
    # A recorded referral counts whatever the outcome, so the referral level may name no outcomes.
    referrals = _levels(data, "referrals", "outcomes", set(Outcome.values), members_required=False)
    return Severity(
        warn_above_share=float(share),
        weak_below=weak,
        suppress_below=suppress,
        hidden_exact_from=exact,
        routes=_levels(data, "routes", "stages", stages),
        restrictions=_levels(data, "restrictions", "kinds", set(RestrictionKind.values)),
        referrals=referrals,
        outcomes=_outcomes(data),
    )


@cache
def severity() -> Severity:
    with SEVERITY_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
