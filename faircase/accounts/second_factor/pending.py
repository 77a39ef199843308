"""The step between the right password and the second factor, held in the session: nobody is signed in yet.

It lasts FAIRCASE_SECOND_FACTOR_PENDING_SECONDS; after that the person starts again with their password.
"""

import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from faircase.accounts.models import User
from faircase.accounts.throttle import Attempt

PENDING_KEY = "faircase_second_factor_pending"


@dataclass(frozen=True)
class Pending:
    user: User
    attempt: Attempt
    next_url: str


def start(session: Any, *, user: User, attempt: Attempt, next_url: str) -> None:
    session.cycle_key()  # a fresh session id from here: nothing fixed before the password carries over
    session[PENDING_KEY] = {
        "user": user.pk,
        "started": int(time.time()),
        "account_key": attempt.account_key,
        "address": attempt.address,
        "known_device": attempt.known_device,
        "next": next_url,
        # The authentication backend that checked the password, for login() once the second factor is right.
        "backend": getattr(user, "backend", ""),
    }


def current(session: Any) -> Pending | None:
    """The pending sign-in, or None when there is none or its time has run out (then it is forgotten)."""
    state = session.get(PENDING_KEY)
    if not isinstance(state, dict):
        return None
    if time.time() - state.get("started", 0) > settings.FAIRCASE_SECOND_FACTOR_PENDING_SECONDS:
        clear(session)
        return None
    user = User.objects.filter(pk=int(state.get("user", 0)), is_active=True).first()
    if user is None:
        clear(session)
        return None
    if state.get("backend") in settings.AUTHENTICATION_BACKENDS:
        user.backend = state["backend"]
    attempt = Attempt(
        account_key=state["account_key"], address=state["address"], known_device=state["known_device"]
    )
    return Pending(user=user, attempt=attempt, next_url=state.get("next", ""))


def clear(session: Any) -> None:
    session.pop(PENDING_KEY, None)
