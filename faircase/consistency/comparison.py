"""The arithmetic of the consistency lens, apart from the database: counts of comparable closed cases by how they
were handled and how they ended, their shares, and whether a proposed step is more severe than most of them.

`build_comparison(rows)` takes the grouped rows of the one aggregate query (see selectors.comparable_counts):
each row a mapping with route_rank, restriction_rank, referral_rank, outcome and n.
"""

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from faircase.consistency.severity import NOT_RECORDED, Ladder, Severity, Step, severity


def percent(part: int, whole: int) -> str:
    """A share as a whole percentage, for people: 7 of 9 is "78%"."""
    if not whole:
        return "\u2013"
    return f"{round(100 * part / whole)}%"


@dataclass(frozen=True)
class Row:
    step: Step
    count: int
    share: str


@dataclass(frozen=True)
class Distribution:
    """How many comparable cases sit at each step of one ladder (every step listed, zeros included)."""

    ladder: Ladder
    counts: tuple[tuple[Step, int], ...]

    @property
    def total(self) -> int:
        return sum(count for _step, count in self.counts)

    @property
    def compared(self) -> int:
        """Cases with a place in the order (an unranked or unrecorded outcome is shown but not compared)."""
        return sum(count for step, count in self.counts if step.rank is not None)

    def count(self, code: str) -> int:
        return next((count for step, count in self.counts if step.code == code), 0)

    def less_severe_than(self, rank: int) -> int:
        return sum(count for step, count in self.counts if step.rank is not None and step.rank < rank)

    def more_severe_than_most(self, rank: int, *, above: float) -> bool:
        """True when more than `above` (a share) of the compared cases were less severe than `rank`."""
        compared = self.compared
        return compared > 0 and self.less_severe_than(rank) > above * compared

    def rows(self, *, hide_empty_unranked: bool = True) -> list[Row]:
        total = self.total
        return [
            Row(step=step, count=count, share=percent(count, total))
            for step, count in self.counts
            if count or step.rank is not None or not hide_empty_unranked
        ]


@dataclass(frozen=True)
class Comparison:
    total: int
    weak_below: int
    route: Distribution
    restriction: Distribution
    referral: Distribution
    outcome: Distribution

    @property
    def weak(self) -> bool:
        return self.total < self.weak_below

    @property
    def distributions(self) -> list[tuple[str, Distribution]]:
        return [
            ("Route", self.route),
            ("Exclusion, suspension or restriction", self.restriction),
            ("Referral to the regulator", self.referral),
        ]


def _by_rank(ladder: Ladder, counter: Mapping[Any, int]) -> Distribution:
    return Distribution(
        ladder=ladder, counts=tuple((step, counter.get(step.rank, 0)) for step in ladder.steps)
    )


def build_comparison(rows: Iterable[Mapping[str, Any]], sev: Severity | None = None) -> Comparison:
    sev = sev or severity()
    routes: Counter = Counter()
    restrictions: Counter = Counter()
    referrals: Counter = Counter()
    outcomes: Counter = Counter()
    known_outcomes = {step.code for step in sev.outcomes.steps}
    total = 0
    for row in rows:
        n = int(row["n"])
        total += n
        routes[int(row["route_rank"] or 0)] += n
        restrictions[int(row["restriction_rank"] or 0)] += n
        referrals[int(row["referral_rank"] or 0)] += n
        outcome = row.get("outcome") or NOT_RECORDED
        outcomes[outcome if outcome in known_outcomes else NOT_RECORDED] += n
    return Comparison(
        total=total,
        weak_below=sev.weak_below,
        route=_by_rank(sev.routes, routes),
        restriction=_by_rank(sev.restrictions, restrictions),
        referral=_by_rank(sev.referrals, referrals),
        outcome=Distribution(
            ladder=sev.outcomes,
            counts=tuple((step, outcomes.get(step.code, 0)) for step in sev.outcomes.steps),
        ),
    )
