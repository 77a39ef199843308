"""Which counts a published report may show: the disclosure control of docs/adr/0008 (issue 9), pure Python.

A reader of published reports can ask for many of them (each organisation alone and together, each year, a
window, every stage, dimension and reference group) and subtract one from another. So whether a count is shown
never depends on the request or on who asks: it is decided for each organisation on its own, table by table,
and everything a report shows is either one of those decisions or a sum of counts that are all shown.

1. **One table, decided alone** (`hide_in_table`): one organisation, one financial year, one profession,
   dimension and measure (entrants at a stage, or the workforce headcount). Counts of 1 to 4 are left out;
   then, while the total is shown, more groups (in a fixed order: the missing-data group first, the usual
   reference group last) until at least two are left out and they add up to 5 or more. A total is left out
   only when it is itself 1 to 4, so it is the same in every dimension.
2. **Several organisations add nothing**: a count for several organisations is shown only when it is shown for
   every one of them (reports.py), so it is a sum of numbers already published.
3. **A window is a fixed block of five years** (`published_window_problem`, `hide_in_block`): its single years
   are decided alone (rule 1), and a block count is shown only when no year's count left out can be worked out
   from it and the years' counts (checked exactly, as the reader would) and no group's left-out years add up to
   1 to 4. A block total is shown only when every year's total is.
4. Everything else a report shows (rates, ratios, intervals, shares, flags, funnel points) is made only from
   counts that are shown (reports.py).
"""

from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.utils.translation import gettext as _

from faircase.core.formatting import counted, pluralise

SMALL_COUNTS = range(1, 5)  # counts never published: 1 to 4
ALL = "*"  # the total of a table, beside its groups

# The windows a published report may gather: one financial year, or a fixed block of five. Blocks do not
# overlap: each ends with a financial year starting in a year divisible by five (2020-21, 2025-26, 2030-31).
# Rolling windows, and two years, would overlap each other and the five-year blocks (a reader could subtract
# one from another), so they are only for those who handle the data.
BLOCK_YEARS = 5
PUBLISHED_WINDOWS = (1, BLOCK_YEARS)


def _financial_year(start: int) -> str:
    return f"{start}-{(start + 1) % 100:02d}"


def block_end(period: str) -> str:
    """The last financial year of the fixed block that holds `period` (2023-24: 2025-26)."""
    start = int(period[:4])
    return _financial_year(start + (-start) % BLOCK_YEARS)


# Said wherever the choice is offered: "2020-21, 2025-26, 2030-31 and so on" (BLOCK_ENDS for the command line,
# block_ends() on pages, in the reader's language).
BLOCK_END_YEARS = ", ".join(_financial_year(y) for y in range(2020, 2031, BLOCK_YEARS))
BLOCK_ENDS = f"{BLOCK_END_YEARS} and so on"


def block_ends() -> str:
    return _("%(years)s and so on") % {"years": BLOCK_END_YEARS}


def published_window_problem(period: str, window: int) -> str:
    """Why a published report cannot gather `window` years ending with `period`; empty when it can."""
    if window == 1 or (window == BLOCK_YEARS and block_end(period) == period):
        return ""
    end = block_end(period)
    return _(
        "A published report gathers 1 year, or the fixed %(years)s ending with a year such as %(end)s (so that one "
        "window cannot be subtracted from another): choose 1 year, or %(end)s with %(years)s"
    ) % {"years": pluralise(BLOCK_YEARS, counted("year", "years")), "end": end}


Order = Callable[[Hashable], int]


def hide_in_table(
    parts: Mapping[Hashable, int | None],
    *,
    give_up_first: Order,
    also: frozenset[Hashable] | set[Hashable] = frozenset(),
) -> set[Hashable]:
    """The cells of one table (groups, and ALL for their total) to leave out of a published report.

    `parts` are the groups' counts (None: nothing to show, no baseline); the total is their sum. Counts of 1 to
    4 go, and those in `also`. While the total is shown, other groups go too, non-zero ones first in the order
    `give_up_first` (then smallest), until at least two are left out and they add up to 5 or more: then no total
    minus the others gives one back, nor a small number for the groups together. The total goes only when it is
    1 to 4 itself."""
    present = {g: v for g, v in parts.items() if v is not None}
    hidden = {g for g, v in present.items() if v in SMALL_COUNTS} | (set(also) & (set(present) | {ALL}))
    total = sum(present.values()) if present else None
    if total in SMALL_COUNTS:
        hidden.add(ALL)
    if ALL in hidden or total is None:
        return hidden
    while True:
        secret = [g for g in present if g in hidden]
        if not secret or (len(secret) >= 2 and sum(present[g] for g in secret) not in SMALL_COUNTS):
            return hidden
        candidates = [g for g in present if g not in hidden]
        if not candidates:  # every group left out: they add up to the total, 5 or more
            return hidden
        hidden.add(min(candidates, key=lambda g: (present[g] == 0, give_up_first(g), present[g], repr(g))))


