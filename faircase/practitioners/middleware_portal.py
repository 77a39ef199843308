"""Keep practitioner users to their own pages.

A practitioner user (linked to a practitioner record, holding no role in any organisation) may open only the
practitioner's pages and the pages everyone may open (sign in and out, health, accessibility, privacy). Every
other page answers 404, whatever it would show them: staff list pages that would be empty, the national
framework, the policy packs, and the API (a practitioner has no use for it).

Install after AuthenticationMiddleware: "faircase.practitioners.middleware_portal.PractitionerScopeMiddleware".
"""

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from faircase.practitioners.selectors import is_portal_only

OPEN_NAMESPACES = {"accounts", "core"}
# The practitioner's own pages are under /my/; the token pages (an invitation, an anonymous survey) are open to
# anyone holding the token. Every other page of the app is a staff page.
OWN_PREFIX = "/my/"
TOKEN_PAGES = {"practitioners:portal_invitation", "practitioners:survey_answer"}
ALSO_OPEN = {"cases:home"} | TOKEN_PAGES  # the home page redirects a practitioner to their own cases


class PractitionerScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> None:
        if not is_portal_only(getattr(request, "user", None)):
            return None
        match = request.resolver_match
        namespace = match.namespaces[0] if match and match.namespaces else ""
        if namespace in OPEN_NAMESPACES or (match and match.view_name in ALSO_OPEN):
            return None
        if namespace == "practitioners" and request.path_info.startswith(OWN_PREFIX):
            return None
        raise Http404("Not available")
