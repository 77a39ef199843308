"""What the consistency lens may show a reader of the comparable cases they may not open (ADR 12).

The reader can open some comparable cases and read how each was handled; the lens counts others too (those of an
organisation they oversee). What they must not learn is a count of 1 to 4 of those others handled one way, nor
anything it could be worked out from. So every figure is decided here, once per reader and case, from the counts of
the cases they may not open ("hidden" counts), and every page and sentence of the lens is made from the result:

1. A reader who may open every comparable case sees every figure: there is nothing to protect.
2. Otherwise the number of comparable cases is given only when at least `hidden_exact_from` (10) of them are
   cases the reader may not open; below that the pages say how many the reader may open and "fewer than 10 you
   cannot open", and show no table at all.
3. A table (route, restriction, referral, outcome) is shown whole or not at all: not at all when any of its rows
   would count 1 to `suppress_below - 1` (4) cases the reader may not open. Its shares come with it.
4. A warning's figures ("3 of 7 ... (43%)") are given only when its table is shown. Whether to warn is always
   decided on every comparable case counted, shown or not.

Why it holds: within a table not shown, moving one hidden case from a row to the next more severe one, or back,
changes nothing shown and no warning unless the row holds none or all of the hidden cases; and every warning,
given or not, puts only a lower bound on the number of hidden cases, so in rule 2 that number stays free unless it
is the highest the pages allow, which is never a small number. The property tests read every page as an attacker
(tests/reader.py) and check this.

Pure Python: the rule is interpreted from the shipped severity.yaml and tested without a database.
"""

from dataclasses import dataclass

from faircase.consistency.comparison import Comparison, Distribution
from faircase.consistency.severity import Severity


@dataclass(frozen=True)
class Disclosure:
    """The comparison as one reader may see it."""

    comparison: Comparison
    shown: frozenset[str]  # the tables shown ("route", "restriction", "referral", "outcome")
    total_shown: bool  # is the number of comparable cases given exactly?
    hidden_below: int  # when it is not: fewer than this many are cases the reader may not open
    weak_below: int

    @property
    def can_open(self) -> int:
        return self.comparison.can_open

    @property
    def total(self) -> int | None:
        return self.comparison.total if self.total_shown else None

    @property
    def hidden(self) -> int | None:
        """How many comparable cases the reader may not open, when that may be said."""
        return self.comparison.hidden_total if self.total_shown else None

    @property
    def any(self) -> bool:
        return self.comparison.total > 0

    @property
    def at_most(self) -> int:
        """The most comparable cases there can be, from what is shown."""
        if self.total_shown:
            return self.comparison.total
        return self.can_open + self.hidden_below - 1

    @property
    def weak(self) -> bool:
        """Fewer comparable cases than make a strong comparison, as the pages show it."""
        return self.total_shown and self.comparison.weak

    @property
    def may_be_weak(self) -> bool:
        """The number is not given, and the fewest there can be would make a weak comparison."""
        return not self.total_shown and self.can_open + 1 < self.weak_below

    def table(self, key: str) -> Distribution | None:
        return self.comparison.tables[key] if key in self.shown else None

    def figures(self, key: str, rank: int) -> tuple[int, int] | None:
        """(less severe, compared) for a warning's sentence, when they may be given."""
        table = self.table(key)
        if table is None:
            return None
        return table.less_severe_than(rank), table.compared


def has_small_hidden_row(table: Distribution, suppress_below: int) -> bool:
    return any(0 < n < suppress_below for n in table.hidden_counts)


def disclose(comparison: Comparison, sev: Severity) -> Disclosure:
    """Decide, once, what one reader may see of a comparison."""
    hidden = comparison.hidden_total
    if hidden == 0:
        shown = frozenset(comparison.tables)
        total_shown = True
    elif hidden < sev.hidden_exact_from:
        shown = frozenset()
        total_shown = False
    else:
        shown = frozenset(
            key
            for key, table in comparison.tables.items()
            if not has_small_hidden_row(table, sev.suppress_below)
        )
        total_shown = True
    return Disclosure(
        comparison=comparison,
        shown=shown,
        total_shown=total_shown,
        hidden_below=sev.hidden_exact_from,
        weak_below=sev.weak_below,
    )
