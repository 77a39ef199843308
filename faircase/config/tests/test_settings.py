"""Production settings refuse to start when they would be unsafe. Each case imports them in a fresh Python."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from faircase.core.signing import not_secret_key_for

GOOD_KEY = "a-fictional-but-long-enough-secret-key-for-these-tests-0123456789"
# Every start needs an audit signing key (ADR 34): the tests below give one unless they say otherwise.
SIGNING_KEY = not_secret_key_for("settings tests")

# The least production starts with (faircase.ops.environment.REQUIRED_ENVIRONMENT), all fictional.
MINIMAL_ENV = {
    "FAIRCASE_SECRET_KEY": GOOD_KEY,
    "FAIRCASE_ALLOWED_HOSTS": "faircase.example",
    "FAIRCASE_SITE_URL": "https://faircase.example",
    "DATABASE_URL": "sqlite:////nonexistent/faircase-settings-test.sqlite3",
    "FAIRCASE_EMAIL_HOST": "smtp.faircase.example",
    "FAIRCASE_EMAIL_FROM": "faircase <faircase@faircase.example>",
    "FAIRCASE_AUDIT_SIGNING_KEY": SIGNING_KEY,
}
SHOW = (
    "import faircase.config.settings.production as s; "
    "print(s.DEBUG, s.DEMO_MODE, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE)"
)


def import_production_settings(show: str = SHOW, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("FAIRCASE_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", show],
        env={**clean, "FAIRCASE_AUDIT_SIGNING_KEY": SIGNING_KEY, **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_start_with_a_long_secret_key():
    result = import_production_settings(
        **{**MINIMAL_ENV, "FAIRCASE_ALLOWED_HOSTS": "faircase.example, x.example"}
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


SHOW_SIGN_IN = (
    "import faircase.config.settings.production as s; "
    "print(s.FAIRCASE_ADMIN_ENABLED, repr(s.FAIRCASE_TRUSTED_PROXY_HEADER), s.FAIRCASE_TRUSTED_PROXY_COUNT)"
)


def test_production_settings_leave_the_django_admin_out_and_trust_no_proxy_header_by_default():
    result = import_production_settings(SHOW_SIGN_IN, **MINIMAL_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False '' 1"


def test_production_settings_take_the_admin_switch_and_the_proxy_from_the_environment():
    result = import_production_settings(
        SHOW_SIGN_IN,
        **MINIMAL_ENV,
        FAIRCASE_ADMIN_ENABLED="true",
        FAIRCASE_TRUSTED_PROXY_HEADER="X-Forwarded-For",
        FAIRCASE_TRUSTED_PROXY_COUNT="2",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True 'X-Forwarded-For' 2"


def test_production_settings_refuse_a_proxy_count_that_is_not_a_positive_whole_number():
    result = import_production_settings(SHOW_SIGN_IN, **MINIMAL_ENV, FAIRCASE_TRUSTED_PROXY_COUNT="0")

    assert result.returncode != 0
    assert "FAIRCASE_TRUSTED_PROXY_COUNT" in result.stderr


@pytest.mark.parametrize(
    "name", ["FAIRCASE_EMAIL_HOST", "FAIRCASE_EMAIL_FROM", "DATABASE_URL", "FAIRCASE_SITE_URL"]
)
def test_production_settings_refuse_to_start_without_each_required_setting(name):
    result = import_production_settings(**{k: v for k, v in MINIMAL_ENV.items() if k != name})

    assert result.returncode != 0
    assert f"Production settings refuse to start without {name}: set it in the environment" in result.stderr


SHOW_MAIL = (
    "import faircase.config.settings.production as s; "
    "m = s.MAILERS['default']; print(m['BACKEND'], m['OPTIONS']['host'], s.DEFAULT_FROM_EMAIL)"
)


def test_production_settings_send_email_by_smtp_never_to_the_console():
    result = import_production_settings(SHOW_MAIL, **MINIMAL_ENV)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "django.core.mail.backends.smtp.EmailBackend smtp.faircase.example faircase <faircase@faircase.example>"
    )


SHOW_SENTRY = (
    "import faircase.config.settings.production as s, sentry_sdk; "
    "c = sentry_sdk.get_client(); d = c.options.get('data_collection') or {}; "
    "print(c.is_active(), d.get('user_info'), d.get('stack_frame_variables'), d.get('http_bodies'), "
    "c.options.get('traces_sample_rate'))"
)


def test_production_reports_errors_only_when_a_sentry_dsn_is_set():
    off = import_production_settings(SHOW_SENTRY, **MINIMAL_ENV)
    on = import_production_settings(
        SHOW_SENTRY, **MINIMAL_ENV, FAIRCASE_SENTRY_DSN="https://public@sentry.faircase.example/1"
    )

    assert off.returncode == 0, off.stderr
    assert off.stdout.split()[0] == "False"
    assert on.returncode == 0, on.stderr
    assert on.stdout.strip() == "True False False [] 0.0"


def test_the_demo_and_the_suite_keep_the_django_admin():
    assert settings.FAIRCASE_ADMIN_ENABLED is True


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("", "refuse to start without FAIRCASE_AUDIT_SIGNING_KEY"),
        ("bm90IGEga2V5", "must hold 32 bytes"),
        ("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----", "not a readable"),
    ],
)
def test_production_settings_refuse_to_start_without_a_readable_audit_signing_key(key, problem):
    result = import_production_settings(**{**MINIMAL_ENV, "FAIRCASE_AUDIT_SIGNING_KEY": key})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert problem in result.stderr


def test_production_takes_the_accessibility_contact_from_the_environment_else_the_default():
    show = "import faircase.config.settings.production as s; print(s.FAIRCASE_ACCESSIBILITY_CONTACT)"
    assert "faircase administrator" in import_production_settings(show, **MINIMAL_ENV).stdout

    contact = "Email accessibility@riverside.example or call 0100 000 0000, weekdays 9am to 5pm."
    result = import_production_settings(show, **MINIMAL_ENV, FAIRCASE_ACCESSIBILITY_CONTACT=contact)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == contact
