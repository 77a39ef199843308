"""Local and demo use on 127.0.0.1: the embedded SQLite database, plain HTTP, demo logins allowed."""

from faircase.core.signing import not_secret_key_for

from .base import *  # noqa: F403

DEBUG = False
DEMO_MODE = True
# Audit checkpoints (ADR 34): a fixed key anyone can derive, so local and demo checkpoints prove nothing to an
# outsider. Production refuses to start without its own.
FAIRCASE_AUDIT_SIGNING_KEY = not_secret_key_for("local and demo")
SECRET_KEY = "local-only-not-secret-faircase-demo-key-0123456789abcdefghij"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
FAIRCASE_ADMIN_ENABLED = (
    True  # platform staff on a local or demo install manage organisations and people here
)

VAR_DIR.mkdir(exist_ok=True)  # noqa: F405 (the embedded database lives here)
# The demo's printed logins sign in with a password alone, so a visitor can walk every role's journeys; anyone may
# still add a second factor under "Account security", and is then asked for it. Production always requires it for
# the roles that see a whole organisation's cases or equality data (ADR 30).
FAIRCASE_REQUIRE_SECOND_FACTOR = False
