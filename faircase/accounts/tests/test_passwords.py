"""One set of password rules for everyone who signs in, staff and practitioners alike (issue 9)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from faircase.accounts.tests.factories import UserFactory


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        "AAAAAAAAAAAAAAAA",
        "abababababab",
        "abcabcabcabc",
        "passpasspasspass",
        "abcdeabcdeabcde",
        "aaaaaaaaaaab",
        "ab12ab12ab12",
        "!!!!!!!!!!!!!",
    ],
)
def test_a_password_of_the_same_few_characters_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, UserFactory.build(username="casey.fictional"))

    assert refused.value.error_list[0].code == "password_repetitive"


@pytest.mark.parametrize("password", ["abcdefghijklm", "ZYXWVUTSRQPONM", "acegikmoqsuw", "lmnopqrstuvw"])
def test_a_password_that_is_a_simple_sequence_is_refused(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password, UserFactory.build(username="casey.fictional"))

    assert [e.code for e in refused.value.error_list] == ["password_sequential"]


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple",
        "lantern-orchard-meadow-47",
        "violet-harbour-lantern-42",
        "Tr0ub4dor&3xyz",
    ],
)
def test_a_reasonable_password_is_accepted(password):
    validate_password(password, UserFactory.build(username="casey.fictional", full_name="Casey Fictional"))


def test_a_staff_password_is_checked_against_the_persons_full_name():
    staff = UserFactory.build(
        username="cm7", full_name="Morwenna Fictional-Tregarthen", email="cm7@example.test"
    )

    with pytest.raises(ValidationError) as refused:
        validate_password("Morwenna Fictional-Tregarthen", staff)

    assert refused.value.messages == ["Password must not be like your name, username or email address"]
