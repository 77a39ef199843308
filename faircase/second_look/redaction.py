"""The redactor of the blind second look: takes out of free text what would tell a reviewer who the practitioner
is or what background they have, and marks each removal so the reviewer knows something was taken out.

What it removes, in this order (each step sees the markers of the steps before it, never their words):

1. email addresses and the practitioner's registration number (and "GMC 1234567"-style numbers);
2. ages: "aged 67", "67-year-old", "67 years old", "67 yrs", "in his sixties", a date of birth, "born in 1958";
3. ethnicity, nationality, place of qualification and country words (word lists in
   faircase/data/second_look/identity.yaml); "black", "white" and "brown" only before a word for a person;
4. gendered nouns and pregnancy or maternity words (faircase/data/second_look/gendered.yaml);
5. gendered pronouns, replaced by neutral ones: he/she -> they (with "is", "was", "has" and "does" straight after
   made plural: "he was" -> "they were"), him -> them, himself/herself -> themself, hers -> theirs.
   "her" and "his" follow one simple rule: followed by a word (or a removal), they are possessive -> "their";
   at the end of a sentence, before punctuation, or before one of the words listed in `words_after_an_object`
   ("the", "to", "that", "about"...), "her" is an object -> "them" and "his" stands alone -> "theirs".
   So "her notes" -> "their notes", "told her that" -> "told them that", "gave her the results" -> "gave them
   the results"; "saw her leave" becomes "saw their leave" (a known limit: read the preview);
6. names: every part of the practitioner's name, whatever its case, with possessives ("Okafor's",
   "Jones'"), each part of a hyphenated or apostrophised name, a form without accents, and initials written
   before a removed name ("J. Okafor"); every part of the names of the people on the case where it starts with
   a capital letter (so a colleague called Rose does not take "rose" out of every sentence);
7. titles (Dr, Mr, Mrs, Ms, Miss, Mx, Prof, Professor, Sir, Dame...) written with a capital before a name or
   an initial, so "did not miss a dose" and "professor of surgery" stay.

Matching is always on whole words: "she" is not found in "sheet", "he" not in "there", "her" not in "herbal".
The names of NHS bodies ("NHS England", "General Medical Council") are kept as written.

Removals are written `[removed: name]`, `[removed: age]` and so on. Running the redactor again over its own
output (or over a case manager's edit of it) keeps the markers and changes nothing else, so an edit can be
re-checked. After redaction, `warnings` lists words that look like the practitioner's name although they are
not it (the name inside a longer word, or one typing slip away): the case manager decides.
"""

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "second_look"

# Kinds of removal, as the marker names them.
NAME = "name"
TITLE = "title"
AGE = "age"
ETHNICITY = "ethnicity"
NATIONALITY = "nationality"
COUNTRY = "country"
QUALIFICATION = "place of qualification"
GENDERED = "gendered word"
PREGNANCY = "pregnancy or maternity"
REGISTRATION = "registration number"
EMAIL = "email address"
KINDS = (
    NAME,
    TITLE,
    AGE,
    ETHNICITY,
    NATIONALITY,
    COUNTRY,
    QUALIFICATION,
    GENDERED,
    PREGNANCY,
    REGISTRATION,
    EMAIL,
)
PRONOUN = "pronoun"  # replaced, not removed: counted, never marked

MARKER_RE = re.compile(r"\[removed: (" + "|".join(re.escape(k) for k in KINDS) + r")\]")

# While it works, the redactor stands in for each removal with one character from a private-use plane, so later
# steps cannot match inside a removal, and for each kept phrase with one from another.
_MARK_BASE = 0xF0000
_KEEP_BASE = 0x100000
_PRIVATE = re.compile("[\U000f0000-\U0010ffff]")
_MARK_CHAR = "[\U000f0000-\U000ffffd]"
_KEEP_CHAR = re.compile("[\U00100000-\U0010fffd]")

_WORD_START = r"(?<!\w)"
_WORD_END = r"(?!\w)"
_APOSTROPHE = "['\u2019`]"


@dataclass(frozen=True)
class Redaction:
    text: str
    counts: dict[str, int] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    @property
    def removed(self) -> int:
        return sum(n for kind, n in self.counts.items() if kind != PRONOUN)


# ---- the word lists --------------------------------------------------------------------------------------------


