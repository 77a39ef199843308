"""Known devices: a signed cookie, set at each successful sign-in, naming the accounts that have signed in on
this browser (OWASP's "device cookies"). The throttle holds a known browser only to its own failures, so
guessing from elsewhere cannot lock the person out of the browser they use.

The cookie is signed, not secret: it holds a random id for the browser and a shortened keyed hash of each
account, never a username. Signing means it cannot be forged or copied to another account; it expires
LOGIN_KNOWN_DEVICE_DAYS after the last sign-in on the browser.
"""

import datetime as dt
import json
import secrets
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

COOKIE = "faircase_known_device"
SALT = "faircase.accounts.known_device"
# A shared ward computer may be used by several people; the browser remembers the most recent few.
MOST_ACCOUNTS = 10
# 128 bits of each account's keyed hash is plenty to tell accounts apart and keeps the cookie small.
KEY_LENGTH = 32


def device_for(request: HttpRequest, account_key: str) -> str:
    """This browser's id when the account has signed in on it before, else ""."""
    remembered = _read(request)
    if remembered is None or account_key[:KEY_LENGTH] not in remembered["accounts"]:
        return ""
    return remembered["device"]


def remember(request: HttpRequest, response: HttpResponse, account_key: str) -> None:
    """Add the account to this browser's cookie (creating the cookie on its first sign-in)."""
    remembered = _read(request) or {"device": secrets.token_hex(16), "accounts": []}
    short_key = account_key[:KEY_LENGTH]
    others = [key for key in remembered["accounts"] if key != short_key]
    value = {"device": remembered["device"], "accounts": [short_key, *others][:MOST_ACCOUNTS]}
    response.set_signed_cookie(
        COOKIE,
        json.dumps(value, separators=(",", ":")),
        salt=SALT,
        max_age=_lifetime(),
        path=reverse("accounts:login"),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.LOGIN_KNOWN_DEVICE_DAYS)


def _read(request: HttpRequest) -> dict[str, Any] | None:
    raw = request.get_signed_cookie(COOKIE, default=None, salt=SALT, max_age=_lifetime())
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    device, accounts = value.get("device"), value.get("accounts")
    if not isinstance(device, str) or len(device) != 32 or not isinstance(accounts, list):
        return None
    return {"device": device, "accounts": [key for key in accounts if isinstance(key, str)]}
