"""The test suite: fast hashing, in-memory email, immediate tasks."""

from .local import *  # noqa: F403

DEMO_MODE = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
ALLOWED_HOSTS = ["*"]
# Serve static files straight from the apps' folders: the suite does not run collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Journeys that are not about the second factor sign in with a password alone; the second factor's own tests
# switch it on (ADR 30).
FAIRCASE_REQUIRE_SECOND_FACTOR = False