@cache
def word_lists() -> dict[str, Any]:
    identity = yaml.safe_load((DATA / "identity.yaml").read_text(encoding="utf-8"))
    gendered = yaml.safe_load((DATA / "gendered.yaml").read_text(encoding="utf-8"))
    return {**identity, **gendered}


def _apostrophes(pattern: str) -> str:
    """Any apostrophe in a pattern matches a straight one, a curly one or a backtick."""
    return re.sub("['\u2019`]", lambda _m: _APOSTROPHE, pattern)


def _phrase(term: str) -> str:
    """A term as a pattern: spaces and hyphens between its words match any run of spaces or hyphens."""
    words = re.split(r"[\s\-]+", term.strip())
    return r"[\s\-]+".join(_apostrophes(re.escape(w)) for w in words)


def _norm(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.replace("\u2019", "'").replace("`", "'")).strip().lower()


@dataclass(frozen=True)
class _TermSet:
    pattern: re.Pattern[str]
    kinds: dict[str, str]

    def kind_of(self, matched: str) -> str:
        key = _norm(matched)
        key = re.sub(r"'s$|'$", "", key)
        for candidate in (key, key[:-1], key[:-2]):
            if candidate in self.kinds:
                return self.kinds[candidate]
        return next(iter(self.kinds.values()))


def _term_set(
    groups: list[tuple[str, Iterable[str]]], case_sensitive: set[str], *, plurals: bool
) -> _TermSet:
    kinds: dict[str, str] = {}
    for kind, terms in groups:
        for term in terms:
            kinds.setdefault(_norm(str(term)), kind)
    terms = sorted({str(t) for _kind, ts in groups for t in ts}, key=lambda t: (-len(t), t))
    alternatives = [_phrase(t) if t in case_sensitive else f"(?i:{_phrase(t)})" for t in terms]
    suffix = r"(?:e?s)?" if plurals else ""
    pattern = re.compile(
        _WORD_START + "(?:" + "|".join(alternatives) + ")" + suffix + f"(?:{_APOSTROPHE}s?)?" + _WORD_END
    )
    return _TermSet(pattern=pattern, kinds=kinds)


@cache
def _identity_terms() -> _TermSet:
    lists = word_lists()
    return _term_set(
        [
            (QUALIFICATION, lists["qualification"]),
            (ETHNICITY, lists["ethnicity"]),
            (NATIONALITY, lists["nationality"]),
            (COUNTRY, lists["countries"]),
        ],
        set(lists["case_sensitive"]),
        plurals=True,
    )


@cache
def _gendered_terms() -> _TermSet:
    lists = word_lists()
    return _term_set(
        [(GENDERED, lists["gendered_words"]), (PREGNANCY, lists["pregnancy_words"])], set(), plurals=True
    )


@cache
def _colour_pattern() -> re.Pattern[str]:
    lists = word_lists()
    colours = "|".join(re.escape(c) for c in lists["colour_words"])
    people = "|".join(re.escape(p) for p in sorted(lists["person_words"], key=len, reverse=True))
    return re.compile(rf"(?i){_WORD_START}(?:{colours})(?=[\s\-]+(?:{people}){_WORD_END})")


@cache
def _keep_pattern() -> re.Pattern[str]:
    phrases = sorted(word_lists()["keep_phrases"], key=len, reverse=True)
    return re.compile(_WORD_START + "(?:" + "|".join(_phrase(p) for p in phrases) + ")" + _WORD_END)


@cache
def _title_pattern() -> re.Pattern[str]:
    titles = sorted(word_lists()["titles"], key=len, reverse=True)
    alternatives = "|".join(re.escape(t) for t in titles)
    return re.compile(_WORD_START + f"(?:{alternatives})" + rf"\.?(?=\s*{_MARK_CHAR}|\s+[A-Z])")


@cache
def _object_followers() -> frozenset[str]:
    return frozenset(w.lower() for w in word_lists()["words_after_an_object"])


# ---- ages, emails, registration numbers -------------------------------------------------------------------------

