"""Wording that people read: one helper for plurals and one for "a" or "an", used everywhere."""

import re
from pathlib import Path

import pytest

import faircase
from faircase.core.formatting import every, pluralise, with_article

PACKAGE = Path(faircase.__file__).parent


@pytest.mark.parametrize(
    ("n", "noun", "plural", "expected"),
    [
        (0, "day", None, "0 days"),
        (1, "day", None, "1 day"),
        (2, "day", None, "2 days"),
        (1_250, "case", None, "1,250 cases"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (-1, "day", None, "-1 days"),
    ],
)
def test_pluralise_gives_the_number_and_the_right_form_of_the_noun(n, noun, plural, expected):
    assert pluralise(n, noun, plural) == expected


def test_every_says_every_day_rather_than_every_1_day():
    assert every(1, "day") == "every day"
    assert every(14, "day") == "every 14 days"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("immediate exclusion", "an immediate exclusion"),
        ("formal exclusion", "a formal exclusion"),
        ("interim suspension", "an interim suspension"),
        ("exclusion", "an exclusion"),
        ("outcome letter", "an outcome letter"),
        ("unique case", "a unique case"),
        ("user", "a user"),
        ("one-off meeting", "a one-off meeting"),
        ("hour", "an hour"),
        ("restriction on practice", "a restriction on practice"),
        ("", ""),
    ],
)
def test_with_article_chooses_a_or_an_by_the_sound_of_the_first_word(words, expected):
    assert with_article(words) == expected


def test_the_filters_are_in_the_template_environment():
    from django.template import engines

    env = engines["jinja2"].env
    template = env.from_string("{{ 1 | pluralise('day') }}; {{ 'immediate exclusion' | with_article }}")
    assert template.render() == "1 day; an immediate exclusion"


# Hand-made plurals, each a chance to write "1 days": a number before a plural unit in an f-string or a template,
# or "s" added when a count is not 1. Use faircase.core.formatting.pluralise (the `pluralise` filter) instead.
HAND_MADE_PLURAL = re.compile(
    r"""(\}\}?\s(days|weeks|months|years|hours|minutes|reviews|answers|follow-ups|cases)\b)"""
    r"""|(else\s+["']s["'])|(["']s["']\s+if\b)|(["']{2}\s+if\s+[^%}]*==\s*1\s+else)|((?<![\w.])[a-z]+\(s\)[\s;,.:])"""
)
NOT_SCANNED: set[str] = set()


def _sources():
    for path in sorted(PACKAGE.rglob("*")):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.suffix not in {".py", ".jinja"} or "/tests/" in f"/{relative}" or relative in NOT_SCANNED:
            continue
        if "migrations" in path.parts:
            continue
        yield relative, path.read_text(encoding="utf-8")


def test_no_plural_is_made_by_hand():
    found = [
        f"{name}:{number}: {line.strip()[:100]}"
        for name, text in _sources()
        for number, line in enumerate(text.splitlines(), start=1)
        if HAND_MADE_PLURAL.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == [], "Use pluralise() (or the pluralise filter) for a count and its noun:\n" + "\n".join(
        found
    )


def test_the_check_finds_hand_made_plurals():
    for line in (
        'f"{self.days_since} days ago"',
        "{{ line.length_days }} days",
        "f\"{n} attempt{'' if n == 1 else 's'}\"",
        'follow-up{{ "" if n == 1 else "s" }}',
        "pronoun{'s' if pronouns != 1 else ''}",
        "{n} open follow-up(s) because",
    ):
        assert HAND_MADE_PLURAL.search(line), line
    assert not HAND_MADE_PLURAL.search("{{ n | pluralise('day') }}")
    assert not HAND_MADE_PLURAL.search('"body": _body(s),')


def test_the_immediate_exclusion_page_says_an_immediate_exclusion(case, case_manager, signed_in):
    from django.urls import reverse

    url = reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": "immediate_exclusion"})
    html = signed_in(case_manager).get(url).content.decode()
    assert "Record an immediate exclusion" in html
    assert "Record a immediate" not in html
