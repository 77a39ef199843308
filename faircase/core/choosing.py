"""A header link that serves several organisations: straight to the user's one organisation, or a choice."""

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def to_the_one_or_a_choice(
    request: HttpRequest,
    organisations: Sequence[Any],
    *,
    to: str,
    template: str,
    page_title: str,
    kwarg: str = "org_slug",
) -> HttpResponse:
    """404 when the user has none (as for anything they may not see), the organisation's page when they have one,
    and the template's list to choose from when they have several."""
    if not organisations:
        raise Http404("Not available")
    if len(organisations) == 1:
        return redirect(to, **{kwarg: organisations[0].slug})
    return render(request, template, {"page_title": page_title, "organisations": organisations})
