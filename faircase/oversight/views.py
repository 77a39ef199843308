"""The oversight page. Thin: the organisation through the scoped selector (404 for anyone who does not oversee
it), the figures through the service that audits the read, the words through the presenters."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faircase.core.choosing import to_the_one_or_a_choice

from . import presenters, selectors, services


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(selectors.oversight_organisations(request.user)),
        to="oversight:organisation",
        template="oversight/index.jinja",
        page_title=_("Oversight"),
    )


@never_cache
@require_GET
def organisation(request: HttpRequest, org_slug: str) -> HttpResponse:
    found = selectors.oversight_organisation(request.user, org_slug)
    figures = services.read_oversight(organisation=found, by=request.user, today=timezone.localdate())
    return render(
        request,
        "oversight/organisation.jinja",
        {
            "page_title": _("Oversight: %(organisation)s") % {"organisation": found.name},
            "figures": figures,
            "stage_table": presenters.stage_table(figures),
            "open_cases": sum(s.total for s in figures.stages),
            "in_force_table": presenters.in_force_table(figures),
            "exclusions_in_force": presenters.exclusions_in_force(figures),
            "other_in_force": len(figures.in_force) - presenters.exclusions_in_force(figures),
            "owner_table": presenters.owner_table(figures),
            "adherence_table": presenters.adherence_table(figures),
            "missing_reviews": presenters.missing_reviews(figures),
            "trend_table": presenters.trend_table(figures),
            "trend_chart": presenters.trend_chart(figures),
            "equality_table": presenters.equality_table(figures),
            "equality_url": presenters.equality_url(figures),
            "case_list_url": presenters.case_list_url(found) if figures.sees_every_case else "",
        },
    )
