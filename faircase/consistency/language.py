"""The language check: a lexicon as data, and a checker that finds its terms in free text.

The shipped national list is faircase/data/lexicon/language.yaml; organisations switch terms off and add their
own (faircase.consistency.models). Matching is by whole words and phrases, ignoring case and punctuation: a
phrase matches across spaces and hyphens but not across the end of a sentence, and the last word of a pattern
also matches its plural or possessive ("attitude" finds "attitudes" and "attitude's", "party" finds "parties").
A term inside another word never matches ("rude" does not match "prudent").

The same algorithm runs in the browser (static/consistency/language-check.js), fed the same patterns; a test
runs both over the same texts.
"""

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from faircase.core.languages import localised

LEXICON_FILE = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "language.yaml"
FORMAT = "faircase-lexicon/1"

WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
SENTENCE_BREAK = re.compile(r"[.!?;:\n]")
# What a pattern may contain: letters, digits, spaces, hyphens and apostrophes. No wildcards.
PLAIN = re.compile(r"^[^\W_]+(?:[\s'\-\u2019][^\W_]+)*$")
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
VOWELS = set("aeiou")


class LexiconError(ValueError):
    pass


@dataclass(frozen=True)
class Token:
    text: str  # lower case, apostrophes made straight
    start: int
    end: int
    after_break: (
        bool  # a sentence break (. ! ? ; : or a new line) comes between this token and the one before
    )


def tokens(text: str) -> list[Token]:
    text = (text or "").translate(APOSTROPHES)
    found: list[Token] = []
    last_end = 0
    for match in WORD.finditer(text):
        gap = text[last_end : match.start()]
        found.append(
            Token(
                text=match.group().lower(),
                start=match.start(),
                end=match.end(),
                after_break=bool(found) and bool(SENTENCE_BREAK.search(gap)),
            )
        )
        last_end = match.end()
    return found


def pattern_words(phrase: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokens(phrase))


def word_forms(word: str) -> frozenset[str]:
    """The word, its plural and its possessive: attitude, attitudes, attitude's, attitudes'; party, parties."""
    forms = {word, f"{word}s", f"{word}es", f"{word}'s", f"{word}s'"}
    if len(word) > 1 and word.endswith("y") and word[-2] not in VOWELS:
        forms.add(f"{word[:-1]}ies")
    return frozenset(forms)


@dataclass(frozen=True)
class Term:
    key: str
    term: str
    patterns: tuple[tuple[str, ...], ...]
    why: str
    suggestion: str
    source: str = "national"  # or "organisation"
    # The advice in Welsh (ADR 41); blank where there is none, and then Welsh readers see the English.
    why_cy: str = ""
    suggestion_cy: str = ""

    @property
    def shown_why(self) -> str:
        return localised(self, "why")

    @property
    def shown_suggestion(self) -> str:
        return localised(self, "suggestion")

    def as_data(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "term": self.term,
            "patterns": [list(p) for p in self.patterns],
            "why": localised(self, "why"),
            "suggestion": localised(self, "suggestion"),
        }


@dataclass(frozen=True)
class Match:
    term: Term
    start: int
    end: int
    text: str


@dataclass
class Advice:
    """One term found in a text: what was written, why it is a problem, and what to write instead."""

    key: str
    term: str
    why: str
    suggestion: str
    found: list[str] = field(default_factory=list)  # the words as written, each once, in order

    @property
    def count(self) -> int:
        return len(self.found)


def _matches_at(words: list[Token], i: int, pattern: tuple[str, ...]) -> bool:
    if i + len(pattern) > len(words):
        return False
    for j, expected in enumerate(pattern):
        token = words[i + j]
        if j and token.after_break:
            return False
        last = j == len(pattern) - 1
        if token.text != expected and not (last and token.text in word_forms(expected)):
            return False
    return True


