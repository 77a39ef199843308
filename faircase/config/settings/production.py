"""Production: refuses to start when it would be unsafe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if os.environ.get("FAIRCASE_DEBUG", "").lower() in {"1", "true", "yes", "on"}:
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
