"""Throttle repeated failed sign-ins, by username and by address, over a sliding window."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from faircase.accounts.models import LoginFailure


def client_address(request: Any) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _window_start() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def is_throttled(*, username: str, address: str | None) -> bool:
    recent = LoginFailure.objects.filter(occurred_at__gte=_window_start())
    limit = settings.LOGIN_THROTTLE_FAILURES
    if username and recent.filter(username__iexact=username).count() >= limit:
        return True
    # An address gets more room: several people may sign in from one NHS network address.
    return bool(address and recent.filter(ip_address=address).count() >= limit * 4)


def record_failure(*, username: str, address: str | None) -> None:
    LoginFailure.objects.filter(occurred_at__lt=_window_start()).delete()
    LoginFailure.objects.create(username=username[:150], ip_address=address)


def clear_failures(*, username: str) -> None:
    LoginFailure.objects.filter(Q(username__iexact=username)).delete()
