"""Production: refuses to start when it would be unsafe."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from faircase.core.signing import SigningKeyError, load_private_key
from faircase.ops.environment import missing_environment, refusal

from .base import *  # noqa: F403


def _switched_on(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


if _switched_on("FAIRCASE_DEBUG"):
    raise ImproperlyConfigured("Production settings refuse to start with DEBUG on.")

SECRET_KEY = os.environ.get("FAIRCASE_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "Production settings refuse to start without FAIRCASE_SECRET_KEY (at least 50 random characters)."
    )

# Every name in faircase.ops.environment.REQUIRED_ENVIRONMENT, or a refusal naming those missing.
if _missing := missing_environment(os.environ):
    raise ImproperlyConfigured(refusal(_missing))

DEBUG = False
DEMO_MODE = False  # demo logins cannot exist here: see faircase.demo.checks
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FAIRCASE_ALLOWED_HOSTS", "").split(",") if h.strip()]
FAIRCASE_SITE_URL = os.environ.get("FAIRCASE_SITE_URL", "")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The Django admin has no second factor yet: left out unless the operator switches it on (ADR 10).
FAIRCASE_ADMIN_ENABLED = _switched_on("FAIRCASE_ADMIN_ENABLED")
# A second factor is always required here for the roles that need one (ADR 30): no setting turns it off.
FAIRCASE_REQUIRE_SECOND_FACTOR = True
_absolute = os.environ.get("FAIRCASE_SESSION_ABSOLUTE_SECONDS", str(12 * 60 * 60)).strip()
if not _absolute.isdigit() or int(_absolute) < 60:
    raise ImproperlyConfigured(
        "FAIRCASE_SESSION_ABSOLUTE_SECONDS must be a whole number of seconds, 60 or more: how long a session "
        "may last after sign-in, however active."
    )
FAIRCASE_SESSION_ABSOLUTE_SECONDS = int(_absolute)
# The sign-in throttle trusts a client address from a proxy header only when it is named here (ADR 10).
FAIRCASE_TRUSTED_PROXY_HEADER = os.environ.get("FAIRCASE_TRUSTED_PROXY_HEADER", "").strip()
_proxy_count = os.environ.get("FAIRCASE_TRUSTED_PROXY_COUNT", "1").strip()
if not _proxy_count.isdigit() or int(_proxy_count) < 1:
    raise ImproperlyConfigured(
        "FAIRCASE_TRUSTED_PROXY_COUNT must be a whole number, 1 or more: how many proxies add to the header."
    )
FAIRCASE_TRUSTED_PROXY_COUNT = int(_proxy_count)

# ---- Single sign-on (OpenID Connect; docs/single-sign-on.md) --------------------------------------------------
FAIRCASE_OIDC_ISSUER = os.environ.get("FAIRCASE_OIDC_ISSUER", "").strip().rstrip("/")
if FAIRCASE_OIDC_ISSUER:
    FAIRCASE_OIDC_CLIENT_ID = os.environ.get("FAIRCASE_OIDC_CLIENT_ID", "").strip()
    FAIRCASE_OIDC_CLIENT_SECRET = os.environ.get("FAIRCASE_OIDC_CLIENT_SECRET", "")
    if not FAIRCASE_OIDC_ISSUER.startswith("https://") or not FAIRCASE_OIDC_CLIENT_ID:
        raise ImproperlyConfigured(
            "Single sign-on needs an https:// FAIRCASE_OIDC_ISSUER and a FAIRCASE_OIDC_CLIENT_ID "
            "(docs/single-sign-on.md)."
        )
    FAIRCASE_OIDC_SCOPES = os.environ.get("FAIRCASE_OIDC_SCOPES", FAIRCASE_OIDC_SCOPES).strip()  # noqa: F405
    FAIRCASE_OIDC_SUBJECT_CLAIM = os.environ.get("FAIRCASE_OIDC_SUBJECT_CLAIM", "sub").strip() or "sub"
    FAIRCASE_OIDC_ACR_VALUES = os.environ.get("FAIRCASE_OIDC_ACR_VALUES", "").strip()
    FAIRCASE_OIDC_BUTTON_TEXT = (
        os.environ.get("FAIRCASE_OIDC_BUTTON_TEXT", "").strip() or FAIRCASE_OIDC_BUTTON_TEXT  # noqa: F405
    )
    FAIRCASE_OIDC_PASSWORD_SIGN_IN = os.environ.get(
        "FAIRCASE_OIDC_PASSWORD_SIGN_IN", "yes"
    ).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }

# Email by SMTP over TLS, always: production never falls back to the console (REQUIRED_ENVIRONMENT).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ["FAIRCASE_EMAIL_HOST"],
            "port": int(os.environ.get("FAIRCASE_EMAIL_PORT", "587")),
            "username": os.environ.get("FAIRCASE_EMAIL_USER", ""),
            "password": os.environ.get("FAIRCASE_EMAIL_PASSWORD", ""),
            "use_tls": True,
        },
    }
}
DEFAULT_FROM_EMAIL = os.environ["FAIRCASE_EMAIL_FROM"]
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Who to tell about an accessibility problem, on the accessibility statement (base settings say what to write).
FAIRCASE_ACCESSIBILITY_CONTACT = (
    os.environ.get("FAIRCASE_ACCESSIBILITY_CONTACT", "").strip() or FAIRCASE_ACCESSIBILITY_CONTACT  # noqa: F405
)

# Documents (ADR 14): the file system under FAIRCASE_DOCUMENTS_DIR (default var/documents), or an S3-compatible
# object store when FAIRCASE_DOCUMENTS_S3_BUCKET names a bucket (install faircase with its "s3" extra:
# django-storages and boto3). Credentials come the way boto3 finds them (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the machine's role), never from these settings. Encrypt the bucket at rest with its
# own default encryption, and keep it private.
_documents = {**STORAGES["documents"], "OPTIONS": {**STORAGES["documents"]["OPTIONS"]}}  # noqa: F405
if os.environ.get("FAIRCASE_DOCUMENTS_DIR"):
    _documents["OPTIONS"]["location"] = os.environ["FAIRCASE_DOCUMENTS_DIR"]
if os.environ.get("FAIRCASE_DOCUMENTS_S3_BUCKET"):
    _documents = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["FAIRCASE_DOCUMENTS_S3_BUCKET"],
            "endpoint_url": os.environ.get("FAIRCASE_DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("FAIRCASE_DOCUMENTS_S3_REGION") or None,
            "location": os.environ.get("FAIRCASE_DOCUMENTS_S3_PREFIX", "documents"),
            # Private objects, never a public URL: files leave only through the download view.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {**STORAGES, "documents": _documents}  # noqa: F405
FAIRCASE_DOCUMENT_MAX_BYTES = int(
    os.environ.get("FAIRCASE_DOCUMENT_MAX_BYTES", FAIRCASE_DOCUMENT_MAX_BYTES)  # noqa: F405
)
FAIRCASE_CLAMD_SOCKET = os.environ.get("FAIRCASE_CLAMD_SOCKET", "").strip()

# ---- Serving, logs and error reports (faircase.ops, ADR 27 and 28) ----
from faircase.ops.logs import logging_config  # noqa: E402

# One JSON object a line on standard output, for the platform's log collector.
LOGGING = logging_config(json_lines=True, level=os.environ.get("FAIRCASE_LOG_LEVEL", "INFO").strip().upper())
FAIRCASE_REQUEST_ID_HEADER = os.environ.get("FAIRCASE_REQUEST_ID_HEADER", "").strip()
FAIRCASE_FORWARDED_ALLOW_IPS = os.environ.get(
    "FAIRCASE_FORWARDED_ALLOW_IPS",
    FAIRCASE_FORWARDED_ALLOW_IPS,  # noqa: F405
).strip()
if os.environ.get("FAIRCASE_STATIC_ROOT"):
    STATIC_ROOT = os.environ["FAIRCASE_STATIC_ROOT"]
# Error reports, only when a DSN is given: no personal data, bodies or local variables (faircase.ops.errors).
FAIRCASE_SENTRY_DSN = os.environ.get("FAIRCASE_SENTRY_DSN", "").strip()
try:
    FAIRCASE_SENTRY_TRACES_SAMPLE_RATE = float(os.environ.get("FAIRCASE_SENTRY_TRACES_SAMPLE_RATE", "0"))
except ValueError:
    FAIRCASE_SENTRY_TRACES_SAMPLE_RATE = -1.0
if not 0 <= FAIRCASE_SENTRY_TRACES_SAMPLE_RATE <= 1:
    raise ImproperlyConfigured(
        "FAIRCASE_SENTRY_TRACES_SAMPLE_RATE must be a number from 0 (no traces, the default) to 1 (every request)."
    )
if FAIRCASE_SENTRY_DSN:
    from faircase.ops.errors import start_error_reporting

    start_error_reporting(
        dsn=FAIRCASE_SENTRY_DSN,
        environment=os.environ.get("FAIRCASE_SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=FAIRCASE_SENTRY_TRACES_SAMPLE_RATE,
    )

# Backup and signed audit checkpoints (ADR 33, ADR 34): the installation's own Ed25519 key, or no start.
FAIRCASE_AUDIT_SIGNING_KEY = os.environ.get("FAIRCASE_AUDIT_SIGNING_KEY", "")
try:
    load_private_key(FAIRCASE_AUDIT_SIGNING_KEY)
except SigningKeyError as _error:
    raise ImproperlyConfigured(f"Production settings refuse to start: {_error}") from None
if os.environ.get("FAIRCASE_AUDIT_CHECKPOINT_DIR"):
    FAIRCASE_AUDIT_CHECKPOINT_DIR = Path(os.environ["FAIRCASE_AUDIT_CHECKPOINT_DIR"])
