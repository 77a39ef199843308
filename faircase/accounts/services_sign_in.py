"""Signing in and out: each outcome is written with its audit event in one transaction.

A failed or refused attempt has no user to name, so the trail's actor is a label for the sign-in page, and the
account is named only by its keyed hash (faircase.accounts.throttle.account_key). The event reads the same
whether or not the account exists, so the trail cannot be used to learn which usernames are real, and it never
holds what was typed: people sometimes type a password in the username box.
"""

import time
from typing import Any

from django.contrib.auth import login, logout
from django.db import transaction
from django.http import HttpRequest

from faircase.accounts import second_factor, throttle
from faircase.accounts.models import User
from faircase.accounts.throttle import Attempt
from faircase.core import audit

SIGN_IN_PAGE = audit.Actor(label="Someone not signed in (sign-in page)")
SIGN_IN_ATTEMPT = "accounts.sign_in_attempt"
MODEL_BACKEND = "faircase.demo.backends.DemoAwareModelBackend"


def signed_in_through_single_sign_on(request: HttpRequest) -> bool:
    """A session from single sign-on has had the identity provider's own second factor; faircase's second factor
    applies to password sessions (docs/adr/0029, 0030)."""
    return bool(request.session.get(second_factor.SIGN_IN_METHOD_KEY) == second_factor.SSO)


def _remember_how(request: HttpRequest, method: str) -> None:
    request.session[second_factor.SIGN_IN_METHOD_KEY] = method
    # The absolute session limit counts from here (FAIRCASE_SESSION_ABSOLUTE_SECONDS).
    request.session[second_factor.SIGNED_IN_AT_KEY] = int(time.time())


@transaction.atomic
def record_failed_sign_in(*, attempt: Attempt) -> None:
    throttle.record_failure(attempt)
    audit.record(
        by=SIGN_IN_PAGE,
        action="sign_in.failed",
        object_type=SIGN_IN_ATTEMPT,
        object_id=attempt.account_key,
        detail=attempt.detail,
    )


@transaction.atomic
def record_refused_sign_in(*, attempt: Attempt, limit: str) -> None:
    """An attempt refused by the throttle before its password was checked."""
    audit.record(
        by=SIGN_IN_PAGE,
        action="sign_in.refused",
        object_type=SIGN_IN_ATTEMPT,
        object_id=attempt.account_key,
        detail={**attempt.detail, "limit": limit},
    )


@transaction.atomic
def sign_in(*, request: HttpRequest, user: User, attempt: Attempt, second_factor_kind: str = "") -> None:
    """Sign in with a password, and the second factor that was checked if there was one."""
    throttle.forget_own_failures(attempt)
    detail = {**attempt.detail, "second_factor": second_factor_kind} if second_factor_kind else attempt.detail
    audit.record(by=user, action="user.signed_in", obj=user, object_type="accounts.user", detail=detail)
    login(request, user)
    _remember_how(request, second_factor.PASSWORD)


@transaction.atomic
def sign_in_with_single_sign_on(*, request: HttpRequest, user: User, detail: dict[str, Any]) -> None:
    """A person the identity provider vouched for, already matched to their account by (issuer, subject)."""
    audit.record(
        by=user,
        action="user.signed_in",
        obj=user,
        object_type="accounts.user",
        detail={**detail, "method": second_factor.SSO},
    )
    # Not authenticate(): the provider did that. The session remembers the ordinary backend, which refuses the
    # account on every later request once it is deactivated.
    login(request, user, backend=MODEL_BACKEND)
    _remember_how(request, second_factor.SSO)


@transaction.atomic
def sign_out(*, request: HttpRequest, reason: str = "") -> None:
    """Sign out; `reason` says when the service, not the person, ended the session (its absolute limit)."""
    user = request.user
    if user.is_authenticated:
        audit.record(
            by=user,
            action="user.signed_out",
            obj=user,
            object_type="accounts.user",
            detail={"reason": reason} if reason else None,
        )
    logout(request)
