"""Settings shared by every environment. Secure by default; local and test settings relax only what they must."""

from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parents[3]
PACKAGE_DIR = BASE_DIR / "faircase"
VAR_DIR = BASE_DIR / "var"

DEBUG = False
DEMO_MODE = False
ALLOWED_HOSTS: list[str] = []

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "faircase.core",
    "faircase.nhsuk_forms",
    "faircase.accounts",
    "faircase.framework",
    "faircase.policy",
    "faircase.cases",
    "faircase.process",
    "faircase.practitioners",
    "faircase.equality",
    "faircase.consistency",
    "faircase.second_look",
    "faircase.documents",
    "faircase.notifications",
    "faircase.proceedings",
    "faircase.evaluation",
    "faircase.training",
    "faircase.oversight",
    "faircase.retention",
    "faircase.casefile",
    "faircase.records",
    "faircase.bundles",  # subject access and tribunal bundles (issue 14, ADR 32)
    "faircase.api",
    "faircase.demo",
    # Serving, health checks, request ids and logs (ADR 27, 28).
    "faircase.ops",
    # Second factors for local accounts (ADR 30): django-otp's TOTP devices and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "faircase.backups",  # backup and restore (ADR 33): commands only, no models
]

MIDDLEWARE = [
    # First: a request id for every record logged while a request is handled, and one log line for it (ADR 28).
    "faircase.ops.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The language of the page: the person's choice, their organisation's default, or their browser's (ADR 41).
    "faircase.core.middleware_language.LanguageMiddleware",
    # Cache-Control: no-store on everything a signed-in person gets (and by default on the rest); static files
    # are answered by WhiteNoise above and stay cacheable.
    "faircase.core.middleware.NoStoreMiddleware",
    # Notes why a person was signed out (their session ran out) and keeps the form they were sending.
    "faircase.accounts.middleware_session.IdleSessionMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # Second factor and absolute session limit (ADR 30): ends a session past its absolute limit, and keeps a
    # person who must have a second factor on its set-up page until they have one.
    "faircase.accounts.second_factor.middleware.SecondFactorMiddleware",
    # A practitioner's own account reaches only their own pages (/my/...): everything else answers 404.
    "faircase.practitioners.middleware_portal.PractitionerScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "faircase.config.urls"
WSGI_APPLICATION = "faircase.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "faircase.config.jinja2.environment",
            "context_processors": ["django.template.context_processors.csp"],
        },
    },
    {
        # Django's admin and form widgets keep the Django template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'faircase.sqlite3'}",
        conn_max_age=0,
    )
}
# ---- SQLite under concurrency (issue 15, ADR 36) ----
# How long a connection waits for another's write lock before failing "database is locked". Python's default is 5 s;
# on a saturated machine a writer holding the lock can be kept from the CPU longer than that. Well inside gunicorn's
# 120-second worker timeout (faircase.ops.serving).
SQLITE_BUSY_TIMEOUT_SECONDS = 30
SQLITE_OPTIONS = {
    # IMMEDIATE: every transaction.atomic takes the write lock at its start, never upgrading (and failing) midway.
    "transaction_mode": "IMMEDIATE",
    "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
    # WAL lets readers carry on while a writer commits.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, except that demo logins are refused outside demo mode.
    "faircase.demo.backends.DemoAwareModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# Django's checks in the service's own words, plus repeated characters and simple sequences (faircase.accounts.
# passwords). The same list applies to staff and practitioners, wherever a password is set.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "faircase.accounts.passwords.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "full_name", "email")},
    },
    {"NAME": "faircase.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "faircase.accounts.passwords.CommonPasswordValidator"},
    {"NAME": "faircase.accounts.passwords.NumericPasswordValidator"},
    {"NAME": "faircase.accounts.passwords.RepetitionValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# The sign-in throttle (faircase.accounts.throttle, ADR 10). Failures are counted over a sliding window; an
# attempt is refused when any limit is met. The first three count only browsers not known for the account, so
# nobody can lock a person out of the browser they use, nor a shared network out of the service.
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
LOGIN_THROTTLE_FAILURES_PER_ACCOUNT = 20
LOGIN_THROTTLE_FAILURES_PER_ADDRESS = 100
LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE = 5
# How long a browser stays known for an account after its last sign-in there.
LOGIN_KNOWN_DEVICE_DAYS = 90
# The header a trusted reverse proxy sets to the client's address (for example "X-Forwarded-For"), and how many
# proxies append to it. Empty: the connecting address is used and X-Forwarded-For is ignored, since anyone can
# write it. Name it only when every request reaches faircase through that proxy.
FAIRCASE_TRUSTED_PROXY_HEADER = ""
FAIRCASE_TRUSTED_PROXY_COUNT = 1
# The Django admin (/admin/) has no second factor: it exists only where settings switch it on. Read at start-up.
FAIRCASE_ADMIN_ENABLED = False

# ---- Single sign-on (OpenID Connect; docs/single-sign-on.md, docs/adr/0029-single-sign-on.md) ----------------
# Off unless an issuer is set. Endpoints are read from the issuer's /.well-known/openid-configuration.
FAIRCASE_OIDC_ISSUER = ""
FAIRCASE_OIDC_CLIENT_ID = ""
FAIRCASE_OIDC_CLIENT_SECRET = ""
FAIRCASE_OIDC_SCOPES = "openid profile email"
# The claim that names a person for good at the provider: "sub", or "oid" for Microsoft Entra ID.
FAIRCASE_OIDC_SUBJECT_CLAIM = "sub"
FAIRCASE_OIDC_SIGN_ALGO = "RS256"
# Authentication context classes to ask for and require in the ID token's acr (space-separated), e.g. for NHS
# CIS2 "AAL3_ANY"; empty: none asked for.
FAIRCASE_OIDC_ACR_VALUES = ""
FAIRCASE_OIDC_BUTTON_TEXT = "Sign in with single sign-on"
# Its Welsh, for Welsh readers (ADR 41); empty: the default words in Welsh, or the configured words as they are.
FAIRCASE_OIDC_BUTTON_TEXT_CY = ""
# Whether the username and password form stays on the sign-in page beside the single sign-on button.
FAIRCASE_OIDC_PASSWORD_SIGN_IN = True
FAIRCASE_OIDC_INVITATION_DAYS = 7
FAIRCASE_OIDC_TIMEOUT_SECONDS = 10

# English and Welsh (ADR 41). Which one a request is read in: faircase.core.languages, activated by
# faircase.core.middleware_language. Each app's messages are in its own locale/cy/LC_MESSAGES/django.po, compiled
# by `faircase i18n compile` (make install does it).
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
LANGUAGE_COOKIE_NAME = "faircase_language"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# faircase.access is a package, not an installed app: Django reads its messages only when named here.
LOCALE_PATHS = [PACKAGE_DIR / "access" / "locale"]
# "en" is British English: dates and numbers as en_GB (faircase/config/formats/en).
FORMAT_MODULE_PATH = ["faircase.config.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "core" / "static"]
# nhsuk-frontend's CSS asks for its images at /assets/...: the build copies them to var/assets.
WHITENOISE_ROOT = VAR_DIR / "assets-root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # A case's documents (faircase.documents): outside the web root (WhiteNoise serves only static files and
    # var/assets-root), readable by the faircase process alone, served only through the download view, which
    # checks access and audits each download. Production may name an S3-compatible store instead (ADR 14).
    "documents": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": VAR_DIR / "documents",
            "base_url": "/no-public-url/",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# An idle timeout: every request extends the session (WCAG 2.2.1 asks for a warning and a way to stay signed in:
# static/faircase/session-timeout.js, accounts:session_extend). Production's own value is set elsewhere.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
# How long before the end of the session the warning appears.
SESSION_TIMEOUT_WARNING_SECONDS = 5 * 60
# How long a form's text, sent after its session ran out, is kept for its user to sign in again and find it.
KEPT_DRAFT_SECONDS = 24 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# ---- second factor and session limits (faircase.accounts.second_factor, ADR 30) ----
# Local (password) accounts whose roles see whole-organisation case data or equality data must use a second
# factor (TOTP, a passkey, or a recovery code). Always on in production; the test settings switch it off so
# that journeys which are not about it sign in with a password alone.
FAIRCASE_REQUIRE_SECOND_FACTOR = True
# How long the second-factor step waits after the right password before the person must start again.
FAIRCASE_SECOND_FACTOR_PENDING_SECONDS = 5 * 60
# A session ends this long after sign-in, however active it has been (the idle timeout is SESSION_COOKIE_AGE).
FAIRCASE_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
# ---- end second factor ----
CSRF_COOKIE_HTTPONLY = True
# A form refused for its missing or stale token gets an NHS page in the reader's language, not Django's own.
CSRF_FAILURE_VIEW = "faircase.core.views.form_not_sent"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features faircase does not use are switched off for every page (and anything a page might embed).
# Passkeys stay allowed for faircase's own pages only (their browser default) for a second factor at sign-in.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "captured-surface-control",
        "clipboard-read",
        "clipboard-write",
        "compute-pressure",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "gamepad",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "keyboard-map",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "picture-in-picture",
        "screen-wake-lock",
        "serial",
        "speaker-selection",
        "storage-access",
        "sync-xhr",
        "usb",
        "web-share",
        "window-management",
        "xr-spatial-tracking",
    )
} | {"publickey-credentials-get": ["self"], "publickey-credentials-create": ["self"]}

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    # nhsuk-frontend's CSS loads the NHS font (Frutiger) from the NHS's own asset host.
    "font-src": [CSP.SELF, "https://assets.nhs.uk"],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = "faircase <no-reply@faircase.invalid>"

# Reminders: days before a deadline to remind the people named on a case (a rule may set its own).
FAIRCASE_REMINDER_DAYS = (7, 1)
# The address links in emails point at.
FAIRCASE_SITE_URL = "http://127.0.0.1:8000"

# Who to tell about an accessibility problem, shown on the accessibility statement: plain text (an email address, a
# telephone number and its hours, a team). Set it for your organisation; the default sends people to the
# administrator, whom every organisation using faircase has.
FAIRCASE_ACCESSIBILITY_CONTACT = (
    "Tell your organisation's faircase administrator (your IT service desk can tell you who that is). "
    "They will pass the problem to the team that runs faircase for your organisation."
)

# Files from outside (uploads and command-line imports) are read within these limits, so that a damaged or
# hostile file is refused with a message rather than crashing the page or exhausting memory
# (faircase/core/readers.py). YAML: framework and policy pack files, a few KB each.
FAIRCASE_YAML_MAX_BYTES = 512 * 1024
FAIRCASE_YAML_MAX_DEPTH = 20  # a framework file nests 7 deep, a policy pack 5

# An organisation's own training case studies (ADR 25): folders of study files, each folder for the organisations
# named by slug ("*" for every organisation), read beside the national studies in faircase/data/training.
# For example {"riverside": "/srv/faircase/training/riverside"}.
FAIRCASE_TRAINING_STUDY_DIRS: dict[str, str] = {}
# CSV and XLSX imports (workforce baselines, historic cases). Rows, columns and value length apply to both.
FAIRCASE_IMPORT_MAX_ROWS = 200_000
FAIRCASE_IMPORT_MAX_COLUMNS = 50  # the files have 5 or 13
FAIRCASE_IMPORT_MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell
# A workbook is checked before openpyxl opens it (CSV files of up to 200 MB stream through the csv module).
FAIRCASE_XLSX_MAX_FILE_BYTES = 10 * 1024 * 1024  # about 150,000 rows of historic cases
FAIRCASE_XLSX_MAX_PARTS = 1_000  # a workbook saved by Excel has about 10
FAIRCASE_XLSX_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024  # all its parts unpacked, as the zip declares them
FAIRCASE_XLSX_MAX_PART_BYTES = 16 * 1024 * 1024  # each part openpyxl reads whole (all but the sheets)
FAIRCASE_XLSX_MAX_PART_ELEMENTS = 50_000  # in each part read whole, or outside the rows of a sheet
FAIRCASE_XLSX_MAX_COMPRESSION_RATIO = 100  # a real sheet compresses about 10-fold; a zip bomb 1,000-fold

# Documents on a case (faircase.documents, ADR 14). The largest file accepted, in bytes: the upload page and
# the error message name it ("The file must be smaller than 25 MB"). A proxy in front of faircase should
# refuse larger request bodies too (nginx: client_max_body_size), so they are not received at all.
FAIRCASE_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024
# Uploads above this size are streamed to a temporary file by Django's upload handler, never held in memory
# (FILE_UPLOAD_TEMP_DIR, or the system's temporary folder: keep it on disk, not in a RAM-backed tmpfs).
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# The malware scanner: ClamAV's daemon, as a Unix socket's path or host:port. Empty: files are not scanned,
# and the upload pages say so. When set, a file is saved only when clamd finds nothing in it.
FAIRCASE_CLAMD_SOCKET = ""
FAIRCASE_CLAMD_TIMEOUT = 60  # seconds to wait for clamd's answer

# ---- Serving and logs (faircase.ops, ADR 27 and 28) ----
from faircase.ops.logs import logging_config  # noqa: E402
from faircase.ops.probes import SSL_REDIRECT_EXEMPT  # noqa: E402

# Readable lines on standard error here; production writes one JSON object a line to standard output.
LOGGING = logging_config(json_lines=False)
# /healthz and /readyz answer over plain HTTP, so a load balancer can probe the server directly.
SECURE_REDIRECT_EXEMPT = SSL_REDIRECT_EXEMPT
# The header a trusted proxy sets to its request id (e.g. "X-Request-ID"). Empty: faircase makes its own id
# for each request and ignores the header, which anyone could write.
FAIRCASE_REQUEST_ID_HEADER = ""
# Addresses of the proxies whose X-Forwarded-* headers gunicorn believes (`faircase serve`).
FAIRCASE_FORWARDED_ALLOW_IPS = "127.0.0.1,::1"

# Backup, restore and signed audit checkpoints (ADR 33, ADR 34). The Ed25519 key that signs checkpoints and
# backup manifests (PEM or base64 of 32 bytes): empty here, a fixed non-secret one in local/test, required in
# production. Daily checkpoints are written into the folder below, outside the database.
FAIRCASE_AUDIT_SIGNING_KEY = ""
FAIRCASE_AUDIT_CHECKPOINT_DIR = VAR_DIR / "audit-checkpoints"

# ---- Retention (faircase.retention, ADR 31) ---------------------------------------------------------------------
# A YAML file of overrides that lengthen periods of the shipped retention schedule (never shorten them); empty: the
# schedule as shipped.
from os import environ as _environ  # noqa: E402

RETENTION_OVERRIDES_FILE = _environ.get("FAIRCASE_RETENTION_OVERRIDES_FILE", "")
