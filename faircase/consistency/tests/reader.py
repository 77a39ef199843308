"""The reader as an attacker: everything the consistency lens shows about one case, turned into what it tells about
the comparable cases the reader may not open, and solved exactly.

The reader knows how every comparable case they may open was handled (they can open it). For the others they know
only what the lens shows: the number of comparable cases (exact, or "fewer than N that you cannot open"), every
row and share of every table shown, and on every decision page whether a warning is given and the figures in it.
They also know that counts are whole numbers, never negative, and that a case that ended with a referral to the
regulator counts as referred. From that they solve, exactly, for every count of cases they may not open: each row
of each table, the number of such cases, the rows of a table taken together from the least severe up (those less
severe than a step) and the rows with no place in the order.

`feasible(knowledge, visible, sev)` gives, for each of those, every value consistent with what was shown (by
dynamic programming over each table's rows, the two tables linked by referrals narrowed against each other);
`worked_out(...)` names each one whose true value is 1 to 4 and has only one possible value.

The pages are read by `read_evidence_page` (its text and its count tables) and `read_decision_page` (the callout
or inset about comparable cases): both fail on any number they cannot account for, so a figure added to the lens
later cannot escape the reader. The reader does not use the rule itself ("a table left out has a row of 1 to 4"):
see the limits in ADR 12.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from html.parser import HTMLParser

from faircase.consistency.severity import Ladder, Severity

UNBOUNDED = 40  # with no bound shown, the reader tries every number of cases they cannot open up to this
KEYS = ("route", "restriction", "referral", "outcome")
REFERRED = ("referral", "referred")
REFERRED_OUTCOME = ("outcome", "referred_to_regulator")


def ladders(sev: Severity) -> dict[str, Ladder]:
    return {
        "route": sev.routes,
        "restriction": sev.restrictions,
        "referral": sev.referrals,
        "outcome": sev.outcomes,
    }


@dataclass
class Knowledge:
    """What the pages showed, about all comparable cases counted (those the reader may open or not)."""

    total: set[int] = field(default_factory=set)  # the number of comparable closed cases, when given
    total_below: set[int] = field(default_factory=set)  # "fewer than N comparable closed cases"
    hidden: set[int] = field(default_factory=set)  # "N of them are cases you cannot open"
    hidden_below: set[int] = field(default_factory=set)  # "fewer than N (cases) you cannot open"
    rows: dict[tuple[str, str], set[int]] = field(default_factory=dict)  # (table, step code) -> count shown
    shares: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (table, step code) -> share shown
    warned: dict[tuple[str, int], set[bool]] = field(default_factory=dict)  # (table, rank) -> warned or not
    figures: dict[tuple[str, int], set[tuple[int, int]]] = field(default_factory=dict)  # less, compared

    def add(self, other: "Knowledge") -> None:
        for name in ("total", "total_below", "hidden", "hidden_below"):
            getattr(self, name).update(getattr(other, name))
        for name in ("rows", "shares", "warned", "figures"):
            mine = getattr(self, name)
            for key, values in getattr(other, name).items():
                mine.setdefault(key, set()).update(values)

    def warn(self, table: str, rank: int, warned: bool) -> None:
        self.warned.setdefault((table, rank), set()).add(warned)


# ---- solving ------------------------------------------------------------------------------------------------


@dataclass
class Feasible:
    """Every value each unknown can take, given what was shown. Empty when the pages contradict each other."""

    hidden_total: set[int] = field(default_factory=set)
    rows: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    less_than: dict[tuple[str, int], set[int]] = field(default_factory=dict)  # rows ranked below a rank
    unranked: dict[str, set[int]] = field(default_factory=dict)


def _percent(part: int, whole: int) -> str:
    return "\u2013" if not whole else f"{round(100 * part / whole)}%"


def _table_feasible(
    key: str,
    ladder: Ladder,
    knowledge: Knowledge,
    visible: Mapping[tuple[str, str], int],
    total: int,
    hidden: int,
    share: Fraction,
    domains: Mapping[str, Iterable[int]],
) -> tuple[dict[str, set[int]], dict[int, set[int]], set[int]] | None:
    """Forward and backward over the rows of one table (the rows with no place in the order first, then by rank),
    the state being (hidden cases so far, of them in unranked rows). Returns the feasible values of each row, of
    each "ranked below r" sum and of the unranked sum, or None when nothing fits."""
    steps = sorted(ladder.steps, key=lambda s: (s.rank is not None, s.rank if s.rank is not None else 0))
    ranks = sorted({s.rank for s in steps if s.rank is not None})
    v = {s.code: visible.get((key, s.code), 0) for s in steps}
    v_unranked = sum(v[s.code] for s in steps if s.rank is None)

    v_below = {rank: sum(v[s.code] for s in steps if s.rank is not None and s.rank < rank) for rank in ranks}
    p, q = share.numerator, share.denominator

    def ok_at_boundary(rank: int, state: tuple[int, int]) -> bool:
        """The checks for rank `rank`, made once every row ranked below it is placed."""
        so_far, unranked = state
        less = v_below[rank] + so_far - unranked
        compared = total - v_unranked - unranked
        for warned in knowledge.warned.get((key, rank), ()):
            if (less * q > p * compared) is not warned:
                return False
        for shown_less, shown_compared in knowledge.figures.get((key, rank), ()):
            if (less, compared) != (shown_less, shown_compared):
                return False
        return True

    def domain(step) -> list[int]:
        shown = knowledge.rows.get((key, step.code))
        values: Iterable[int] = range(hidden + 1)
        if shown:  # two pages showing two different counts contradict each other
            values = [n - v[step.code] for n in shown] if len(shown) == 1 else []
        allowed = set(domains.get(step.code, range(hidden + 1)))
        result = []
        for n in values:
            if n < 0 or n > hidden or n not in allowed:
                continue
            if any(
                _percent(v[step.code] + n, total) != s for s in knowledge.shares.get((key, step.code), ())
            ):
                continue
            result.append(n)
        return result

    # The boundaries: after the last row of each rank r - 1 come the checks for rank r.
    # (Rank 0 is never checked: nothing is less severe than the least severe step.)
    boundary_after: dict[int, list[int]] = {}
    for i, step in enumerate(steps[:-1]):
        nxt = steps[i + 1]
        if step.rank is not None and nxt.rank != step.rank:
            boundary_after[i] = [r for r in ranks if step.rank < r <= nxt.rank]
    domains_list = [domain(s) for s in steps]

    def step_to(i: int, state: tuple[int, int], n: int) -> tuple[int, int] | None:
        so_far, unranked = state
        new = (so_far + n, unranked + (n if steps[i].rank is None else 0))
        if new[0] > hidden:
            return None
        for rank in boundary_after.get(i, ()):
            if not ok_at_boundary(rank, new):
                return None
        return new

    forward: list[set[tuple[int, int]]] = [{(0, 0)}]
    moves: list[list[tuple[tuple[int, int], int, tuple[int, int]]]] = []
    for i in range(len(steps)):
        moves.append(
            [
                (state, n, new)
                for state in forward[i]
                for n in domains_list[i]
                if (new := step_to(i, state, n)) is not None
            ]
        )
        forward.append({new for _state, _n, new in moves[i]})
    good: list[set[tuple[int, int]]] = [set() for _ in range(len(steps) + 1)]
    good[-1] = {state for state in forward[-1] if state[0] == hidden}
    row_values: dict[str, set[int]] = {s.code: set() for s in steps}
    for i in reversed(range(len(steps))):
        for state, n, new in moves[i]:
            if new in good[i + 1]:
                good[i].add(state)
                row_values[steps[i].code].add(n)
    if not good[0]:
        return None
    below: dict[int, set[int]] = {}
    unranked_values: set[int] = set()
    for i, step in enumerate(steps):
        for rank in boundary_after.get(i, ()):
            below.setdefault(rank, set()).update(s - u for s, u in good[i + 1])
        if step.rank is None:
            unranked_values = {u for _s, u in good[i + 1]}
    if not any(s.rank is None for s in steps):
        unranked_values = {0}
    return row_values, below, unranked_values


def feasible(knowledge: Knowledge, visible: Mapping[tuple[str, str], int], sev: Severity) -> Feasible:
    """Every value each count of the cases the reader may not open can take, given the knowledge."""
    can_open = sum(n for (key, _code), n in visible.items() if key == "route")
    share = Fraction(str(sev.warn_above_share))
    candidates = set(range(0, UNBOUNDED))
    if knowledge.total:
        candidates = {total - can_open for total in knowledge.total}
    for total in knowledge.total:
        candidates &= {total - can_open}
    for below in knowledge.total_below:
        candidates = {h for h in candidates if can_open + h < below}
    for hidden in knowledge.hidden:
        candidates &= {hidden}
    for (key, _rank), shown in knowledge.figures.items():
        for _less, compared in shown:  # every case has a place on these ladders: compared is the total
            if key != "outcome":
                candidates &= {compared - can_open}
    for below in knowledge.hidden_below:
        candidates = {h for h in candidates if 1 <= h < below}
    result = Feasible()
    tables = ladders(sev)
    for hidden in sorted(h for h in candidates if h >= 0):
        total = can_open + hidden
        solved: dict[str, tuple] = {}
        for key in ("route", "restriction"):
            answer = _table_feasible(key, tables[key], knowledge, visible, total, hidden, share, {})
            if answer is None:
                break
            solved[key] = answer
        if len(solved) < 2:
            continue
        # A case that ended with a referral is referred: in the hidden cases, referred >= ended with a referral.
        # Narrow the two rows against each other until nothing changes.
        ref_domain: dict[str, list[int]] = {}
        out_domain: dict[str, list[int]] = {}
        while True:
            referral = _table_feasible(
                "referral", tables["referral"], knowledge, visible, total, hidden, share, ref_domain
            )
            outcome = _table_feasible(
                "outcome", tables["outcome"], knowledge, visible, total, hidden, share, out_domain
            )
            if referral is None or outcome is None:
                solved = {}
                break
            solved.update(referral=referral, outcome=outcome)
            referred = referral[0][REFERRED[1]]
            ended_referred = outcome[0][REFERRED_OUTCOME[1]]
            new_out = {REFERRED_OUTCOME[1]: sorted(n for n in ended_referred if n <= max(referred))}
            new_ref = {REFERRED[1]: sorted(n for n in referred if n >= min(ended_referred))}
            if (new_out, new_ref) == (out_domain, ref_domain):
                break
            out_domain, ref_domain = new_out, new_ref
        if not solved:
            continue
        result.hidden_total.add(hidden)
        for key, (rows, below, unranked) in solved.items():
            for code, values in rows.items():
                result.rows.setdefault((key, code), set()).update(values)
            for rank, values in below.items():
                result.less_than.setdefault((key, rank), set()).update(values)
            result.unranked.setdefault(key, set()).update(unranked)
    return result


@dataclass(frozen=True)
class Truth:
    """The true counts of the comparable cases the reader may not open."""

    hidden_total: int
    rows: Mapping[tuple[str, str], int]


def truth_of(hidden_cases: Iterable[Mapping[str, str]], sev: Severity) -> Truth:
    """`hidden_cases`: each case the reader may not open as {table: step code}."""
    cases = list(hidden_cases)
    rows: dict[tuple[str, str], int] = {}
    for key, ladder in ladders(sev).items():
        for step in ladder.steps:
            rows[(key, step.code)] = sum(1 for case in cases if case[key] == step.code)
    return Truth(hidden_total=len(cases), rows=rows)


def counts_of(cases: Iterable[Mapping[str, str]], sev: Severity) -> dict[tuple[str, str], int]:
    """How many of the cases sit at each step of each table (the reader's knowledge of the cases they may open)."""
    return dict(truth_of(cases, sev).rows)


def codes_of(handling: Mapping, sev: Severity) -> dict[str, str]:
    """A case's place in each table, from the ranks and outcome the lens reads (selectors.HANDLING)."""
    outcome = handling["outcome"] or ""
    known = {step.code for step in sev.outcomes.steps}
    return {
        "route": sev.routes.step_for_rank(handling["route_rank"] or 0).code,
        "restriction": sev.restrictions.step_for_rank(handling["restriction_rank"] or 0).code,
        "referral": sev.referrals.step_for_rank(handling["referral_rank"] or 0).code,
        "outcome": outcome if outcome in known else "",
    }


def worked_out(found: Feasible, truth: Truth, sev: Severity, small_below: int) -> list[str]:
    """Every count of 1 to small_below - 1 cases the reader may not open that has only one possible value."""
    if not found.hidden_total:
        raise AssertionError("the pages contradict each other: the reader's model of them is wrong")
    small = range(1, small_below)
    leaks = []
    if truth.hidden_total in small and found.hidden_total == {truth.hidden_total}:
        leaks.append(f"the number of cases you cannot open: {truth.hidden_total}")
    tables = ladders(sev)
    for (key, code), n in truth.rows.items():
        values = found.rows.get((key, code), set())
        assert n in values, f"{key} {code!r}: the true count {n} was ruled out: the reader's model is wrong"
        if n in small and values == {n}:
            leaks.append(f"{key} {code or 'not recorded'}: {n}")
    for key, ladder in tables.items():
        for rank in sorted({s.rank for s in ladder.steps if s.rank}):
            n = sum(truth.rows[(key, s.code)] for s in ladder.steps if s.rank is not None and s.rank < rank)
            values = found.less_than.get((key, rank), set())
            assert n in values, f"{key} below {rank}: the true sum {n} was ruled out"
            if n in small and values == {n}:
                leaks.append(f"{key} less severe than rank {rank}: {n}")
        unranked = sum(truth.rows[(key, s.code)] for s in ladder.steps if s.rank is None)
        if unranked in small and found.unranked.get(key) == {unranked}:
            leaks.append(f"{key} with no place in the order: {unranked}")
    return leaks


# ---- reading the pages ---------------------------------------------------------------------------------------


_NUMBER = r"(\d+)"
_CASES = r"comparable closed cases?"


class Page(HTMLParser):
    """A page as the reader sees it: the text of its main content outside tables, the text of each warning
    callout and inset, and its tables as rows of cell texts with their captions."""

    BLOCKS = ("nhsuk-card--warning", "nhsuk-inset-text")  # a warning callout is a warning card

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.main: list[str] = []
        self.blocks: list[list[str]] = []
        self.tables: list[dict] = []
        self._in_main = self._in_table = self._skip = 0
        self._divs: list[bool] = []  # for each open div: does it open a block?
        self._open_blocks = 0
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._caption: list[str] | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "main":
            self._in_main += 1
        elif tag == "div":
            opens = any(c in self.BLOCKS for c in classes)
            self._divs.append(opens)
            if opens:
                self.blocks.append([])
                self._open_blocks += 1
        elif tag == "table":
            self._in_table += 1
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        if tag in ("p", "li", "br", "div", "h1", "h2", "h3", "caption", "td", "th"):
            self._data("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag == "main":
            self._in_main -= 1
        elif tag == "div" and self._divs:
            if self._divs.pop():
                self._open_blocks -= 1
        elif tag == "table":
            self._in_table -= 1
        elif tag == "caption" and self._caption is not None:
            self.tables[-1]["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None
        if tag in ("p", "li", "div", "h1", "h2", "h3", "caption", "td", "th"):
            self._data("\n")

    def _data(self, data: str) -> None:
        if self._skip:
            return
        if self._caption is not None:
            self._caption.append(data)
        if self._cell is not None:
            self._cell.append(data)
        if self._in_main and not self._in_table:
            self.main.append(data)
        if self._open_blocks and not self._in_table:
            for block in self.blocks[-self._open_blocks :]:
                block.append(data)

    def handle_data(self, data):
        self._data(data)

    @property
    def text(self) -> str:
        return "".join(self.main)

    def block_texts(self) -> list[str]:
        return ["".join(block) for block in self.blocks]


def _as_sentences(text: str) -> str:
    return " ".join(text.split())


def read_text(
    text: str, sev: Severity, *, decisions: Iterable[tuple[str, int]] = (), known: Iterable[str] = ()
) -> Knowledge:
    """What a stretch of page text says about the comparable cases.

    `decisions`: the (table, rank) of each significant decision the text checks, so that no warning counts too
    (("outcome", 0): closing with no outcome chosen yet, which checks every outcome). `known`: text the reader
    knows already (the case's reference, dates of cases they may open), taken out first. Fails on any number it
    cannot account for."""
    knowledge = Knowledge()
    text = _as_sentences(text)
    for words in known:
        text = text.replace(words, " ")
    tables = ladders(sev)
    withouts = {
        step.without: (key, step.rank)
        for key, ladder in tables.items()
        if key != "outcome"
        for step in ladder.steps
        if step.without
    }
    outcome_ranks = {step.label: step.rank for step in tables["outcome"].steps if step.rank is not None}
    figures = rf"(?P<less>\d+) of (?P<compared>\d+) {_CASES} \((?P<percent>\d+)%\)"
    most = r"more than (?:half|\d+%) of the comparable closed cases"
    warned: set[tuple[str, int]] = set()
    settled: set[tuple[str, int]] = set()

    def add_figures(key: str, rank: int, match: re.Match) -> None:
        if match.group("less") is None:
            return
        less, compared, percent = (int(match.group(g)) for g in ("less", "compared", "percent"))
        assert _percent(less, compared) == f"{percent}%", match.group(0)
        knowledge.figures.setdefault((key, rank), set()).add((less, compared))

    def ladder_warning(match: re.Match) -> str:
        key, rank = withouts[match.group("without")]
        warned.add((key, rank))
        add_figures(key, rank, match)
        return " "

    def outcome_warning(match: re.Match) -> str:
        labels = re.findall("\u201c([^\u201d]+)\u201d", match.group("labels"))
        lowest = min(outcome_ranks[label] for label in labels)
        if match.group("more"):
            for rank in sorted(set(outcome_ranks.values()) - {0}):
                knowledge.warn("outcome", rank, rank >= lowest)
                settled.add(("outcome", rank))
        warned.add(("outcome", lowest))
        add_figures("outcome", lowest, match)
        return " "

    def count(target: set[int], group: int = 1):
        def handle(match: re.Match) -> str:
            target.add(int(match.group(group)))
            return " "

        return handle

    without_pattern = "|".join(re.escape(w) for w in withouts)
    rules = [
        (rf"[^.:]*: (?:{figures}|{most}) were handled (?P<without>{without_pattern})\.", ladder_warning),
        (
            "Closing (?:the case )?with the outcome (?P<labels>(?:\u201c[^\u201d]+\u201d(?: or )?)+)"
            rf"(?P<more> or a more severe one)?: (?:{figures}|{most}) ended with a less severe outcome\.",
            outcome_warning,
        ),
        (
            rf"{_NUMBER} {_CASES} you can open,? and fewer than {_NUMBER} (?:that )?you cannot open",
            count(knowledge.hidden_below, 2),
        ),
        (
            rf"Fewer than {_NUMBER} {_CASES}, none of them (?:cases )?you can open",
            count(knowledge.hidden_below),
        ),
        (rf"{_NUMBER} of them (?:are|is) (?:a )?cases? you cannot open", count(knowledge.hidden)),
        (rf"fewer than {_NUMBER} {_CASES}", count(knowledge.total_below)),
        (rf"{_NUMBER} {_CASES}", count(knowledge.total)),
        (rf"no {_CASES}", lambda m: knowledge.total.add(0) or " "),
        # The size of the list of cases the reader may open, and the rule's own wording: nothing about the others.
        (r"The \d+ most recently closed of the comparable cases you may see", lambda m: " "),
        (r"more than \d+%", lambda m: " "),
    ]
    for pattern, handle in rules:
        text = re.sub(pattern, handle, text, flags=re.IGNORECASE)
    for key, rank in decisions:
        if key == "outcome" and rank == 0:
            for r in sorted(set(outcome_ranks.values()) - {0}):
                if ("outcome", r) not in settled:
                    knowledge.warn("outcome", r, False)
        elif (key, rank) not in settled:
            knowledge.warn(key, rank, (key, rank) in warned)
    for key, rank in warned - settled:
        knowledge.warn(key, rank, True)
    left = re.findall(r"\d+", text)
    assert not left, f"numbers the reader does not account for: {left} in {text!r}"
    return knowledge


def read_tables(page: Page, sev: Severity) -> Knowledge:
    """The evidence page's count tables: each row's count and share, where shown."""
    knowledge = Knowledge()
    titles = {
        "Route": "route",
        "Exclusion, suspension or restriction": "restriction",
        "Referral to the regulator": "referral",
        "Outcome": "outcome",
    }
    tables = ladders(sev)
    for table in page.tables:
        key = titles.get(table["caption"])
        if key is None:
            continue
        labels = sorted(((str(s.label), s.code) for s in tables[key].steps), key=lambda pair: -len(pair[0]))
        for label, count, share in table["rows"][1:]:
            code = next(code for text, code in labels if label.startswith(text))
            if count.isdigit():
                knowledge.rows.setdefault((key, code), set()).add(int(count))
            else:
                assert not re.search(r"\d", count), count
            if re.fullmatch(r"\d+%|\u2013", share):
                knowledge.shares.setdefault((key, code), set()).add(share)
            else:
                assert not re.search(r"\d", share), share
    return knowledge


def read_evidence_page(html: str, sev: Severity, *, known: Iterable[str] = ()) -> Knowledge:
    """Everything the evidence page says: its text (outside tables) and its count tables. The table of cases
    the reader may open is theirs to read, so it is not read here."""
    page = Page(html)
    knowledge = read_tables(page, sev)
    knowledge.add(read_text(page.text, sev, known=known))
    return knowledge


def read_decision_page(html: str, sev: Severity, *, decisions: Iterable[tuple[str, int]]) -> Knowledge:
    """The check on the page of a significant decision: the callout or inset that speaks of comparable cases."""
    blocks = [text for text in Page(html).block_texts() if "comparable" in text]
    assert len(blocks) <= 1, blocks
    knowledge = Knowledge()
    for text in blocks:
        knowledge.add(read_text(text, sev, decisions=decisions))
    return knowledge
