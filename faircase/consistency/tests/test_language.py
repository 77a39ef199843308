"""The language check: the shipped lexicon is pinned, the checker matches whole words and phrases (any case,
punctuation, plurals) and never inside other words, and the browser's checker gives the same answers."""

import copy
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from faircase.consistency.language import (
    LEXICON_FILE,
    Lexicon,
    LexiconError,
    Term,
    national_terms,
    parse_national,
    pattern_words,
    tokens,
)

JS_MODULE = Path(__file__).resolve().parents[1] / "static" / "consistency" / "language-check.js"
NATIONAL = Lexicon(terms=national_terms())


def found(text, lexicon=NATIONAL):
    return [(a.key, a.found) for a in lexicon.advice_for(text)]


def keys(text, lexicon=NATIONAL):
    return [a.key for a in lexicon.advice_for(text)]


def test_the_shipped_lexicon_is_pinned():
    assert [t.key for t in national_terms()] == [
        "aggressive",
        "attitude",
        "not_a_team_player",
        "poor_english",
        "accent",
        "cultural_issues",
        "abrasive",
        "difficult",
        "emotional",
        "arrogant",
        "lacks_insight",
        "does_not_fit_in",
        "unprofessional",
        "rude",
        "hostile",
        "intimidating",
        "manipulative",
        "defensive",
        "personality_clash",
        "troublemaker",
        "lazy",
        "old_school",
        "foreign_trained",
        "bossy",
    ]
    for term in national_terms():
        assert term.why.endswith((".", ")")) and term.suggestion.endswith((".", "'", ")")), term.key
        assert term.patterns[0] == pattern_words(term.term)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("She was aggressive on the ward", "aggressive"),
        ("He has an attitude", "attitude"),
        ("They are not a team player", "not_a_team_player"),
        ("Poor English was noted", "poor_english"),
        ("There are cultural issues", "cultural_issues"),
        ("An abrasive manner", "abrasive"),
        ("Colleagues find him difficult to work with", "difficult"),
        ("She became too emotional", "emotional"),
        ("He is arrogant", "arrogant"),
        ("The practitioner lacks insight", "lacks_insight"),
        ("She doesn't fit in", "does_not_fit_in"),
    ],
)
def test_the_examples_in_the_issue_are_found(text, key):
    assert keys(text) == [key]


def test_matching_ignores_case_and_punctuation():
    assert found("AGGRESSIVE, then (aggressive)! and 'Aggressive'") == [
        ("aggressive", ["AGGRESSIVE", "aggressive", "Aggressive"])
    ]


def test_a_phrase_matches_across_hyphens_and_line_wrapping_spaces():
    assert keys("He is not a  team-player") == ["not_a_team_player"]
    assert keys("Not a\tteam player") == ["not_a_team_player"]


def test_a_phrase_does_not_match_across_the_end_of_a_sentence():
    assert keys("It was not a team. Player numbers were low.") == []
    assert keys("poor; English") == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Their attitudes were noted", "attitude"),
        ("the attitude's effect", "attitude"),
        ("several cultural issues", "cultural_issues"),
        ("a cultural issue", "cultural_issues"),
        ("two personality clashes", "personality_clash"),
        ("known troublemakers", "troublemaker"),
        ("She doesn\u2019t fit in", "does_not_fit_in"),
    ],
)
def test_plurals_possessives_and_curly_apostrophes_match(text, key):
    assert keys(text) == [key]


def test_a_plural_ending_in_ies_matches():
    lexicon = Lexicon(
        terms=(Term(key="party", term="party", patterns=(("party",),), why="w", suggestion="s"),)
    )
    assert keys("Two parties met", lexicon) == ["party"]
    assert keys(
        "the day",
        Lexicon(terms=(Term(key="day", term="day", patterns=(("day",),), why="w", suggestion="s"),)),
    ) == ["day"]


@pytest.mark.parametrize(
    "text",
    [
        "A prudent decision",
        "crude estimate",
        "aggressiveness of the tumour",
        "attitudinal survey",
        "bossyness",
        "lazybones",
        "unaccented",
        "difficulty with the airway",
        "a difficult airway",
        "emotional support was offered",
        "volatile anaesthetic agents",
        "a poor fit of the FFP3 mask",
        "walked past it",
    ],
)
def test_terms_inside_other_words_or_innocent_phrases_do_not_match(text):
    assert keys(text) == []


def test_the_longest_phrase_wins_where_terms_overlap():
    lexicon = Lexicon(
        terms=(
            Term(key="team", term="team player", patterns=(("team", "player"),), why="w", suggestion="s"),
            Term(
                key="not_team",
                term="not a team player",
                patterns=(("not", "a", "team", "player"),),
                why="w",
                suggestion="s",
            ),
        )
    )
    assert keys("She is not a team player", lexicon) == ["not_team"]
    assert keys("A team player, not a team player", lexicon) == ["team", "not_team"]


def test_advice_lists_each_term_once_with_each_wording_once():
    advice = NATIONAL.advice_for("Aggressive. aggression. Aggressive again. Rude and rudely.")
    assert [(a.key, a.found, a.count) for a in advice] == [
        ("aggressive", ["Aggressive", "aggression"], 2),
        ("rude", ["Rude", "rudely"], 2),
    ]
    assert advice[0].suggestion.startswith("Say what was seen or heard")


