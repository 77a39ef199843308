"""Pages for equality data and imports, for users who may handle equality data (`equality.handle_data`:
equality analysts and organisation administrators). Everyone else gets 404. Thin: reads through
`selectors_data`, writes through `services_data` and `services_import`, display through `presenters_data`.
Every page that shows a practitioner's answers audits the view."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.core.forms import apply_errors

from . import presenters_data as presenters
from . import selectors_data as selectors
from . import services_data, services_import
from .forms_data import EqualityDataForm
from .forms_import import cases_form, workforce_form
from .importers import CASE_COLUMNS, WORKFORCE_COLUMNS, ImportFileError, UnreadableImportFile
from .services_import import ImportRejected

PREVIEW_SESSION_KEY = "equality.cases_preview"
ANSWERS = ("ethnicity", "sex", "age_band", "disability", "pmq", "source")


def _posted(request: HttpRequest, *, files: bool = False) -> tuple:
    """The form's data when the page was posted (even with nothing filled in), else nothing: an unbound form."""
    if request.method != "POST":
        return ()
    return (request.POST, request.FILES) if files else (request.POST,)


# ---- equality data for each practitioner -------------------------------------------------------------------


@never_cache
@require_GET
def practitioners(request: HttpRequest) -> HttpResponse:
    organisations = selectors.equality_organisations_or_404(request.user)
    organisation = selectors.chosen_organisation(organisations, request.GET.get("org", ""))
    recorded = request.GET.get("recorded", "")
    recorded = recorded if recorded in ("yes", "no") else ""
    search = request.GET.get("q", "").strip()[:100]
    found = selectors.practitioners_for_equality(
        request.user, organisation=organisation, recorded=recorded, search=search
    )
    page = Paginator(found, presenters.PAGE_SIZE).get_page(request.GET.get("page"))
    query = {"org": organisation.slug if organisation else "", "recorded": recorded, "q": search}
    return render(
        request,
        "equality/data_practitioners.jinja",
        {
            "page_title": _("Equality data for practitioners"),
            "organisations": organisations,
            "organisation": organisation,
            "recorded": recorded,
            "search": search,
            "page": page,
            "rows": presenters.practitioner_rows(page.object_list),
            "summary": presenters.recorded_summary(
                selectors.recorded_counts(request.user, organisation=organisation)
            ),
            "query": {k: v for k, v in query.items() if v},
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def practitioner(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    found = selectors.get_practitioner_for_equality(request.user, practitioner_id)
    record = selectors.equality_record_for(found)
    if record is not None:
        initial = {name: getattr(record, name) for name in ANSWERS}
    else:
        initial = {"pmq": services_data.pmq_from_practitioner(found)}
    form = EqualityDataForm(*_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services_data.record_equality_data(practitioner=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Equality data for %(name)s saved.") % {"name": found.full_name})
            return redirect("equality:data_practitioners")
    # The page shows the practitioner's answers: every showing is audited.
    services_data.record_data_viewed(practitioner=found, by=request.user)
    return render(
        request,
        "equality/data_practitioner.jinja",
        {
            "page_title": _("Equality data: %(name)s") % {"name": found.full_name},
            "practitioner": found,
            "summary_rows": presenters.practitioner_summary_rows(found),
            "record_summary": presenters.record_summary(record),
            "is_new": record is None,
            "form": form,
        },
    )


# ---- what is held, and the imports -----------------------------------------------------------------------


@never_cache
@require_GET
def baselines(request: HttpRequest) -> HttpResponse:
    organisations = selectors.equality_organisations_or_404(request.user)
    return render(
        request,
        "equality/data_baselines.jinja",
        {
            "page_title": _("Workforce baselines and historic cases held"),
            "dimensions": presenters.DIMENSIONS,
            "baselines": presenters.baselines_by_organisation(selectors.baselines_held(organisations)),
            "historic": presenters.historic_by_organisation(selectors.historic_cases_held(organisations)),
        },
    )


@never_cache
@require_GET
def imports(request: HttpRequest) -> HttpResponse:
    organisations = selectors.equality_organisations_or_404(request.user)
    return render(
        request,
        "equality/import_index.jinja",
        {
            "page_title": _("Imports"),
            "batches": presenters.batch_rows(selectors.import_batches(organisations)),
            "workforce_columns": ", ".join(WORKFORCE_COLUMNS),
            "case_columns": ", ".join(CASE_COLUMNS),
        },
    )


def _problem_context(error: Exception) -> dict[str, Any]:
    if isinstance(error, ImportRejected):
        return {"problems": presenters.problem_list(error.problems)}
    return {}


def _refusal(error: Exception) -> str:
    if isinstance(error, ImportRejected):
        return _("The file was not imported: %(problems)s, listed below") % {
            "problems": error.problems.summary()
        }
    if isinstance(error, UnreadableImportFile):
        return str(error)  # "The file could not be read: ..." and what to do
    return _("The file was not imported: %(why)s") % {"why": error}


@never_cache
@require_http_methods(["GET", "POST"])
def import_workforce(request: HttpRequest) -> HttpResponse:
    organisations = selectors.equality_organisations_or_404(request.user)
    form = workforce_form(*_posted(request, files=True), organisations=organisations)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services_import.import_workforce(
                organisation=form.chosen_organisation(),
                file=upload,
                filename=upload.name,
                by=request.user,
                source="upload",
            )
        except (ImportFileError, ImportRejected) as error:
            form.add_error("file", _refusal(error))
            extra = _problem_context(error)
        else:
            messages.success(request, result.summary())
            return redirect("equality:data_baselines")
    return render(
        request,
        "equality/import_workforce.jinja",
        {
            "page_title": _("Import a workforce baseline"),
            "form": form,
            "organisations": organisations,
            "columns": ", ".join(WORKFORCE_COLUMNS),
            **extra,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def import_cases(request: HttpRequest) -> HttpResponse:
    """Upload a historic cases file: it is checked (a dry run) and previewed; nothing is imported until the
    person confirms on the preview."""
    organisations = selectors.equality_organisations_or_404(request.user)
    form = cases_form(*_posted(request, files=True), organisations=organisations)
    extra: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        organisation = form.chosen_organisation()
        _forget_preview(request)
        staged = services_import.stage_upload(upload)
        result = None
        try:
            with staged.path.open("rb") as file:
                result = services_import.import_cases(
                    organisation=organisation, file=file, filename=upload.name, by=request.user, dry_run=True
                )
        except (ImportFileError, ImportRejected) as error:
            form.add_error("file", _refusal(error))
            extra = _problem_context(error)
        finally:
            if result is None:  # refused, or failed in a way nobody foresaw: the file is not kept
                services_import.discard_staged(staged.token)
        if result is not None:
            request.session[PREVIEW_SESSION_KEY] = {
                "token": staged.token,
                "organisation": organisation.slug,
                "filename": upload.name,
                "sha256": result.sha256,
            }
            return render(
                request,
                "equality/import_preview.jinja",
                {
                    "page_title": _("Check the historic cases before importing"),
                    "organisation": organisation,
                    "filename": upload.name,
                    "token": staged.token,
                    "preview": presenters.case_preview(result),
                },
            )
    return render(
        request,
        "equality/import_cases.jinja",
        {
            "page_title": _("Import historic cases"),
            "form": form,
            "organisations": organisations,
            "columns": ", ".join(CASE_COLUMNS),
            **extra,
        },
    )


def _forget_preview(request: HttpRequest) -> None:
    previous = request.session.pop(PREVIEW_SESSION_KEY, None)
    if previous:
        services_import.discard_staged(previous.get("token", ""))


@never_cache
@require_POST
def import_cases_confirm(request: HttpRequest) -> HttpResponse:
    organisations = selectors.equality_organisations_or_404(request.user)
    preview = request.session.get(PREVIEW_SESSION_KEY) or {}
    token = request.POST.get("token", "")
    if not token or preview.get("token") != token:
        raise Http404("No such preview")
    organisation = selectors.chosen_organisation(organisations, preview["organisation"])
    if organisation is None:
        _forget_preview(request)
        raise Http404("Not available")
    if request.POST.get("action") == "cancel":
        _forget_preview(request)
        messages.success(request, _("%(file)s was not imported.") % {"file": preview["filename"]})
        return redirect("equality:import_cases")
    staged = services_import.staged_file(token, sha256=preview.get("sha256", ""))
    if staged is None:
        _forget_preview(request)
        messages.warning(
            request, _("The preview had expired and nothing was imported: upload the file again.")
        )
        return redirect("equality:import_cases")
    try:
        with staged.path.open("rb") as file:
            result = services_import.import_cases(
                organisation=organisation,
                file=file,
                filename=preview["filename"],
                by=request.user,
                source="upload",
            )
    except (ImportFileError, ImportRejected) as error:
        return render(
            request,
            "equality/import_cases.jinja",
            {
                "page_title": _("Import historic cases"),
                "form": cases_form(organisations=organisations),
                "refusal": _refusal(error),
                "refusal_href": "#problems" if isinstance(error, ImportRejected) else "#id_file",
                "organisations": organisations,
                "columns": ", ".join(CASE_COLUMNS),
                **_problem_context(error),
            },
        )
    finally:
        _forget_preview(request)  # the kept file goes, whether imported, refused or failed unforeseen
    messages.success(request, result.summary())
    return redirect("equality:data_baselines")
