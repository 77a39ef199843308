"""The language check's advice in Welsh (ADR 41): every national term has Welsh advice, Welsh readers get it,
and an organisation's own term (English only) falls back to its English."""

from types import SimpleNamespace

from django.utils import translation

from faircase.consistency.language import Lexicon, national_terms, organisation_term


def test_every_national_term_has_welsh_advice():
    lacking = [t.key for t in national_terms() if not t.why_cy or not t.suggestion_cy]
    assert national_terms() and lacking == []


def test_a_welsh_reader_gets_the_advice_in_welsh():
    lexicon = Lexicon(national_terms())
    aggressive = next(t for t in national_terms() if t.key == "aggressive")
    with translation.override("cy"):
        [advice] = lexicon.advice_for("She was aggressive on the ward.")
        data = {d["key"]: d for d in lexicon.as_data()}
    assert advice.why == aggressive.why_cy and advice.suggestion == aggressive.suggestion_cy
    assert advice.suggestion.startswith("Dywedwch beth a welwyd")
    assert data["aggressive"]["why"] == aggressive.why_cy
    with translation.override("en"):
        [advice] = lexicon.advice_for("She was aggressive on the ward.")
    assert advice.why == aggressive.why


def test_an_organisation_s_own_term_falls_back_to_its_english():
    own = organisation_term(
        SimpleNamespace(pk=7, term="grumpy", variants=[], why="A mood, not conduct.", suggestion="Say what.")
    )
    with translation.override("cy"):
        [advice] = Lexicon((own,)).advice_for("He is grumpy.")
    assert advice.why == "A mood, not conduct."


def test_the_advice_box_speaks_welsh_to_welsh_readers():
    from django.template import engines

    jinja = next(e for e in engines.all() if e.__class__.__name__ == "Jinja2")
    template = jinja.env.from_string(
        '{% from "consistency/_language.jinja" import saved_advice %}{{ saved_advice(text, lexicon) }}'
    )
    lexicon = Lexicon(national_terms())
    with translation.override("cy"):
        welsh = template.render(text="She was aggressive and rude.", lexicon=lexicon)
    assert "Gwirio iaith: 2 gair neu ymadrodd" in welsh and "Yn lle hynny: Dywedwch beth a welwyd" in welsh
    assert "Language check" not in welsh and "Instead:" not in welsh
    with translation.override("en"):
        english = template.render(text="She was aggressive and rude.", lexicon=lexicon)
    assert "Language check: 2 words or phrases to reconsider" in english
