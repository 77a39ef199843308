"""The arithmetic of the consistency lens, apart from the database: counts of comparable closed cases by how they
were handled and how they ended, their shares, and whether a proposed step is more severe than most of them.

`build_comparison(rows)` takes the grouped rows of the one aggregate query (see selectors.comparison_for): each
row a mapping with route_rank, restriction_rank, referral_rank, outcome, can_open (may the reader open those
cases; True when absent) and n. Every count is kept in full, and beside it how many of those cases the reader may
not open: what may be shown of them is decided in disclosure.py, never here.
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
    hidden: tuple[int, ...] = ()  # for each step, how many of its cases the reader may not open

    @property
    def hidden_counts(self) -> tuple[int, ...]:
        return self.hidden or tuple(0 for _ in self.counts)

    def hidden_count(self, code: str) -> int:
        return next(
            (
                n
                for (step, _count), n in zip(self.counts, self.hidden_counts, strict=True)
                if step.code == code
            ),
            0,
        )

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
    hidden_total: int = 0  # how many of the comparable cases the reader may not open

    @property
    def can_open(self) -> int:
        return self.total - self.hidden_total

    @property
    def tables(self) -> dict[str, Distribution]:
        return {
            "route": self.route,
            "restriction": self.restriction,
            "referral": self.referral,
            "outcome": self.outcome,
        }

    @property
    def weak(self) -> bool:
        return self.total < self.weak_below


def _distribution(
    ladder: Ladder, counter: Mapping[Any, int], hidden: Mapping[Any, int], key: Any
) -> Distribution:
    return Distribution(
        ladder=ladder,
        counts=tuple((step, counter.get(key(step), 0)) for step in ladder.steps),
        hidden=tuple(hidden.get(key(step), 0) for step in ladder.steps),
    )


def build_comparison(rows: Iterable[Mapping[str, Any]], sev: Severity | None = None) -> Comparison:
    sev = sev or severity()
    names = ("route", "restriction", "referral", "outcome")
    counters: dict[str, Counter] = {name: Counter() for name in names}
    hidden: dict[str, Counter] = {name: Counter() for name in names}
    known_outcomes = {step.code for step in sev.outcomes.steps}
    total = hidden_total = 0
    for row in rows:
        n = int(row["n"])
        outcome = row.get("outcome") or NOT_RECORDED
        places = {
            "route": int(row["route_rank"] or 0),
            "restriction": int(row["restriction_rank"] or 0),
            "referral": int(row["referral_rank"] or 0),
            "outcome": outcome if outcome in known_outcomes else NOT_RECORDED,
        }
        total += n
        for name, place in places.items():
            counters[name][place] += n
        if not row.get("can_open", True):
            hidden_total += n
            for name, place in places.items():
                hidden[name][place] += n

    def by_rank(step: Step) -> Any:
        return step.rank

    def by_code(step: Step) -> Any:
        return step.code

    return Comparison(
        total=total,
        weak_below=sev.weak_below,
        route=_distribution(sev.routes, counters["route"], hidden["route"], by_rank),
        restriction=_distribution(sev.restrictions, counters["restriction"], hidden["restriction"], by_rank),
        referral=_distribution(sev.referrals, counters["referral"], hidden["referral"], by_rank),
        outcome=_distribution(sev.outcomes, counters["outcome"], hidden["outcome"], by_code),
        hidden_total=hidden_total,
    )
