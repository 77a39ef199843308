"""The second factor's settings (ADR 30): always on in production, and a session limit that must make sense.
Each case imports the production settings in a fresh Python."""

import pytest

from faircase.config.tests.test_settings import MINIMAL_ENV, import_production_settings

SHOW = (
    "import faircase.config.settings.production as s; "
    "print(s.FAIRCASE_REQUIRE_SECOND_FACTOR, s.FAIRCASE_SESSION_ABSOLUTE_SECONDS)"
)


def test_production_always_requires_the_second_factor_and_ends_sessions_after_twelve_hours():
    result = import_production_settings(SHOW, **MINIMAL_ENV, FAIRCASE_REQUIRE_SECOND_FACTOR="False")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 43200"


def test_production_takes_the_absolute_limit_from_the_environment():
    result = import_production_settings(SHOW, **MINIMAL_ENV, FAIRCASE_SESSION_ABSOLUTE_SECONDS="28800")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 28800"


@pytest.mark.parametrize("value", ["eight hours", "-1", "30"])
def test_production_refuses_an_absolute_limit_that_is_not_a_time(value):
    result = import_production_settings(SHOW, **MINIMAL_ENV, FAIRCASE_SESSION_ABSOLUTE_SECONDS=value)
    assert result.returncode != 0
    assert "FAIRCASE_SESSION_ABSOLUTE_SECONDS must be a whole number of seconds, 60 or more" in result.stderr
