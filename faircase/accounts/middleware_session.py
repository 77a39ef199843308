"""Sessions that end after a time without activity, said out loud (WCAG 2.2.1).

Every request extends the session (SESSION_SAVE_EVERY_REQUEST; SESSION_COOKIE_AGE is the idle timeout); the
pages warn SESSION_TIMEOUT_WARNING_SECONDS before it ends (static/faircase/session-timeout.js). When a request
arrives with a session cookie the server no longer knows, the session ran out: this middleware notes why in
the new session, for the sign-in page to say, and keeps what a form was sending (faircase.accounts.kept_drafts)
before the person is sent to sign in.

Install after AuthenticationMiddleware and before LoginRequiredMiddleware.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from faircase.accounts import kept_drafts

SIGNED_OUT_KEY = "faircase_signed_out_idle"
# A form may name the page its draft belongs to (check-your-answers pages carry the form's answers for this).
DRAFT_FOR_FIELD = "_draft_for"
# Sent by the warning's script when time runs out on a page with a form: keep the draft, never act on it.
KEEP_ONLY_FIELD = "_keep_draft_only"


def _draft_path(request: HttpRequest) -> str:
    named = request.POST.get(DRAFT_FOR_FIELD, "")
    if named.startswith("/") and not named.startswith("//"):
        try:
            resolve(named)
        except Resolver404:
            return request.path
        return named
    return request.path


def _ran_out(request: HttpRequest) -> bool:
    """The browser sent a session cookie the server no longer knows: the session expired."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    session = request.session
    # Unknown to the server; or already noted as run out, and not signed in again since.
    return SIGNED_OUT_KEY in session or session.session_key is None


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        kept_drafts.remember_owner(request, response)
        kept_drafts.set_token_cookie(request, response)
        return response

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        keep_only = request.method == "POST" and request.POST.get(KEEP_ONLY_FIELD) == "1"
        if request.user.is_authenticated:
            if keep_only:
                # Still signed in (another tab kept the session alive): keep the draft, do not send it.
                path = _draft_path(request)
                kept_drafts.keep(request=request, path=path)
                return redirect(path)
            return None
        if not getattr(view, "login_required", True) or not _ran_out(request):
            return None
        kept = request.method == "POST" and kept_drafts.keep(request=request, path=_draft_path(request))
        earlier = request.session.get(SIGNED_OUT_KEY) or {}
        request.session[SIGNED_OUT_KEY] = {
            "seconds": settings.SESSION_COOKIE_AGE,
            "draft_kept": bool(kept or earlier.get("draft_kept")),
        }
        if request.method == "POST":
            return redirect_to_login(_draft_path(request))
        return None
