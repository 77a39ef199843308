"""Redaction of third parties' personal data: every occurrence of a term in the bundle's text becomes a visible
"[redacted]", before anything is laid out, so the words are never in the PDF (nothing is hidden under a box).

The terms are matched whatever their case and however the spaces inside them run; a longer term is tried before a
shorter one it contains ("Ward Sister Jo Marsh" before "Jo Marsh"), and a term matches whole words only.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

MARK = "[redacted]"
MAX_TERMS = 100
MAX_TERM_LENGTH = 200
MIN_TERM_LENGTH = 2


def clean_terms(terms: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The distinct terms (spaces tidied, blank lines dropped), in the order given."""
    seen: dict[str, str] = {}
    for term in terms:
        tidy = " ".join(str(term).split())
        if tidy and tidy.casefold() not in seen:
            seen[tidy.casefold()] = tidy
    return tuple(seen.values())


class Redactor:
    def __init__(self, terms: list[str] | tuple[str, ...]) -> None:
        self.terms = clean_terms(terms)
        ordered = sorted(self.terms, key=len, reverse=True)
        patterns = [r"\s+".join(re.escape(word) for word in term.split()) for term in ordered]
        self._pattern = (
            re.compile(r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)", re.IGNORECASE) if patterns else None
        )

    def text(self, value: str) -> str:
        if self._pattern is None or not value:
            return value
        return self._pattern.sub(MARK, value)

    def tree(self, value: Any) -> Any:
        """`value` with every string inside it redacted: strings, tuples, lists, dicts and frozen dataclasses
        (the presenters' trees), rebuilt rather than changed."""
        if self._pattern is None:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, tuple):
            return tuple(self.tree(item) for item in value)
        if isinstance(value, list):
            return [self.tree(item) for item in value]
        if isinstance(value, dict):
            return {key: self.tree(item) for key, item in value.items()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {f.name: self.tree(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return dataclasses.replace(value, **changes)
        return value

    def found_in(self, text: str) -> bool:
        return self._pattern is not None and bool(self._pattern.search(text or ""))
