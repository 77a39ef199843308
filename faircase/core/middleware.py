"""Middleware of the core: keep what faircase serves out of browser and proxy caches."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import add_never_cache_headers

# Files of case data (records, returns, reports, the calendar feed) and the API's answers: never kept, whoever
# asked and whatever the view said, since a link with a token in it reaches some of them without a sign-in.
NEVER_KEPT_TYPES = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
        "text/calendar",
        "application/json",
        "application/yaml",
    }
)


def _says_no_store(response: HttpResponseBase) -> bool:
    directives = response.get("Cache-Control", "").lower().split(",")
    return any(part.strip() == "no-store" for part in directives)


def _media_type(response: HttpResponseBase) -> str:
    return response.get("Content-Type", "").split(";")[0].strip().lower()


class NoStoreMiddleware:
    """`Cache-Control: no-store` (with Django's never-cache headers) is the default for every response.

    - A response to a signed-in person is always kept out of caches: even a page open to everyone shows their
      name and navigation. A response that already says `no-store` keeps its own header.
    - A response to someone not signed in is kept out too, unless its view chose its own Cache-Control (the
      accessibility statement and the privacy notice say `public`), and never for files of case data or JSON.
    - Static files never reach this middleware: WhiteNoise answers them first, with long-lived cache headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if _says_no_store(response):
            return response
        user = getattr(request, "user", None)
        signed_in = bool(getattr(user, "is_authenticated", False))
        if signed_in or not response.has_header("Cache-Control") or _media_type(response) in NEVER_KEPT_TYPES:
            add_never_cache_headers(response)
        return response
