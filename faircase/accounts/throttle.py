"""The sign-in throttle: stop password guessing without letting anyone lock another person, or a network, out.

Failures are counted over a sliding window (LOGIN_THROTTLE_WINDOW_SECONDS) and an attempt is refused, before
any password is checked, when one of these limits is met:

- **account and address**: this account from this address (LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS).
  A person's own mistakes lock only themselves, only where they are.
- **account**: this account from anywhere (LOGIN_THROTTLE_FAILURES_PER_ACCOUNT), which stops guessing spread
  over many addresses.
- **address**: any account from this address (LOGIN_THROTTLE_FAILURES_PER_ADDRESS), which stops one address
  trying a common password against many accounts. It is larger than the others because an NHS network may
  reach faircase through one address.

Those three count only attempts from browsers that are not known for the account. A browser where the account
has signed in before carries a signed "known device" cookie (faircase.accounts.known_devices) and is held only
to its own limit (LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE), so someone guessing from elsewhere, or a
colleague's mistakes on a shared network, cannot stop the person signing in from their own browser.

The client's address is the connecting address, unless settings name the header a trusted reverse proxy sets
(FAIRCASE_TRUSTED_PROXY_HEADER) and how many proxies append to it (FAIRCASE_TRUSTED_PROXY_COUNT). Without that
setting X-Forwarded-For is ignored: anyone can write it.
"""

import datetime as dt
import ipaddress
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac

from faircase.accounts import known_devices
from faircase.accounts.models import SignInFailure

ACCOUNT_AND_ADDRESS = "account and address"
ACCOUNT = "account"
ADDRESS = "address"
KNOWN_DEVICE = "known device"


@dataclass(frozen=True)
class Attempt:
    """Who an attempt claims to be, where it comes from, and whether the browser is known for that account."""

    account_key: str
    address: str | None
    known_device: str  # the known-device id, or "" when the browser is not known for this account

    @property
    def counted_address(self) -> str | None:
        """The address the limits count by. One IPv6 subscriber is usually given a whole /64, so its addresses
        count as one; otherwise a guesser could take a fresh address for every few guesses."""
        if self.address is None:
            return None
        address = ipaddress.ip_address(self.address)
        if isinstance(address, ipaddress.IPv6Address):
            if address.ipv4_mapped is not None:
                return str(address.ipv4_mapped)
            return str(ipaddress.IPv6Network((address, 64), strict=False).network_address)
        return str(address)

    @property
    def detail(self) -> dict[str, Any]:
        """What the audit trail records about the attempt: never the username typed, never the password."""
        return {"address": self.address, "known_device": bool(self.known_device)}


def account_key(username: str) -> str:
    """A keyed hash of a username, the same however it is capitalised or spaced.

    Keyed with the secret key, so a copy of the database or the audit trail cannot be matched against a list of
    likely usernames; `faircase audit sign-in-key USERNAME` computes it for an investigation.
    """
    return salted_hmac(
        "faircase.accounts.sign_in_account", username.strip().casefold(), algorithm="sha256"
    ).hexdigest()


def client_address(request: Any) -> str | None:
    connecting = request.META.get("REMOTE_ADDR") or None
    header = settings.FAIRCASE_TRUSTED_PROXY_HEADER
    if not header:
        return connecting
    # Each trusted proxy appends the address it saw, so the client is the Nth entry from the right; anything
    # further left was written by the client and proves nothing.
    entries = [entry.strip() for entry in request.headers.get(header, "").split(",") if entry.strip()]
    count = settings.FAIRCASE_TRUSTED_PROXY_COUNT
    if len(entries) < count:
        return connecting
    candidate = entries[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return connecting


def attempt_for(request: Any, username: str) -> Attempt:
    key = account_key(username)
    return Attempt(
        account_key=key, address=client_address(request), known_device=known_devices.device_for(request, key)
    )


def refusal(attempt: Attempt) -> str | None:
    """The limit this attempt meets (one of the names above), or None when it may go ahead."""
    recent = _recent()
    if attempt.known_device:
        own = recent.filter(account_key=attempt.account_key, known_device=attempt.known_device)
        return KNOWN_DEVICE if own.count() >= settings.LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE else None
    unknown = recent.filter(known_device="")
    same_account = unknown.filter(account_key=attempt.account_key)
    if (
        _from(same_account, attempt.counted_address).count()
        >= settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS
    ):
        return ACCOUNT_AND_ADDRESS
    if same_account.count() >= settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT:
        return ACCOUNT
    if _from(unknown, attempt.counted_address).count() >= settings.LOGIN_THROTTLE_FAILURES_PER_ADDRESS:
        return ADDRESS
    return None


def record_failure(attempt: Attempt) -> None:
    now = timezone.now()
    SignInFailure.objects.filter(occurred_at__lt=_window_start(now)).delete()
    SignInFailure.objects.create(
        account_key=attempt.account_key,
        address=attempt.counted_address,
        known_device=attempt.known_device,
        occurred_at=now,
    )


def forget_own_failures(attempt: Attempt) -> None:
    """After the right password: forget this browser's mistakes (or, from an unknown browser, this address's)
    for the account, but not failures from elsewhere, which may be someone else's guessing."""
    mine = SignInFailure.objects.filter(account_key=attempt.account_key)
    if attempt.known_device:
        mine.filter(known_device=attempt.known_device).delete()
    else:
        _from(mine.filter(known_device=""), attempt.counted_address).delete()


def wait_minutes() -> int:
    return max(1, -(-settings.LOGIN_THROTTLE_WINDOW_SECONDS // 60))


def _window_start(now: dt.datetime | None = None) -> dt.datetime:
    return (now or timezone.now()) - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def _recent() -> QuerySet[SignInFailure]:
    return SignInFailure.objects.filter(occurred_at__gte=_window_start())


def _from(failures: QuerySet[SignInFailure], address: str | None) -> QuerySet[SignInFailure]:
    return failures.filter(address__isnull=True) if address is None else failures.filter(address=address)


def account_locked(username: str) -> bool:
    """Whether the account's own failures now refuse it somewhere: by its account limit, from an address, or on a
    known browser. (The per-address limit is the address's, not the account's, so it is not counted here.)"""
    mine = _recent().filter(account_key=account_key(username))
    unknown = mine.filter(known_device="")
    if unknown.count() >= settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT:
        return True
    by_address = (
        unknown.values("address")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS)
    )
    by_device = (
        mine.exclude(known_device="")
        .values("known_device")
        .annotate(n=Count("pk"))
        .filter(n__gte=settings.LOGIN_THROTTLE_FAILURES_PER_KNOWN_DEVICE)
    )
    return by_address.exists() or by_device.exists()


def forget_account_failures(username: str) -> int:
    """Lift a lockout: forget every failure counted against this account, and nothing else. How many."""
    deleted, _ = SignInFailure.objects.filter(account_key=account_key(username)).delete()
    return deleted