@dataclass(frozen=True)
class YearTable:
    """One year of a block, as published on its own: its groups' counts and the cells left out."""

    parts: Mapping[Hashable, int | None]
    hidden: frozenset[Hashable] | set[Hashable]


def hide_in_block(
    years: Sequence[YearTable],
    parts: Mapping[Hashable, int | None],
    *,
    give_up_first: Order,
) -> set[Hashable]:
    """The cells of a block's table (its groups' counts over the years, and ALL) to leave out.

    The reader is taken to know that a block's count is the sum of its years' (true when no practitioner had
    cases in two of them; otherwise the block is smaller, and the reader knows less). So every year's shown
    total, and every shown block count, is an equation in the years' left-out counts. A block count is left out
    while those equations pin down a left-out count of 1 to 4, or the left-out years of a group that add up to
    1 to 4; then rule 1 applies to the block's own table. Giving up block counts never makes anything easier to
    work out, and once every block count with a left-out year is given up nothing can be: each year's equation
    then holds at least two unknowns of its own."""
    present = {g: v for g, v in parts.items() if v is not None}
    hidden = {g for g, v in present.items() if v in SMALL_COUNTS}
    for year in years:
        if ALL in year.hidden:  # a year's total of 1 to 4: nothing of that year may be added back up
            hidden |= {ALL, *(year.hidden & present.keys())}
    while True:
        hidden = hide_in_table(parts, give_up_first=give_up_first, also=hidden)
        give_up = _first_to_give_up(years, present, hidden, give_up_first)
        if give_up is None:
            return hidden
        hidden.add(give_up)


def _first_to_give_up(
    years: Sequence[YearTable],
    block: Mapping[Hashable, int],
    hidden: set[Hashable],
    give_up_first: Order,
) -> Hashable | None:
    """The block count to leave out next, or None when the years' left-out counts are safe.

    Unknowns are the years' left-out counts (in years whose total is shown; the others are in no equation).
    Equations: each such year's groups add up to its total; each shown block count is the sum of its years."""
    unknowns = [
        (i, g)
        for i, year in enumerate(years)
        if ALL not in year.hidden
        for g in sorted(year.hidden, key=repr)
        if g != ALL and year.parts.get(g) is not None
    ]
    if not unknowns:
        return None
    shown = [g for g in block if g not in hidden]
    equations = [[(i, g) for i, g in unknowns if i == row] for row in {i for i, _ in unknowns}]
    equations += [[(i, g) for i, g in unknowns if g == column] for column in shown]
    basis = _Basis(unknowns, equations)

    def value(cell: tuple[int, Hashable]) -> int:
        return int(years[cell[0]].parts[cell[1]] or 0)

    def order(g: Hashable) -> tuple:
        return (give_up_first(g), block.get(g, 0), repr(g))

    columns = {g: [cell for cell in unknowns if cell[1] == g] for g in dict.fromkeys(g for _, g in unknowns)}
    worries = [(cell[1], [cell]) for cell in unknowns if value(cell) in SMALL_COUNTS]
    worries += [(g, cells) for g, cells in columns.items() if sum(map(value, cells)) in SMALL_COUNTS]
    for group, cells in worries:
        if not basis.pins(cells):
            continue
        if group in shown:
            return group
        # Pinned through other groups' block counts (each year alone holds two unknowns or more, so the rows
        # alone pin nothing): give up one that crosses these years, or failing that any with an unknown.
        rows = {i for i, _ in cells}
        crossing = [g for g in shown if any(i in rows for i, _ in columns.get(g, []))]
        return min(crossing or [g for g in shown if g in columns], key=order)
    return None


class _Basis:
    """The span of some equations, each a sum of unknowns, to ask whether it pins down a sum of unknowns."""

    def __init__(self, unknowns: Sequence[Hashable], equations: Sequence[Sequence[Hashable]]) -> None:
        self.index = {u: n for n, u in enumerate(unknowns)}
        self.rows: list[tuple[int, list[Fraction]]] = []  # (pivot column, row), reduced row echelon form
        for equation in equations:
            self._add(self._vector(equation))

    def _vector(self, cells: Sequence[Hashable]) -> list[Fraction]:
        vector = [Fraction(0)] * len(self.index)
        for cell in cells:
            vector[self.index[cell]] += 1
        return vector

    def _reduce(self, vector: list[Fraction]) -> list[Fraction]:
        for pivot, row in self.rows:
            if vector[pivot]:
                factor = vector[pivot]
                vector = [a - factor * b for a, b in zip(vector, row, strict=True)]
        return vector

    def _add(self, vector: list[Fraction]) -> None:
        vector = self._reduce(vector)
        pivot = next((n for n, a in enumerate(vector) if a), None)
        if pivot is None:
            return
        vector = [a / vector[pivot] for a in vector]
        self.rows = [
            (p, [a - row[pivot] * b for a, b in zip(row, vector, strict=True)] if row[pivot] else row)
            for p, row in self.rows
        ]
        self.rows.append((pivot, vector))

    def pins(self, cells: Sequence[Hashable]) -> bool:
        """Whether the equations give the sum of these unknowns."""
        return not any(self._reduce(self._vector(cells)))
