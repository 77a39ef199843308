"""The evaluation: choose an organisation (or go straight to the user's own), read its evaluation for a six-month
period since adoption, download it as PDF, XLSX or CSV; an administrator records the adoption date. Thin: the
organisation comes through the scoped selectors (404 for anyone else), the figures through measures.evaluation_for
and exports.export_evaluation, which audit every read; the adoption date is written by services."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.formatting import nhs_date
from faircase.process import clock

from . import exports, presenters, selectors, services
from .forms import AdoptionForm, PeriodForm
from .measures import evaluation_for

PERIOD_NAMES = {1: gettext_lazy("The first six months")}


def _period_choices(adopted_on: dt.date) -> list[tuple[int, str, tuple[dt.date, dt.date]]]:
    periods = clock.evaluation_periods(adopted_on, timezone.localdate())
    return [
        (
            n,
            _("%(name)s (%(dates)s)")
            % {
                "name": PERIOD_NAMES.get(n) or _("Six months from %(date)s") % {"date": nhs_date(first)},
                "dates": presenters.period_text(first, last),
            },
            (first, last),
        )
        for n, (first, last) in enumerate(periods, start=1)
    ]


def _chosen_period(
    request: HttpRequest, organisation: Any
) -> tuple[PeriodForm, tuple[dt.date, dt.date] | None]:
    choices = _period_choices(organisation.framework_adopted_on)
    # The latest six months that have ended (or the first, while it runs).
    ended = [n for n, _label, (_first, last) in choices if last < timezone.localdate()]
    form = PeriodForm(
        request.GET if "period" in request.GET else {"period": str(ended[-1] if ended else 1)},
        periods=[(n, label) for n, label, _dates in choices],
    )
    if not form.is_valid():
        return form, None
    return form, dict((n, dates) for n, _label, dates in choices)[form.cleaned_data["period"]]


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(selectors.readable_organisations(request.user)),
        to="evaluation:organisation",
        kwarg="slug",
        template="evaluation/choose.jinja",
        page_title=_("Evaluation of the framework"),
    )


@never_cache
@require_GET
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = selectors.readable_organisation(request.user, slug)
    context: dict[str, Any] = {
        "page_title": _("Evaluation of the framework: %(organisation)s") % {"organisation": chosen.name},
        "organisation": chosen,
        "adoption_url": reverse("evaluation:adoption", kwargs={"slug": chosen.slug})
        if selectors.administers(request.user, chosen)
        else "",
    }
    if chosen.framework_adopted_on is None:
        return render(request, "evaluation/no_adoption.jinja", context)
    form, period = _chosen_period(request, chosen)
    context["form"] = form
    if period is None:
        return render(request, "evaluation/report.jinja", context, status=400)
    evaluation = evaluation_for(
        by=request.user, organisation=chosen, start=period[0], end=period[1], channel="page"
    )
    query = f"?period={form.cleaned_data['period']}"
    context["view"] = presenters.present(evaluation)
    context["downloads"] = {
        fmt: reverse("evaluation:organisation_file", kwargs={"slug": chosen.slug, "fmt": fmt}) + query
        for fmt in exports.FORMATS
    }
    return render(request, "evaluation/report.jinja", context)


@never_cache
@require_GET
def organisation_file(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    chosen = selectors.readable_organisation(request.user, slug)
    if fmt not in exports.FORMATS or chosen.framework_adopted_on is None:
        raise Http404("Not available")
    _form, period = _chosen_period(request, chosen)
    if period is None:
        raise Http404("No such period")
    exported = exports.export_evaluation(
        by=request.user, fmt=fmt, organisation=chosen, start=period[0], end=period[1]
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response


@require_http_methods(["GET", "POST"])
def adoption(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = selectors.administered_organisation(request.user, slug)
    if request.method == "POST":
        form = AdoptionForm(request.POST)
        if form.is_valid():
            services.set_adoption_date(
                organisation=chosen, adopted_on=form.cleaned_data["framework_adopted_on"], by=request.user
            )
            return redirect("evaluation:organisation", slug=chosen.slug)
    else:
        form = AdoptionForm(initial={"framework_adopted_on": chosen.framework_adopted_on})
    return render(
        request,
        "evaluation/adoption.jinja",
        {
            "page_title": _("Date the framework was adopted: %(organisation)s")
            % {"organisation": chosen.name},
            "organisation": chosen,
            "form": form,
            "back_url": reverse("evaluation:organisation", kwargs={"slug": chosen.slug}),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
