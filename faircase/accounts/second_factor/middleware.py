"""Two rules on every signed-in request, in one place rather than on each view (ADR 30):

- **the absolute limit**: a session ends FAIRCASE_SESSION_ABSOLUTE_SECONDS after sign-in, however active. The
  form being sent is kept, as when the idle timeout ends a session (faircase.accounts.kept_drafts), and the
  sign-in page says why.
- **a second factor first**: someone whose roles need a second factor and who has none reaches only the pages
  that set one up (and signing out) until they have one. Single sign-on sessions are left to the identity
  provider (second_factor.SSO).

Install after LoginRequiredMiddleware.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from faircase.accounts import kept_drafts, second_factor, services_sign_in
from faircase.accounts.middleware_session import SIGNED_OUT_KEY, _draft_path
from faircase.accounts.second_factor import rules

# What someone who must set up a second factor may still reach.
SET_UP_PAGES = frozenset(
    {
        "accounts:security",
        "accounts:security_authenticator_app",
        "accounts:security_add_passkey",
        "accounts:security_recovery_codes",
        # Setting up a second factor in one's own language (ADR 41): the account's choice and the page switch.
        "accounts:security_language",
        "core:language",
        "accounts:logout",
        "accounts:session_extend",
    }
)
ABSOLUTE = "absolute"


def absolute_limit_passed(session: Any) -> bool:
    signed_in_at = session.get(second_factor.SIGNED_IN_AT_KEY)
    if signed_in_at is None:
        return False
    return bool(time.time() - signed_in_at >= settings.FAIRCASE_SESSION_ABSOLUTE_SECONDS)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        session = request.session
        if second_factor.SIGNED_IN_AT_KEY not in session:
            # A session from before this rule, or one not begun by services_sign_in: the limit counts from the
            # first request seen.
            session[second_factor.SIGNED_IN_AT_KEY] = int(time.time())
        if absolute_limit_passed(session):
            return self._end(request)
        if rules.must_set_one_up(request.user, session):
            match = request.resolver_match
            name = f"{match.namespace}:{match.url_name}" if match else ""
            if name not in SET_UP_PAGES:
                return redirect("accounts:security")
        return None

    def _end(self, request: HttpRequest) -> HttpResponse:
        path = _draft_path(request) if request.method == "POST" else request.get_full_path()
        kept = request.method == "POST" and kept_drafts.keep(request=request, path=path)
        services_sign_in.sign_out(request=request, reason="the session reached its absolute limit")
        request.session[SIGNED_OUT_KEY] = {
            "seconds": settings.FAIRCASE_SESSION_ABSOLUTE_SECONDS,
            "draft_kept": bool(kept),
            "reason": ABSOLUTE,
        }
        return redirect_to_login(path)
