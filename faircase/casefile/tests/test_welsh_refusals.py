"""A note or a search refused, and what a search matched, in the language in use (issue 16); the English
constants stay the English of the messages."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from faircase.casefile import search, services
from faircase.casefile.forms import NoteForm


def _refusal(check, value, field) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        check(value)
    return refused.value.message_dict[field]


def test_a_note_and_a_search_are_refused_in_welsh_for_a_welsh_reader():
    with translation.override("cy"):
        assert _refusal(services.clean_text, "  ", "text") == ["Rhowch y nodyn"]
        assert _refusal(services.clean_text, "x" * (services.MAX_TEXT + 1), "text") == [
            "Rhaid i'r nodyn fod yn 20,000 nod neu lai"
        ]
        assert _refusal(search.clean_query, "", "q") == [
            "Rhowch gyfeirnod achos, enw neu air i chwilio amdano"
        ]
        assert _refusal(search.clean_query, "x" * 101, "q") == ["Rhaid i'r chwiliad fod yn 100 nod neu lai"]
        form = NoteForm(data={"text": ""})
        assert not form.is_valid() and form.errors["text"] == ["Rhowch y nodyn"]


def test_in_english_the_refusals_are_the_constants_as_before():
    with translation.override("en"):
        assert _refusal(services.clean_text, "", "text") == [services.EMPTY] == ["Enter the note"]
        assert _refusal(services.clean_text, "x" * (services.MAX_TEXT + 1), "text") == [
            "The note must be 20,000 characters or fewer"
        ]
        assert services.TOO_LONG == "The note must be 20,000 characters or fewer"
        assert _refusal(search.clean_query, "x" * 101, "q") == [search.TOO_LONG]
