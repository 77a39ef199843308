"""Production settings refuse to start when they would be unsafe. Each case imports them in a fresh Python."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

GOOD_KEY = "a-fictional-but-long-enough-secret-key-for-these-tests-0123456789"
SHOW = (
    "import faircase.config.settings.production as s; "
    "print(s.DEBUG, s.DEMO_MODE, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
)


def import_production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAIRCASE_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", SHOW],
        env={**clean, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_start_with_a_long_secret_key():
    result = import_production_settings(
        FAIRCASE_SECRET_KEY=GOOD_KEY, FAIRCASE_ALLOWED_HOSTS="faircase.example, x.example"
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False False ['faircase.example', 'x.example'] True True"


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = import_production_settings()

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "refuse to start without FAIRCASE_SECRET_KEY" in result.stderr


def test_production_settings_refuse_a_short_secret_key():
    result = import_production_settings(FAIRCASE_SECRET_KEY="too-short-to-be-secret")

    assert result.returncode != 0
    assert "refuse to start without FAIRCASE_SECRET_KEY (at least 50 random characters)" in result.stderr


@pytest.mark.parametrize("value", ["1", "true", "True", "yes", "on"])
def test_production_settings_refuse_to_start_with_debug_on(value):
    result = import_production_settings(FAIRCASE_SECRET_KEY=GOOD_KEY, FAIRCASE_DEBUG=value)

    assert result.returncode != 0
    assert "refuse to start with DEBUG on" in result.stderr
