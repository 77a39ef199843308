"""The investigation's words in Welsh (issue 16): the decision options have Welsh beside their English, a decision
keeps the English it was taken with for English readers, and the policy is named in the reader's language."""

from types import SimpleNamespace

import pytest
from django.utils import translation

from faircase.proceedings.options import _all_options, hearing_kind_label, option_name
from faircase.proceedings.presenters import appointment_intro


def test_every_decision_option_has_welsh():
    without = [
        (policy, o.key) for policy, options in _all_options().items() for o in options if not o.label_cy
    ]
    assert without == []


@pytest.mark.parametrize(
    ("language", "expected"), [("cy", "Dim camau pellach"), ("en", "No further action.")]
)
def test_a_decision_reads_in_welsh_and_keeps_its_recorded_english(language, expected):
    with translation.override(language):
        assert option_name("upsw", "no_further_action", "No further action.") == expected


def test_an_option_no_longer_in_the_file_keeps_its_recorded_words():
    with translation.override("cy"):
        assert option_name("upsw", "retired_option", "An old option") == "An old option"


def test_the_appointment_names_the_policy_and_the_hearing_in_welsh():
    with translation.override("cy"):
        intro = appointment_intro(SimpleNamespace(policy="upsw"))
        assert (
            "O dan Cynnal Safonau Proffesiynol yng Nghymru nid y rheolwr achos yw'r ymchwilydd achos."
            in intro
        )
        assert hearing_kind_label("conduct") == "Gwrandawiad ymddygiad"
    with translation.override("en"):
        assert appointment_intro(SimpleNamespace(policy="upsw")).endswith(
            "Under Upholding Professional Standards in Wales the case investigator is not the case manager."
        )
