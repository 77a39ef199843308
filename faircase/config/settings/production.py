"""Production: refuses to start when it would be unsafe."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from faircase.core.signing import SigningKeyError, load_private_key

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
# The sign-in throttle trusts a client address from a proxy header only when it is named here (ADR 10).
FAIRCASE_TRUSTED_PROXY_HEADER = os.environ.get("FAIRCASE_TRUSTED_PROXY_HEADER", "").strip()
_proxy_count = os.environ.get("FAIRCASE_TRUSTED_PROXY_COUNT", "1").strip()
if not _proxy_count.isdigit() or int(_proxy_count) < 1:
    raise ImproperlyConfigured(
        "FAIRCASE_TRUSTED_PROXY_COUNT must be a whole number, 1 or more: how many proxies add to the header."
    )
FAIRCASE_TRUSTED_PROXY_COUNT = int(_proxy_count)

if os.environ.get("FAIRCASE_EMAIL_HOST"):
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

# Backup and signed audit checkpoints (ADR 33, ADR 34): the installation's own Ed25519 key, or no start.
FAIRCASE_AUDIT_SIGNING_KEY = os.environ.get("FAIRCASE_AUDIT_SIGNING_KEY", "")
try:
    load_private_key(FAIRCASE_AUDIT_SIGNING_KEY)
except SigningKeyError as _error:
    raise ImproperlyConfigured(f"Production settings refuse to start: {_error}") from None
if os.environ.get("FAIRCASE_AUDIT_CHECKPOINT_DIR"):
    FAIRCASE_AUDIT_CHECKPOINT_DIR = Path(os.environ["FAIRCASE_AUDIT_CHECKPOINT_DIR"])
