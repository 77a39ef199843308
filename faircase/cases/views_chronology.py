"""The chronology of a case: one page, filtered by kind through GET (so a filtered view can be bookmarked and
printed), audited as a read by the view decorator."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from faircase.access.guard import case_view
from faircase.cases import presenters_chronology as presenters
from faircase.cases.forms_chronology import ChronologyFilterForm


@require_GET
@case_view("chronology.read")
def chronology(request: HttpRequest, case: Any) -> HttpResponse:
    form = ChronologyFilterForm(request.GET if "kind" in request.GET else None)
    kinds = form.cleaned_data["kind"] if form.is_bound and form.is_valid() else None
    return render(request, "cases/chronology.jinja", {
        "page_title": _("Chronology of case %(reference)s") % {"reference": case.reference}, "case": case, "form": form,
        "filtered": bool(kinds), **presenters.page(case, kinds),
    })  # fmt: skip
