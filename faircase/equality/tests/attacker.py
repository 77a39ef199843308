"""The reader of published reports who asks for many of them and subtracts one from another (issue 9).

Every count a published report shows, or leaves out, is a sum of unknown *atoms*: the entrants of one
organisation, one financial year, one group of a dimension and one measure (a stage, or two stages reached in
one case), and the headcount of one organisation, year and group. Every dimension counts the same people, so
its groups add up to the same total (`same_people`). A report for several organisations adds their atoms; a
window of several years adds its years (the reader assumes no practitioner had cases in two years of a window:
the worst case, and exactly true of the synthetic data the tests use). A headcount gathered over a window is the
mean of the years, rounded, so it is not a sum: it is an atom of its own.

`Attacker.read(published)` turns everything the report shows into exact linear equations: each shown count,
groups adding up to their total, organisations to theirs, a shown rate or share times its denominator giving
its numerator. `solve(form)` says whether the equations pin down a sum of atoms, and its value, by exact
elimination over fractions. `recovered(...)` lists every count of 1 to 4, left out of some report or never
published, that the equations give back.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction

from faircase.equality.reports import Report
from faircase.equality.selectors_report import joint_measure

ALL = "*"
Form = dict[Hashable, Fraction | int]


def _form(atoms: Iterable[Hashable]) -> Form:
    form: Form = {}
    for atom in atoms:
        form[atom] = form.get(atom, 0) + 1
    return form


@dataclass
class Equations:
    """Exact linear equations in reduced row echelon form: for each pivot atom p, p + sum(row[v] v) = value."""

    pivots: dict[Hashable, tuple[Form, Fraction]] = field(default_factory=dict)

    def _reduce(self, form: Mapping[Hashable, Fraction]) -> tuple[Form, Fraction]:
        """The form less the pivot rows it contains, and the known value taken out with them."""
        rest, known = dict(form), Fraction(0)  # coefficients may be whole numbers or fractions
        for atom in [a for a in form if a in self.pivots]:
            coefficient = rest.pop(atom)
            row, value = self.pivots[atom]
            known += coefficient * value
            for other, a in row.items():
                updated = rest.get(other, 0) - coefficient * a
                if updated:
                    rest[other] = updated
                else:
                    rest.pop(other, None)
        return rest, known

    def add(self, form: Mapping[Hashable, Fraction], value: Fraction) -> None:
        rest, known = self._reduce({a: c for a, c in form.items() if c})
        value = Fraction(value) - known
        if not rest:
            assert value == 0, (
                f"the published numbers contradict each other ({value}): the reader's model is wrong"
            )
            return
        pivot = min(rest, key=repr)
        lead = rest.pop(pivot)
        row = {a: Fraction(c) / lead for a, c in rest.items()}
        value /= lead
        for other, (other_row, other_value) in self.pivots.items():
            coefficient = other_row.pop(pivot, None)
            if coefficient:
                for a, c in row.items():
                    updated = other_row.get(a, 0) - coefficient * c
                    if updated:
                        other_row[a] = updated
                    else:
                        other_row.pop(a, None)
                self.pivots[other] = (other_row, other_value - coefficient * value)
        self.pivots[pivot] = (row, value)

    def solve(self, form: Mapping[Hashable, Fraction]) -> Fraction | None:
        """The value of the sum the form describes, when the equations pin it down; None otherwise."""
        rest, known = self._reduce(form)
        return None if rest else known


@dataclass
class Cell:
    """A count a report shows or leaves out: its sum of atoms, its published value (None: left out) and its
    true value (from the unpublished report)."""

    form: Form
    published: int | None
    truth: int | None


@dataclass
class Attacker:
    equations: Equations = field(default_factory=Equations)
    hidden: list[tuple[str, Cell]] = field(default_factory=list)
    requests: int = 0
    learnt: set[frozenset] = field(default_factory=set)  # equations already added, to add each once

    def _learn(self, form: Form, value: Fraction) -> None:
        key = frozenset([*form.items(), ("=", value)])
        if key not in self.learnt:
            self.learnt.add(key)
            self.equations.add(form, value)

    # -- what one report says -------------------------------------------------------------------------------
    def read(self, published: Report, truth: Report) -> None:
        """Learn everything the published report shows; keep every count it leaves out, with its true value."""
        assert published.published and not truth.published
        self.requests += 1
        slug_of = {o.name: o.slug for o in published.organisations}
        groups = [row.group for row in published.groups]
        several_years = len(published.periods) > 1

        def orgs(left_out: list[str]) -> list[str]:
            out = {slug_of[name] for name in left_out}
            return [o.slug for o in published.organisations if o.slug not in out]

        dimension = published.dimension

        def entrants(periods, measure, counted):
            return lambda g: _form(
                ("e", dimension, o, p, gg, measure)
                for o in counted
                for p in periods
                for gg in (groups if g == ALL else [g])
            )

        def headcount(periods, counted):
            # A window's headcount is each organisation's mean over its years, rounded: an atom of its own.
            atom = "h" if len(periods) == 1 else "hw"
            span = periods[0] if len(periods) == 1 else tuple(periods)
            return lambda g: _form(
                (atom, dimension, o, span, gg) for o in counted for gg in (groups if g == ALL else [g])
            )

        key_orgs = orgs(published.left_out)
        periods = published.periods if several_years else [published.period]
        where = f"{'+'.join(key_orgs)} {published.period_text}"
        self._table(
            f"{where} {published.stage}",
            published.groups,
            truth.groups,
            published.total,
            truth.total,
            entrants(periods, published.stage, key_orgs),
            headcount(periods, key_orgs),
        )
        for p_t, t_t in zip(published.progression, truth.progression, strict=True):
            joint = joint_measure(p_t.from_stage, p_t.to_stage)
            self._table(
                f"{where} {joint}",
                p_t.rows,
                t_t.rows,
                p_t.total,
                t_t.total,
                entrants(periods, joint, key_orgs),
                entrants(periods, p_t.from_stage, key_orgs),
            )
        for p_t, t_t in zip(published.trend, truth.trend, strict=True):
            counted = orgs(p_t.left_out)
            self._table(
                f"{'+'.join(counted)} {p_t.period} {published.stage}",
                p_t.rows,
                t_t.rows,
                p_t.total,
                t_t.total,
                entrants([p_t.period], published.stage, counted),
                headcount([p_t.period], counted),
            )
        missing = published.missing
        e_all, h_all = entrants(periods, published.stage, key_orgs), headcount(periods, key_orgs)
        self._ratio(e_all(missing.group), e_all(ALL), missing.entrants_share)
        self._ratio(h_all(missing.group), h_all(ALL), missing.headcount_share)
        assert missing.no_record is None
        if published.funnel is not None:
            for p, t in zip(published.funnel.points, truth.funnel.points, strict=True):
                e = entrants(periods, published.stage, [p.slug])(ALL)
                h = headcount(periods, [p.slug])(ALL)
                self._cell(f"{p.slug} {published.period_text} funnel entrants", e, p.entrants, t.entrants)
                self._cell(f"{p.slug} {published.period_text} funnel headcount", h, p.headcount, t.headcount)
                self._ratio(e, h, p.rate)
            self._ratio(e_all(ALL), h_all(ALL), published.funnel.overall_rate)

    def _cell(self, name: str, form: Form, published: int | None, truth: int | None) -> None:
        if truth is None:
            return  # nothing to count (no baseline): never a number
        if published is None:
            self.hidden.append((name, Cell(form, None, truth)))
        else:
            assert published == truth, f"{name} published as {published}, truly {truth}"
            assert published not in range(1, 5), f"{name}: a count of {published} was published"
            self._learn(form, Fraction(published))

    def _ratio(self, numerator: Form, denominator: Form, rate: Fraction | None) -> None:
        """A shown rate ties its numerator to its denominator: numerator - rate x denominator = 0."""
        if rate is None:
            return
        form = dict(numerator)
        for atom, c in denominator.items():
            form[atom] = form.get(atom, 0) - Fraction(rate) * c
        self._learn(form, Fraction(0))

    def _table(self, name, published_rows, true_rows, published_total, true_total, entrants, headcount):
        for p, t in zip(published_rows, true_rows, strict=True):
            self._cell(f"{name} {t.group} entrants", entrants(t.group), p.entrants, t.entrants)
            self._cell(f"{name} {t.group} headcount", headcount(t.group), p.headcount, t.headcount)
            self._ratio(entrants(t.group), headcount(t.group), p.rate)
            if p.relative_likelihood is not None or p.ci_low is not None:
                assert p.rate is not None and not p.suppressed, f"{name} {t.group}: a ratio without its rate"
        self._cell(f"{name} all entrants", entrants(ALL), published_total.entrants, true_total.entrants)
        self._cell(f"{name} all headcount", headcount(ALL), published_total.headcount, true_total.headcount)
        self._ratio(entrants(ALL), headcount(ALL), published_total.rate)

    def same_people(self, groups: Mapping[str, Iterable[str]], *, headcounts: bool) -> None:
        """Every dimension's groups add up to the same entrants (and, when the baselines agree, headcount), for
        each organisation, year and measure the reports have mentioned."""
        seen: dict[tuple, set[str]] = {}
        for atom in self._atoms():
            if atom[0] == "e" or (headcounts and atom[0] == "h"):  # means over windows are rounded
                seen.setdefault((atom[0], *atom[2:4], *atom[5:]), set()).add(atom[1])
        for (kind, *where), dimensions in seen.items():
            first, *others = sorted(dimensions)
            for other in others:
                form = {}
                for dimension, sign in ((first, 1), (other, -1)):
                    for g in groups[dimension]:
                        atom = (kind, dimension, *where[:2], g, *where[2:])
                        form[atom] = Fraction(sign)
                self.equations.add(form, Fraction(0))

    def knows_nothing_happened(self, periods: Iterable[str]) -> None:
        """The reader knows these years hold no cases and no baselines (they are in no trend): every entrants
        or headcount atom of theirs is 0."""
        periods = set(periods)
        for atom in self._atoms():
            if atom[0] in ("e", "h") and atom[3] in periods:
                self.equations.add({atom: 1}, Fraction(0))

    def _atoms(self) -> set[Hashable]:
        found = {a for _, cell in self.hidden for a in cell.form}
        for pivot, (row, _) in self.equations.pivots.items():
            found |= {pivot, *row}
        return found

    # -- what all of them give away -------------------------------------------------------------------------
    def knows_exactly(self, atoms: Mapping[Hashable, int]) -> None:
        """The reader also sees these counts unpublished (they handle one organisation's data, say)."""
        for atom, value in atoms.items():
            self.equations.add({atom: 1}, Fraction(value))

    def recovered(
        self,
        atoms: Mapping[Hashable, int] | None = None,
        *,
        about: Callable[[Hashable], bool] = lambda atom: True,
    ) -> list[str]:
        """Every count of 1 to 4 the equations give back: each count some report left out, and each atom; only
        counts made of atoms `about` says matter."""
        found = []
        seen = set()
        targets = [(name, cell.form, cell.truth) for name, cell in self.hidden]
        targets += [(repr(atom), {atom: Fraction(1)}, value) for atom, value in (atoms or {}).items()]
        for name, form, truth in targets:
            if truth not in range(1, 5) or not all(about(atom) for atom in form):
                continue
            frozen = frozenset(form.items())
            if frozen in seen:
                continue
            seen.add(frozen)
            value = self.equations.solve(form)
            if value is not None:
                assert value == truth, f"{name}: the equations give {value}, the truth is {truth}"
                found.append(f"{name} = {value}")
        return found