@dataclass(frozen=True)
class Lexicon:
    terms: tuple[Term, ...]

    def matches(self, text: str) -> list[Match]:
        """Every term found, left to right. Where matches overlap, the longest (then the earliest) wins."""
        words = tokens(text)
        original = text or ""
        candidates: list[tuple[int, int, Term]] = []
        for i in range(len(words)):
            for term in self.terms:
                for pattern in term.patterns:
                    if pattern and _matches_at(words, i, pattern):
                        candidates.append((words[i].start, words[i + len(pattern) - 1].end, term))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        kept: list[Match] = []
        taken_until = -1
        for start, end, term in candidates:
            if start < taken_until:
                continue
            kept.append(Match(term=term, start=start, end=end, text=original[start:end]))
            taken_until = end
        return kept

    def advice_for(self, text: Any) -> list[Advice]:
        """The advice for a text, one entry per term, in the order the terms first appear."""
        advice: dict[str, Advice] = {}
        for match in self.matches(str(text or "")):
            entry = advice.setdefault(
                match.term.key,
                Advice(
                    key=match.term.key,
                    term=match.term.term,
                    why=localised(match.term, "why"),
                    suggestion=localised(match.term, "suggestion"),
                ),
            )
            if match.text not in entry.found:
                entry.found.append(match.text)
        return list(advice.values())

    def as_data(self) -> list[dict[str, Any]]:
        return [t.as_data() for t in self.terms]

    def json_script(self, element_id: str) -> str:
        """The patterns for the browser's live check, as a JSON data block (never executed)."""
        from django.utils.html import json_script

        return json_script(self.as_data(), element_id)


def _patterns(term: str, variants: list[str], where: str) -> tuple[tuple[str, ...], ...]:
    patterns: list[tuple[str, ...]] = []
    for phrase in [term, *variants]:
        if not isinstance(phrase, str) or not PLAIN.match(phrase.strip()):
            raise LexiconError(
                f"{where}: {phrase!r} is not a plain word or phrase (letters, spaces, hyphens and apostrophes only)"
            )
        words = pattern_words(phrase)
        if words not in patterns:
            patterns.append(words)
    return tuple(patterns)


def parse_national(data: Any) -> tuple[Term, ...]:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise LexiconError(f"The lexicon must start with format: {FORMAT}")
    raw = data.get("terms")
    if not isinstance(raw, list) or not raw:
        raise LexiconError("The lexicon has no terms")
    terms: list[Term] = []
    keys: set[str] = set()
    for number, item in enumerate(raw, start=1):
        where = f"term {number}"
        if not isinstance(item, dict):
            raise LexiconError(f"{where}: expected key, term, variants, why and suggestion")
        missing = [f for f in ("key", "term", "why", "suggestion") if not str(item.get(f) or "").strip()]
        if missing:
            raise LexiconError(f"{where}: missing {', '.join(missing)}")
        key = str(item["key"])
        if key in keys:
            raise LexiconError(f"{where}: the key {key} is used twice")
        keys.add(key)
        variants = item.get("variants") or []
        if not isinstance(variants, list):
            raise LexiconError(f"{where}: variants must be a list")
        terms.append(
            Term(
                key=key,
                term=str(item["term"]),
                patterns=_patterns(str(item["term"]), variants, f"{where} ({key})"),
                why=str(item["why"]).strip(),
                suggestion=str(item["suggestion"]).strip(),
                why_cy=str(item.get("why_cy") or "").strip(),
                suggestion_cy=str(item.get("suggestion_cy") or "").strip(),
            )
        )
    return tuple(terms)


@cache
def national_terms() -> tuple[Term, ...]:
    with LEXICON_FILE.open(encoding="utf-8") as handle:
        return parse_national(yaml.safe_load(handle))


def national_term(key: str) -> Term | None:
    return next((t for t in national_terms() if t.key == key), None)


def check_patterns(term: str, variants: list[str]) -> tuple[tuple[str, ...], ...]:
    """The patterns of an organisation's term, or a LexiconError naming the one that is not plain words."""
    return _patterns(term, variants, "The term")


def organisation_term(entry: Any) -> Term:
    return Term(
        key=f"org-{entry.pk}",
        term=entry.term,
        patterns=_patterns(entry.term, list(entry.variants or []), f"term {entry.term}"),
        why=entry.why,
        suggestion=entry.suggestion,
        source="organisation",
    )
