"""Drafts kept when a session runs out (WCAG 2.2.1; docs/adr/0022-kept-drafts-on-the-server.md).

When a form is sent after the person's session has expired, faircase.accounts.middleware_session keeps what
they typed here before sending them to sign in; the form's page gives it back once they have signed in again.

- Kept on the server, not in the browser: localStorage would leave special category personal data on the
  disk of a possibly shared computer, readable by anyone using the browser afterwards and by any script on the
  page, for as long as nobody clears it.
- Bound twice: to a random token in an HttpOnly cookie of this browser (only its hash is stored), and to the
  user this browser last signed in as (a signed cookie, OWNER_COOKIE). Someone else signing in on the same
  computer, or someone holding a copy of the database, cannot tie a draft to a browser.
- Taken back once, on the page of the form it came from, then deleted; never kept longer than
  KEPT_DRAFT_SECONDS (settings, default 24 hours); expired drafts are deleted whenever one is kept or taken.
- Only what a form sends as text: never the CSRF token, passwords, or fields whose name starts with "_".
"""

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, resolve
from django.utils import timezone

from faircase.accounts.models import KeptDraft, User
from faircase.core import audit

TOKEN_COOKIE = "faircase_kept_draft"  # noqa: S105 (a cookie's name)
OWNER_COOKIE = "faircase_draft_owner"
OWNER_SALT = "faircase.accounts.kept_drafts.owner"
# Set on the request by keep(), for the middleware to put in the response.
NEW_TOKEN_ATTRIBUTE = "_faircase_kept_draft_token"  # noqa: S105 (an attribute's name)

# The pages whose views give a kept draft back (kept_drafts.take): a draft is kept only for these, so the
# sign-in page never says a draft was kept when nothing would give it back.
RESTORED_BY = frozenset(
    {"practitioners:voice_new", "practitioners:voice_correct", "practitioners:voice_respond"}
)
MOST_FIELDS = 50
MOST_CHARACTERS = 200_000
NOT_KEPT = {"csrfmiddlewaretoken", "password", "password1", "password2", "token"}


def lifetime() -> dt.timedelta:
    return dt.timedelta(seconds=int(getattr(settings, "KEPT_DRAFT_SECONDS", 24 * 60 * 60)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def owner_of(request: HttpRequest) -> User | None:
    """The user this browser last signed in as, from the signed cookie, or None."""
    try:
        pk = request.get_signed_cookie(OWNER_COOKIE, default=None, salt=OWNER_SALT)
    except Exception:  # a tampered or stale cookie names nobody
        return None
    if pk is None:
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


def remember_owner(request: HttpRequest, response: HttpResponseBase) -> None:
    """Name the signed-in user in this browser's owner cookie (a browser-session cookie)."""
    user = request.user
    if not user.is_authenticated:
        return
    current = None
    try:
        current = request.get_signed_cookie(OWNER_COOKIE, default=None, salt=OWNER_SALT)
    except Exception:
        current = None
    if current != str(user.pk):
        response.set_signed_cookie(
            OWNER_COOKIE,
            str(user.pk),
            salt=OWNER_SALT,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def _text_fields(request: HttpRequest) -> dict[str, str]:
    kept: dict[str, str] = {}
    for name in list(request.POST.keys())[:MOST_FIELDS]:
        if name in NOT_KEPT or name.startswith("_"):
            continue
        values = request.POST.getlist(name)
        kept[name] = values[-1] if values else ""
    if sum(len(v) for v in kept.values()) > MOST_CHARACTERS:
        return {}
    return kept if any(v.strip() for v in kept.values()) else {}


def _restored(path: str) -> bool:
    try:
        return resolve(path).view_name in RESTORED_BY
    except Resolver404:
        return False


@transaction.atomic
def keep(*, request: HttpRequest, path: str) -> bool:
    """Keep what the request's form sent, for the page `path`, if this browser names its user. True if kept."""
    if not path.startswith("/") or path.startswith("//") or len(path) > 500 or not _restored(path):
        return False
    owner = owner_of(request)
    fields = _text_fields(request)
    if owner is None or not fields:
        return False
    now = timezone.now()
    KeptDraft.objects.filter(expires_at__lte=now).delete()
    token = secrets.token_urlsafe(32)
    draft = KeptDraft.objects.create(
        user=owner,
        token_hash=_hash(token),
        path=path,
        fields=fields,
        kept_at=now,
        expires_at=now + lifetime(),
    )
    # The fields' names only: what was typed stays out of the trail.
    audit.record(
        by=owner,
        action="session.draft_kept",
        obj=draft,
        object_type="accounts.kept_draft",
        detail={"path": path, "fields": sorted(fields)},
    )
    setattr(request, NEW_TOKEN_ATTRIBUTE, token)
    return True


@transaction.atomic
def take(request: HttpRequest) -> dict[str, Any] | None:
    """On a GET of a form's page by its signed-in owner, the draft kept for it (once), else None."""
    token = request.COOKIES.get(TOKEN_COOKIE)
    if request.method != "GET" or not token or not request.user.is_authenticated:
        return None
    now = timezone.now()
    KeptDraft.objects.filter(expires_at__lte=now).delete()
    draft = (
        KeptDraft.objects.select_for_update()
        .filter(token_hash=_hash(token), user=request.user, path=request.path)
        .first()
    )
    if draft is None:
        return None
    fields = dict(draft.fields)
    audit.record(
        by=request.user,
        action="session.draft_restored",
        obj=draft,
        object_type="accounts.kept_draft",
        detail={"path": draft.path},
    )
    draft.delete()
    return fields


def set_token_cookie(request: HttpRequest, response: HttpResponseBase) -> None:
    token = getattr(request, NEW_TOKEN_ATTRIBUTE, None)
    if token:
        response.set_cookie(
            TOKEN_COOKIE,
            token,
            max_age=int(lifetime().total_seconds()),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
