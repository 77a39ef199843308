"""What a Welsh page shows that is not Welsh (ADR 41), for the crawl and for any test of a page in Welsh.

A page's interface text, in Welsh, contains none of the English words that Welsh never uses ("the", "your",
"with", "case"...). A piece of text with one of them is untranslated interface text unless it is:
- data people entered or imported (the case's description, a person's name, an organisation's name): any text
  the database holds, except the English of data that has a Welsh field beside it (`<field>` where the model
  has `<field>_cy`: a consideration, a support entry, a letter block), which must show in Welsh;
- Welsh that keeps an English name on purpose ("Practitioner Performance Advice"): found in the Welsh messages;
- marked as English (`lang="en..."`): the switch's "English", the English column of a bilingual document.
"""

import re
from collections.abc import Iterator
from functools import cache

from django.apps import apps
from django.db import models
from lxml import html as lxml_html

# English words that are not Welsh words (nor common in Welsh text), so finding one means English. Welsh words
# spelt like English ones are left out: a, i, am, at, an, man, to, is, can, dim, pan, tan, sy, ar, y, o.
ENGLISH_ONLY = frozenset(
    [
        "the",
        "and",
        "of",
        "your",
        "you",
        "for",
        "with",
        "this",
        "that",
        "these",
        "those",
        "what",
        "who",
        "when",
        "which",
        "where",
        "how",
        "has",
        "have",
        "had",
        "not",
        "been",
        "will",
        "would",
        "should",
        "must",
        "from",
        "by",
        "there",
        "their",
        "they",
        "are",
        "was",
        "were",
        "our",
        "we",
        "its",
        "it's",
        "into",
        "about",
        "add",
        "added",
        "view",
        "save",
        "saved",
        "sign",
        "change",
        "changed",
        "remove",
        "removed",
        "delete",
        "back",
        "continue",
        "cancel",
        "send",
        "sent",
        "case",
        "cases",
        "concern",
        "concerns",
        "practitioner",
        "review",
        "reviews",
        "decision",
        "date",
        "details",
        "report",
        "record",
        "open",
        "opened",
        "close",
        "closed",
        "yes",
        "no",
        "unknown",
        "none",
        "next",
        "previous",
        "show",
        "hide",
        "page",
        "find",
        "search",
        # Words a screen reader says before a callout, an inset or an error (nhsuk components' hidden prefixes).
        "important",
        "information",
        "error",
        "contents",
    ]
)
WORD = re.compile(r"[\w'\u2019]+(?:-[\w'\u2019]+)*")
NOT_READ = {"script", "style", "template", "noscript", "svg"}
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


def visible_texts(page: str) -> Iterator[str]:
    """Each piece of text a person reads or hears, outside anything marked as English."""
    root = lxml_html.fromstring(page)
    title = root.findtext(".//title")
    if title:
        yield title

    def walk(element) -> Iterator[str]:
        if not isinstance(element.tag, str) or element.tag in NOT_READ or element.tag == "title":
            return
        if (element.get("lang") or "").lower().startswith("en") or element.get("hidden") is not None:
            return
        for name in READ_ATTRIBUTES:
            if element.get(name):
                yield element.get(name)
        if element.tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            yield element.get("value")
        if element.text and element.text.strip():
            yield element.text
        for child in element:
            yield from walk(child)
            if child.tail and child.tail.strip():
                yield child.tail

    body = root.find(".//body")
    yield from walk(body if body is not None else root)


def _squash(text: str) -> str:
    return " ".join(text.split())


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.lower() in ENGLISH_ONLY]


@cache
def welsh_messages() -> str:
    """Every Welsh translation faircase has, one per line (for Welsh that keeps an English name)."""
    from faircase.core.catalogues import app_dirs, po_path, read

    lines = []
    for app in app_dirs():
        if po_path(app).exists():
            for message in read(po_path(app)):
                strings = message.string if isinstance(message.string, tuple | list) else [message.string]
                lines += [_squash(s) for s in strings if s]
    return "\n".join(lines)


def data_text() -> str:
    """Every text the database holds that people entered or imported, one value per line; the English of data
    that has Welsh beside it is left out, so that showing it to a Welsh reader counts as untranslated."""
    values: list[str] = []
    for model in apps.get_models():
        if model._meta.label_lower in ("core.auditevent", "sessions.session"):
            continue
        names = {f.name for f in model._meta.concrete_fields}
        texts = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f"{f.name}_cy" not in names
        ]
        jsons = [f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField)]
        if not texts and not jsons:
            continue
        for row in model._default_manager.all().values_list(*texts, *jsons):
            for value in row:
                if isinstance(value, str) and value.strip():
                    values.append(_squash(value))
                elif isinstance(value, dict | list):
                    values += [_squash(s) for s in _strings_in(value)]
    return "\n".join([*values, *_recorded_beside_welsh()])


def _recorded_beside_welsh() -> list[str]:
    """The English that an audit event stored beside its Welsh (a letter's "body" and "body_cy"): the case's
    history shows both as they were recorded, so there the English is data, not a missing translation."""
    from faircase.core.models import AuditEvent

    values = []
    for summary in AuditEvent.objects.values_list("summary", flat=True):
        for fields in _dicts_in(summary):
            values += [
                _squash(s)
                for key, value in fields.items()
                if f"{key}_cy" in fields
                for s in _strings_in(value)
            ]
    return values


def _dicts_in(value) -> Iterator[dict]:
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _dicts_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _dicts_in(item)


def _strings_in(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings_in(item)


def untranslated(page: str, data: str) -> list[str]:
    """The pieces of interface text on a Welsh page that are English."""
    found = []
    welsh = welsh_messages()
    for text in visible_texts(page):
        squashed = _squash(text)
        if not english_words(squashed):
            continue
        if _is_known(squashed, data) or _is_known(squashed, welsh):
            continue
        found.append(squashed)
    return found


def _is_known(text: str, corpus: str) -> bool:
    """The text is, or is made of sentences of, values in the corpus (data may be cut short with an ellipsis,
    or several values joined with commas or dashes)."""
    if text in corpus:
        return True
    dashes = "\u2014\u2013-"  # em dash, en dash, hyphen
    parts = [
        p.strip(f" .,;:()\u2026{dashes}")
        for p in re.split(rf"[.;:,()\u2026{dashes[:2]}]\s+|\s[{dashes}]\s", text)
    ]
    parts = [p for p in parts if english_words(p)]
    return bool(parts) and all(p in corpus for p in parts)
