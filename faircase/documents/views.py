"""Pages of a case's documents. Thin: the case comes through the access kernel (`@case_view`, 404 otherwise),
reads go through the selectors, writes through the services, and files are served only by `download`, which
audits each download."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.core.forms import apply_errors
from faircase.core.readers import size_text
from faircase.documents import presenters, selectors, services
from faircase.documents.forms import MarkingForm, RedactedCopyForm, UploadForm, VersionForm


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    """The posted data and files, even when empty (so a form posted with nothing chosen shows its errors)."""
    return (request.POST, request.FILES) if request.method == "POST" else (None, None)


def _max_size() -> str:
    return size_text(services.max_bytes())


def _to_document(case: Any, document_id: Any) -> HttpResponse:
    return redirect("documents:detail", case_id=case.pk, document_id=document_id)


@require_GET
@case_view("document.read")
def case_documents(request: HttpRequest, case: Any) -> HttpResponse:
    return render(request, "documents/list.jinja", {
        "page_title": _("Documents on case %(reference)s") % {"reference": case.reference}, "case": case, "rows": presenters.rows(case),
        **presenters.links(case, request.user),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("document.add")
def add(request: HttpRequest, case: Any) -> HttpResponse:
    form = UploadForm(*_posted(request), max_size=_max_size())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            document = services.add_document(
                case=case, file=upload, name=upload.name, kind=form.cleaned_data["kind"],
                dated=form.cleaned_data["dated"], marking=form.cleaned_data["marking"],
                withheld_reason=form.cleaned_data["withheld_reason"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s was added to the case.") % {"name": upload.name})
            return _to_document(case, document.pk)
    return render(request, "documents/upload.jinja", {
        "page_title": _("Add a document"), "case": case, "form": form, "button_text": _("Add the document"),
        "scan_note": presenters.upload_note(),
    })  # fmt: skip


@require_GET
@case_view("document.read")
def detail(request: HttpRequest, case: Any, document_id: Any) -> HttpResponse:
    document = selectors.document_in(case, document_id)
    page = presenters.document_page(document, request.user)
    return render(request, "documents/detail.jinja", {
        "page_title": page["name"], "case": case, "page": page,
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("document.add_version")
def add_version(request: HttpRequest, case: Any, document_id: Any) -> HttpResponse:
    document = selectors.document_in(case, document_id)
    form = VersionForm(*_posted(request), max_size=_max_size())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.add_version(
                document=document,
                file=upload,
                name=upload.name,
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s was added.") % {"number": version.number})
            return _to_document(case, document.pk)
    return render(request, "documents/upload.jinja", {
        "page_title": _("Add a new version"), "case": case, "form": form, "button_text": _("Add the new version"),
        "scan_note": presenters.upload_note(), "document": presenters.row(document, case),
        "intro": _("The new version is kept beside the earlier ones: nothing is overwritten."),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("document.add_redacted_copy")
def add_redacted(request: HttpRequest, case: Any, document_id: Any) -> HttpResponse:
    document = selectors.document_in(case, document_id)
    form = RedactedCopyForm(*_posted(request), max_size=_max_size())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.add_redacted_copy(
                document=document, file=upload, name=upload.name, reason=form.cleaned_data["reason"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The redacted copy was added. It is disclosed in place of the document.")
            )
            return _to_document(case, document.pk)
    row = presenters.row(document, case)
    return render(request, "documents/upload.jinja", {
        "page_title": _("Add a redacted copy"), "case": case, "form": form, "button_text": _("Add the redacted copy"),
        "scan_note": presenters.upload_note(), "document": row,
        "intro": _("The redacted copy is kept as a version of its own, linked to version %(version)s, and is "
                   "disclosed in its place. The original stays as it was.") % {"version": row["version"]},
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("document.mark")
def mark(request: HttpRequest, case: Any, document_id: Any) -> HttpResponse:
    document = selectors.document_in(case, document_id)
    current = selectors.current_of(document)
    redacted = selectors.redacted_copy_of(document, current) is not None
    data, _files = _posted(request)
    form = MarkingForm(data, redacted_copy=redacted, initial={"marking": document.marking})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_marking(
                document=document, marking=form.cleaned_data["marking"], reason=form.cleaned_data["reason"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The marking was changed."))
            return _to_document(case, document.pk)
    return render(request, "documents/mark.jinja", {
        "page_title": _("Change how the document may be disclosed"), "case": case, "form": form,
        "document": presenters.row(document, case),
    })  # fmt: skip


@require_GET
@case_view("document.download")
def download(request: HttpRequest, case: Any, document_id: Any, version_id: Any) -> FileResponse:
    document = selectors.document_in(case, document_id)
    version = selectors.version_of(document, version_id)
    try:
        handle = services.open_for_download(version=version, by=request.user)
    except FileNotFoundError as error:
        raise Http404("The file is missing from the storage") from error
    response = FileResponse(
        handle, as_attachment=True, filename=version.name, content_type=version.content_type
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
