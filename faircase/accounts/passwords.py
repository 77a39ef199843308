"""The password rules for everyone who signs in, staff and practitioners alike, in the service's own words.

Django's validators do the checking; these subclasses only say what is wrong the way the NHS service manual asks
(say what to do, plainly, without blame). `RepetitionValidator` adds what Django's do not catch: a password
made of the same few characters (`aaaaaaaaaaaa` passes the length, common-password and numeric checks) or a
simple run like `abcdefghijkl`. Settings list them in AUTH_PASSWORD_VALIDATORS, so every place that calls
`validate_password` (the practitioner's invitation, the admin, the demo loader) applies the same rules.
"""

from itertools import pairwise
from typing import Any

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

SIMILAR = gettext_lazy("Password must not be like your name, username or email address")


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return _("Password must be %(min)d characters or more") % {"min": self.min_length}

    def get_help_text(self) -> str:
        return _("Use %(min)d characters or more.") % {"min": self.min_length}


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self) -> str:
        return str(SIMILAR)

    def get_help_text(self) -> str:
        return _("Do not use your name, username or email address.")


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return _("Password is too common. Choose a password that is harder to guess")

    def get_help_text(self) -> str:
        return _("Do not use a password that many people use.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return _("Password must include letters or symbols, not only numbers")

    def get_help_text(self) -> str:
        return _("Use letters or symbols, not only numbers.")


class RepetitionValidator:
    """Refuse a password of too few different characters or one short part repeated (abcdeabcde), or a run with a
    steady step (abcd..., zyxw..., aceg...)."""

    def __init__(self, min_different_characters: int = 5):
        self.min_different_characters = min_different_characters

    def validate(self, password: str, user: Any = None) -> None:
        folded = password.casefold()
        if len(set(folded)) < self.min_different_characters or _is_repeated_part(folded):
            raise ValidationError(
                _("Password must not repeat the same few characters, like aaaaaaaaaaaa"),
                code="password_repetitive",
            )
        if _is_steady_run(password):
            raise ValidationError(
                _("Password must not be a simple sequence, like abcdefghijkl"), code="password_sequential"
            )

    def get_help_text(self) -> str:
        return _("Do not repeat the same few characters or use a simple sequence.")


def _is_repeated_part(password: str) -> bool:
    # A string is one part repeated exactly when it appears inside itself doubled, less the first and last letter.
    return len(password) > 1 and password in (password + password)[1:-1]


def _is_steady_run(password: str) -> bool:
    steps = {ord(after) - ord(before) for before, after in pairwise(password)}
    return len(password) > 2 and len(steps) == 1 and steps != {0}