def test_empty_and_missing_text_give_no_advice():
    assert NATIONAL.advice_for("") == []
    assert NATIONAL.advice_for(None) == []


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)


@given(prefix=words, suffix=words)
def test_a_term_glued_inside_a_longer_word_never_matches(prefix, suffix):
    lexicon = Lexicon(terms=(Term(key="rude", term="rude", patterns=(("rude",),), why="w", suggestion="s"),))
    assert keys(f"{prefix}rude", lexicon) == []
    glued = f"rude{suffix}"
    expected = ["rude"] if glued in {"rudes", "rudees"} else []
    assert keys(glued, lexicon) == expected


@given(
    before=st.sampled_from([" ", ", ", "(", '"', "\n", "—", " '", "-"]),
    after=st.sampled_from([" ", ".", ",", ")", "!", "?", '"', "'s", "s"]),
    case=st.sampled_from([str.lower, str.upper, str.title]),
)
def test_a_term_is_found_whatever_the_punctuation_and_case_around_it(before, after, case):
    assert keys(f"note{before}{case('arrogant')}{after} end") == ["arrogant"]


def _shipped():
    return yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["terms"][0].update(term="aggress.*"), "not a plain word or phrase"),
        (lambda d: d["terms"][1]["variants"].append("[bad]"), "not a plain word or phrase"),
        (lambda d: d["terms"][2].update(key="aggressive"), "used twice"),
        (lambda d: d["terms"][3].pop("suggestion"), "missing suggestion"),
        (lambda d: d.update(format="lexicon/0"), "format"),
    ],
)
def test_a_bad_lexicon_is_refused_with_a_reason(change, message):
    data = copy.deepcopy(_shipped())
    change(data)
    with pytest.raises(LexiconError, match=message):
        parse_national(data)


def test_tokens_know_where_sentences_break():
    assert [(t.text, t.after_break) for t in tokens("One two. Three; four")] == [
        ("one", False),
        ("two", False),
        ("three", True),
        ("four", True),
    ]


# ---- the browser's checker gives the same answers ----------------------------------------------------------

PARITY_TEXTS = [
    "She was AGGRESSIVE, and his attitudes were poor. Not a team-player; doesn\u2019t fit in.",
    "It was not a team. Player numbers were low.",
    "A prudent decision; crude estimate; aggressiveness of the tumour; a difficult airway.",
    "Two personality clashes with known troublemakers, several cultural issues and poor English.",
    "Rude and rudely. Rude again! The attitude's effect; old-fashioned and set in their ways.",
    "He lacks insight and is too emotional, over-sensitive and oversensitive.",
    "",
    "Ünïcödé wörds, 123 numbers, and a bossy manager who is lazy.",
]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_browser_checker_gives_the_same_advice_as_the_server():
    script = (
        f"import {{ adviceFor }} from {json.dumps(JS_MODULE.as_uri())};\n"
        "let input = ''; process.stdin.on('data', (c) => { input += c; });\n"
        "process.stdin.on('end', () => { const { terms, texts } = JSON.parse(input);\n"
        "  console.log(JSON.stringify(texts.map((t) => adviceFor(terms, t).map((a) => [a.key, a.found])))); });\n"
    )
    result = subprocess.run(  # noqa: S603 (our own script, run by the Node found on the PATH)
        [shutil.which("node"), "--input-type=module", "-e", script],
        input=json.dumps({"terms": NATIONAL.as_data(), "texts": PARITY_TEXTS}),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    browser = json.loads(result.stdout)
    server = [[[a.key, a.found] for a in NATIONAL.advice_for(text)] for text in PARITY_TEXTS]
    assert any(server), "the texts must find something"
    assert browser == server


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_live_advice_is_added_to_what_describes_the_field_keeping_its_hint_and_error():
    """WCAG 2.2 1.3.1: a screen reader user on the text field hears the advice as the field's description, as
    well as the hint and any error the field already points to; the advice's id is added once however often."""
    script = (
        f"import {{ describedBy }} from {json.dumps(JS_MODULE.as_uri())};\n"
        "console.log(JSON.stringify([\n"
        "  describedBy(null, 'description-language-advice'),\n"
        "  describedBy('description-hint description-error', 'description-language-advice'),\n"
        "  describedBy('description-hint description-language-advice', 'description-language-advice'),\n"
        "]));\n"
    )
    result = subprocess.run(  # noqa: S603 (our own script, run by the Node found on the PATH)
        [shutil.which("node"), "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(result.stdout) == [
        "description-language-advice",
        "description-hint description-error description-language-advice",
        "description-hint description-language-advice",
    ]


def test_the_advice_has_an_id_named_for_its_field():
    from django.template import engines

    from faircase.cases.forms import ConcernFields

    template = engines["jinja2"].env.from_string(
        '{% from "consistency/_language.jinja" import language_check %}{{ language_check(field, lexicon) }}'
    )
    html = template.render({"field": ConcernFields()["description"], "lexicon": NATIONAL})
    assert 'id="id_description-language-advice"' in html