_NUMBER_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s\-](?:one|two|three|four|five|six|seven"
    r"|eight|nine))?|eighteen|nineteen)"
)
_DECADE = (
    rf"(?:twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|[1-9]0\s?{_APOSTROPHE}?s)"
)
AGE_PATTERNS = [
    # a date of birth, "born in 1958", "born 3 May 1958"
    re.compile(
        r"(?i)\b(?:date\s+of\s+birth|d\.?o\.?b\.?)\s*:?\s*[0-9]{1,2}[\s/.\-]+(?:[0-9]{1,2}|[a-z]{3,9})[\s/.\-]+[0-9]{2,4}\b"
    ),
    re.compile(r"(?i)\bborn\s+(?:in\s+|on\s+)?(?:[0-9]{1,2}\s+[a-z]{3,9}\s+)?(?:19|20)[0-9]{2}\b"),
    # "in his sixties", "in her late 50s", "in their early seventies"
    re.compile(rf"(?i)\bin\s+(?:his|her|their)\s+(?:(?:early|mid|late)[\s\-]*)?{_DECADE}(?!\w)"),
    # "aged 67", "age 67", "aged over 65", "age: 67", "aged sixty-seven"
    re.compile(
        rf"(?i)\bage[d]?\s*:?\s*(?:(?:over|under|about|around|nearly|almost)\s+)?(?:[0-9]{{1,3}}|{_NUMBER_WORD})(?!\w)"
    ),
    # "67-year-old", "67 years old", "67 year-old", "67yr old", "67 years of age" (not "12 years" alone: a duration)
    re.compile(r"(?i)\b[0-9]{1,3}\s*-?\s*(?:years?|yrs?)\s*-?\s*olds?(?!\w)"),
    re.compile(r"(?i)\b[0-9]{1,3}\s*(?:years?|yrs?)\s+of\s+age(?!\w)"),
    re.compile(r"(?i)\b[0-9]{1,3}\s*(?:yo|y/o|y\.o\.?)(?!\w)"),
    re.compile(rf"(?i)\b{_NUMBER_WORD}[\s\-]+years?[\s\-]+old(?!\w)"),
]
EMAIL_RE = re.compile(r"[\w.+\-']+@[\w\-]+(?:\.[\w\-]+)+")
REGISTRATION_RE = re.compile(
    r"(?i)\b(?:GMC|GDC|GPhC|PSNI)\s*(?:reg(?:istration)?\.?\s*)?(?:no\.?|number|#)?\s*:?\s*[0-9]{4,7}\b"
)


# ---- the work --------------------------------------------------------------------------------------------------


class _Work:
    """One redaction in progress: the text with private-use stand-ins, and what they stand for."""

    def __init__(self, text: str):
        self.marks: list[str] = []
        self.kept: list[str] = []
        self.counts: Counter[str] = Counter()
        text = _PRIVATE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
        # Markers already in the text (an edit of an earlier redaction) stay markers.
        self.text = MARKER_RE.sub(lambda m: self._mark_char(m.group(1)), text)

    def _mark_char(self, kind: str) -> str:
        self.marks.append(kind)
        return chr(_MARK_BASE + len(self.marks) - 1)

    def mark(self, kind: str) -> str:
        self.counts[kind] += 1
        return self._mark_char(kind)

    def kind_at(self, char: str) -> str | None:
        index = ord(char) - _MARK_BASE
        return self.marks[index] if 0 <= index < len(self.marks) else None

    def sub(self, pattern: re.Pattern[str], kind: str | Callable[[re.Match[str]], str]) -> None:
        if callable(kind):
            self.text = pattern.sub(kind, self.text)
        else:
            self.text = pattern.sub(lambda _m: self.mark(kind), self.text)

    def keep(self, pattern: re.Pattern[str]) -> None:
        def stand_in(match: re.Match[str]) -> str:
            self.kept.append(match.group(0))
            return chr(_KEEP_BASE + len(self.kept) - 1)

        self.text = pattern.sub(stand_in, self.text)

    def restore_kept(self) -> None:
        self.text = _KEEP_CHAR.sub(lambda m: self.kept[ord(m.group(0)) - _KEEP_BASE], self.text)

    def result(self) -> str:
        def expand(match: re.Match[str]) -> str:
            return f"[removed: {self.kind_at(match.group(0))}]"

        return re.sub(_MARK_CHAR, expand, self.text)


def _like(original: str, replacement: str) -> str:
    """The replacement in the original's case: "He" -> "They", "HE" -> "THEY", "he" -> "they"."""
    if len(original) > 1 and original.isupper():
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


