"""The API under /api/v1/. Django's LoginRequiredMiddleware would answer an anonymous API call with a redirect
to the sign-in page; the API's own authentication answers 401 (JSON) instead, so its views are marked as not
needing the middleware's login. Every operation still requires a signed-in session (see api.py)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, URLResolver

from faircase.api.api import api

app_name = "api"


def _api_authenticates(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            _api_authenticates(pattern.url_patterns)
        else:
            login_not_required(pattern.callback)
    return patterns


urlpatterns = _api_authenticates(list(api.urls[0]))
