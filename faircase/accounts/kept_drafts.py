"""Placeholder, filled in by the kept-drafts change."""

from typing import Any

from django.http import HttpRequest


def take(request: HttpRequest) -> dict[str, Any] | None:
    return None
