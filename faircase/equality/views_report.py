"""The disproportionality report: the home page of the equality area (choose a report), the report page, and
its files (CSV, XLSX, PDF board report). Thin: organisations come through the scoped selector (404 for anyone
who may read no statistics), the report through `reports.report_for` and `exports_report.export_report`, which
write the audit event of every view and every file."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import disclosure, exports_report, presenters_report, reports
from . import selectors_report as selectors
from .forms_report import ReportForm

# Helper pages of the equality data area, linked from the home page for those who handle the data. The first
# name of each that exists is used.
DATA_LINKS = [
    (("equality:data_practitioners", "equality:data_index"), gettext_lazy("Practitioners' equality data")),
    (
        ("equality:data_baselines", "equality:baselines"),
        gettext_lazy("Workforce baselines and historic cases held"),
    ),
    (
        ("equality:import_index", "equality:import_cases"),
        gettext_lazy("Import a workforce baseline or historic cases"),
    ),
]


def _links() -> list[dict[str, str]]:
    links = []
    for names, text in DATA_LINKS:
        for name in names:
            try:
                links.append({"href": reverse(name), "text": str(text)})
                break
            except NoReverseMatch:
                continue
    return links


def _form(request: HttpRequest, data: Any) -> tuple[ReportForm, bool]:
    """The report form over the organisations the user may read (404 when none), and whether they handle
    equality data in any of them (then they may choose to see small numbers)."""
    organisations = list(selectors.report_organisations_for(request.user))
    if not organisations:
        raise Http404("Not available")
    handles = any(selectors.handles_data_in_all(request.user, [o]) for o in organisations)
    form = ReportForm(
        data,
        organisations=organisations,
        periods_held=selectors.periods_held(organisations),
        handles_data=handles,
    )
    return form, handles


def _home(request: HttpRequest, form: ReportForm, handles: bool, status: int = 200) -> HttpResponse:
    return render(
        request,
        "equality/home.jinja",
        {
            "page_title": _("Equality and disproportionality"),
            "form": form,
            "handles_data": handles,
            "data_links": _links() if handles else [],
        },
        status=status,
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The choices, filled in from the query when coming back from a report to change it."""
    form, handles = _form(request, None)
    if request.GET:
        form.initial = {name: request.GET.get(name) for name in form.fields if name in request.GET}
        form.initial["org"] = request.GET.getlist("org") or form.fields["org"].initial
    return _home(request, form, handles)


@dataclass(frozen=True)
class _Chosen:
    form: ReportForm
    choices: dict[str, Any]
    publish: bool


def _chosen(request: HttpRequest) -> _Chosen | HttpResponse:
    """The report asked for, or the home page with the errors. Small numbers only for someone who handles
    equality data in every organisation chosen, and has not asked for the published version; a published
    version only for the windows it may gather (disclosure.py)."""
    form, handles = _form(request, request.GET)
    if not form.is_valid():
        return _home(request, form, handles, status=400)
    data = form.cleaned_data
    organisations = data["organisations"]
    choices = {
        "organisations": organisations,
        "period": data["period"],
        "profession": data["profession"],
        "dimension": data["dimension"],
        "stage": data["stage"],
        "reference": data["reference"],
        "window": data.get("window") or 1,
    }
    publish = bool(data.get("published")) or not selectors.handles_data_in_all(request.user, organisations)
    if publish and (problem := disclosure.published_window_problem(data["period"], choices["window"])):
        form.add_error("window", problem)
        return _home(request, form, handles, status=400)
    return _Chosen(form=form, choices=choices, publish=publish)


def _url(name: str, query: dict[str, Any], **kwargs: Any) -> str:
    return f"{reverse(name, kwargs=kwargs or None)}?{urlencode(query, doseq=True)}"


@never_cache
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    chosen = _chosen(request)
    if isinstance(chosen, HttpResponse):
        return chosen
    result = reports.report_for(by=request.user, publish=chosen.publish, channel="page", **chosen.choices)
    view = presenters_report.present(result)
    # The published version of a window it may not gather (two years, or five not ending a fixed block) is the
    # chosen year on its own.
    unpublishable = disclosure.published_window_problem(result.period, result.window)
    published_query = chosen.form.query(published="on", **({"window": 1} if unpublishable else {}))
    query = published_query if chosen.publish else chosen.form.query()
    return render(
        request,
        "equality/report.jinja",
        {
            "page_title": view.title,
            "view": view,
            "change_url": _url("equality:home", chosen.form.query()),
            "published_url": _url("equality:report", published_query),
            "published_alone": (
                _(
                    "for %(period)s alone: a published report gathers one year, or the fixed five years ending "
                    "%(end)s"
                )
                % {"period": result.period, "end": disclosure.block_end(result.period)}
                if unpublishable
                else ""
            ),
            "downloads": {
                "pdf": "" if unpublishable else _url("equality:report_file", published_query, fmt="pdf"),
                "csv": _url("equality:report_file", query, fmt="csv"),
                "xlsx": _url("equality:report_file", query, fmt="xlsx"),
            },
        },
    )


@never_cache
@require_GET
def report_file(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in exports_report.FORMATS:
        raise Http404("No such format")
    chosen = _chosen(request)
    if isinstance(chosen, HttpResponse):
        return chosen
    exported = exports_report.export_report(
        by=request.user, fmt=fmt, publish=chosen.publish, **chosen.choices
    )
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.filename}"'
    return response