_SUBJECT_VERBS = {
    "is": "are", "was": "were", "has": "have", "does": "do",
    "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "doesn't": "don't",
}  # fmt: skip
_PRONOUN_RE = re.compile(
    rf"(?i){_WORD_START}(?:(?P<contracted>he|she){_APOSTROPHE}(?P<ending>s|d|ll)"
    rf"|(?P<subject>he|she)(?:(?P<space>\s+)(?P<verb>is|was|has|does|isn{_APOSTROPHE}t|wasn{_APOSTROPHE}t"
    rf"|hasn{_APOSTROPHE}t|doesn{_APOSTROPHE}t){_WORD_END})?"
    r"|(?P<reflexive>himself|herself)|(?P<hers>hers)|(?P<him>him)|(?P<her>her)|(?P<his>his))" + _WORD_END
)
_NEXT_WORD = re.compile(rf"[ \t]+({_MARK_CHAR}|[^\W\d_][\w'\u2019\-]*)")


def _pronouns(work: _Work) -> None:
    followers = _object_followers()

    def next_is_a_word(match: re.Match[str]) -> bool:
        following = _NEXT_WORD.match(work.text, match.end())
        if following is None:
            return False
        word = following.group(1)
        return bool(re.fullmatch(_MARK_CHAR, word)) or word.lower().replace("\u2019", "'") not in followers

    def replace(match: re.Match[str]) -> str:
        work.counts[PRONOUN] += 1
        whole = match.group(0)
        if match.group("contracted"):
            ending = match.group("ending").lower()
            rest = work.text[match.end() : match.end() + 12].lower()
            if ending == "s":
                neutral = "they've" if re.match(r"\s+(?:been|got|gotten|had)\b", rest) else "they're"
            else:
                neutral = "they'd" if ending == "d" else "they'll"
            return _like(match.group("contracted"), neutral)
        if match.group("subject"):
            replacement = _like(match.group("subject"), "they")
            if match.group("verb"):
                verb = match.group("verb")
                plural = _SUBJECT_VERBS[verb.lower().replace("\u2019", "'")]
                replacement += match.group("space") + _like(verb, plural)
            return replacement
        if match.group("reflexive"):
            return _like(whole, "themself")
        if match.group("hers"):
            return _like(whole, "theirs")
        if match.group("him"):
            return _like(whole, "them")
        if match.group("her"):
            return _like(whole, "their" if next_is_a_word(match) else "them")
        return _like(whole, "their" if next_is_a_word(match) else "theirs")

    work.text = _PRONOUN_RE.sub(replace, work.text)


