"""Redaction rules, without a database: which words are replaced and how a presenter's tree is rebuilt."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError

from faircase.bundles.redaction import MARK, Redactor, clean_terms
from faircase.bundles.services import check_terms


@dataclass(frozen=True)
class Line:
    label: str
    value: str
    rows: tuple[str, ...] = ()


def test_a_term_is_replaced_whatever_its_case_and_spacing():
    redactor = Redactor(["Alys Penhallow"])
    assert redactor.text("Seen by ALYS  penhallow and\nAlys\tPenhallow.") == f"Seen by {MARK} and\n{MARK}."


def test_only_whole_words_are_replaced():
    redactor = Redactor(["Ann"])
    assert (
        redactor.text("Ann met Annabel at the annexe; Ann's notes")
        == f"{MARK} met Annabel at the annexe; {MARK}'s notes"
    )


def test_a_longer_term_is_replaced_before_a_shorter_one_inside_it():
    redactor = Redactor(["Jo Marsh", "Ward Sister Jo Marsh"])
    assert redactor.text("Ward Sister Jo Marsh, then Jo Marsh") == f"{MARK}, then {MARK}"


def test_terms_with_regex_characters_are_taken_literally():
    assert (
        Redactor(["Bed 4 (bay C)"]).text("Patient in bed 4 (bay C) and bed 4")
        == f"Patient in {MARK} and bed 4"
    )


def test_no_terms_changes_nothing():
    line = Line("Name", "Alys Penhallow")
    assert Redactor([]).tree(line) is line


def test_every_string_in_a_tree_of_frozen_dataclasses_is_redacted():
    tree = (Line("Alys Penhallow said", "that Alys Penhallow saw", ("alys penhallow", "other")),)
    assert Redactor(["Alys Penhallow"]).tree(tree) == (
        Line(f"{MARK} said", f"that {MARK} saw", (MARK, "other")),
    )


def test_terms_are_tidied_and_each_kept_once():
    assert clean_terms(["  Alys   Penhallow ", "alys penhallow", "", "Bed 4"]) == ("Alys Penhallow", "Bed 4")


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        (["x"], "'x' is too short to redact: give at least 2 characters"),
        (["y" * 201], "A name or phrase to redact must be 200 characters or fewer"),
        ([f"term {n}" for n in range(101)], "Give at most 100 names or phrases to redact"),
    ],
)
def test_bad_terms_are_refused_with_a_message_that_says_why(terms, message):
    with pytest.raises(ValidationError) as refused:
        check_terms(terms)
    assert refused.value.message_dict == {"terms": [message]}


def test_names_are_split_at_semicolons_and_lose_their_affiliation():
    from faircase.bundles.contents import _names

    assert _names("Dr Chowdhury; the practice manager.\nMs Grace Ellery (MPS)") == [
        "Dr Chowdhury", "the practice manager", "Ms Grace Ellery",
    ]  # fmt: skip


def test_the_practitioner_named_by_title_and_surname_is_not_a_third_party():
    from types import SimpleNamespace

    from faircase.bundles.contents import _is_the_practitioner

    practitioner = SimpleNamespace(full_name="Dr Farhana Chowdhury")
    assert _is_the_practitioner("Dr Chowdhury", practitioner)
    assert _is_the_practitioner("farhana chowdhury", practitioner)
    assert not _is_the_practitioner("Mrs Janet Oyelaran", practitioner)
    assert not _is_the_practitioner("Dr", practitioner)