def _ascii(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_parts(full_name: str) -> list[str]:
    """The parts of a name to look for: each word, and each part of a hyphenated or apostrophised word (2 letters
    or more), and their forms without accents. Titles at the start ("Dr") are left to the title step."""
    titles = set(word_lists()["titles"])
    words = [w.strip(".,;:()[]\"'\u2019") for w in (full_name or "").split()]
    while words and words[0].rstrip(".") in titles:
        words.pop(0)
    parts: list[str] = []
    for word in words:
        hyphenated = word.split("-")
        pieces = [word, *hyphenated, *(p for h in hyphenated for p in re.split("['\u2019`]", h))]
        for piece in pieces:
            if sum(c.isalpha() for c in piece) >= 2:
                parts.append(piece)
                folded = _ascii(piece)
                if folded != piece and sum(c.isalpha() for c in folded) >= 2:
                    parts.append(folded)
    return list(dict.fromkeys(parts))


def _name_pattern(parts: list[str]) -> re.Pattern[str] | None:
    if not parts:
        return None
    alternatives = "|".join(_apostrophes(re.escape(p)) for p in sorted(parts, key=len, reverse=True))
    return re.compile(
        rf"(?i){_WORD_START}(?:{alternatives})(?:{_APOSTROPHE}s{_WORD_END}|{_APOSTROPHE}(?!\w))?{_WORD_END}"
    )


class Redactor:
    """Redacts free text for one case: the practitioner's names, the names of the people on the case, and the
    registration numbers given."""

    def __init__(
        self,
        *,
        practitioner_names: Iterable[str] = (),
        other_names: Iterable[str] = (),
        registration_numbers: Iterable[str] = (),
    ):
        self.practitioner_parts = list(dict.fromkeys(p for n in practitioner_names for p in name_parts(n)))
        practitioner_lower = {p.lower() for p in self.practitioner_parts}
        self.other_parts = [
            p
            for p in dict.fromkeys(p for n in other_names for p in name_parts(n))
            if p.lower() not in practitioner_lower
        ]
        self.initials = {
            p[0].upper() for n in (*practitioner_names, *other_names) for p in name_parts(n) if p
        }
        self._practitioner = _name_pattern(self.practitioner_parts)
        self._others = _name_pattern(self.other_parts)
        numbers = [n.strip() for n in registration_numbers if n and n.strip()]
        self._numbers = (
            re.compile(r"(?<![0-9])(?:" + "|".join(re.escape(n) for n in numbers) + r")(?![0-9])")
            if numbers
            else None
        )

    def redact(self, text: str) -> Redaction:
        work = _Work(text or "")
        work.keep(_keep_pattern())
        work.sub(EMAIL_RE, EMAIL)
        work.sub(REGISTRATION_RE, REGISTRATION)
        if self._numbers is not None:
            work.sub(self._numbers, REGISTRATION)
        for pattern in AGE_PATTERNS:
            work.sub(pattern, AGE)
        identity = _identity_terms()
        work.sub(identity.pattern, lambda m: work.mark(identity.kind_of(m.group(0))))
        work.sub(_colour_pattern(), ETHNICITY)
        gendered = _gendered_terms()
        work.sub(gendered.pattern, lambda m: work.mark(gendered.kind_of(m.group(0))))
        _pronouns(work)
        work.restore_kept()
        self._names(work)
        work.sub(_title_pattern(), TITLE)
        result = work.result()
        return Redaction(text=result, counts=dict(work.counts), warnings=self.warnings(result))

    def _names(self, work: _Work) -> None:
        if self._practitioner is not None:
            work.sub(self._practitioner, NAME)
        if self._others is not None:
            work.sub(self._others, lambda m: work.mark(NAME) if m.group(0)[:1].isupper() else m.group(0))
        # Initials written before a removed name join the removal: "J. Okafor", "A B Smith".
        name_marks = [i for i, kind in enumerate(work.marks) if kind == NAME]
        if not name_marks:
            return
        marks = "[" + "".join(chr(_MARK_BASE + i) for i in name_marks) + "]"
        initials = re.compile(rf"(?<!\w)((?:[A-Z]\.\s*|[A-Z]\s+)+)(?={marks})")

        def fold(match: re.Match[str]) -> str:
            letters = re.findall(r"([A-Z])(\.?)", match.group(1))
            if all(dot or letter in self.initials for letter, dot in letters):
                return ""
            return match.group(0)

        work.text = initials.sub(fold, work.text)

    def warnings(self, redacted: str) -> tuple[str, ...]:
        """Words that look like the practitioner's name but are not it: for the case manager to check."""
        plain = MARKER_RE.sub(" ", redacted)
        words = set(re.findall(r"[^\W\d_][\w'\u2019\-]*", plain))
        found: list[str] = []
        for part in self.practitioner_parts:
            lower = part.lower()
            for word in sorted(words):
                w = word.lower()
                if len(lower) >= 4 and lower in w and w != lower:
                    found.append(f"“{word}” contains the practitioner's name “{part}”")
                elif len(lower) >= 5 and abs(len(w) - len(lower)) <= 1 and w != lower and _one_edit(w, lower):
                    found.append(f"“{word}” is one slip away from the practitioner's name “{part}”")
        return tuple(dict.fromkeys(found))


def _one_edit(a: str, b: str) -> bool:
    """True when a and b differ by one letter changed, added or removed, or two letters side by side swapped."""
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 2 and differ[1] == differ[0] + 1:
            i = differ[0]
            return a[i] == b[i + 1] and a[i + 1] == b[i]
        return len(differ) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def redactor_for(case: Any, *, extra_people: Iterable[Any] = ()) -> Redactor:
    """The redactor for a case: its practitioner, the people named on it or excluded from it, whoever opened
    it or recorded a concern on it, and anyone else given (the requester)."""
    practitioner = case.practitioner
    people = {case.opened_by_id: case.opened_by}
    for member in case.members.select_related("user"):
        people[member.user_id] = member.user
    for exclusion in case.exclusions.select_related("user"):
        people[exclusion.user_id] = exclusion.user
    for concern in case.concerns.select_related("recorded_by"):
        people[concern.recorded_by_id] = concern.recorded_by
    for person in extra_people:
        if person is not None:
            people[person.pk] = person
    return Redactor(
        practitioner_names=[practitioner.full_name],
        other_names=[getattr(p, "full_name", "") for p in people.values()],
        registration_numbers=[practitioner.registration_number],
    )
