"""The framework record of a case: the web page and the PDF and Word downloads. Login is required by the
middleware; the case comes through faircase.access, so anyone else gets 404. The record's service audits each read
with the record's integrity hash.

The PDF is made by the task worker (ADR 39): asking for it answers at once with a page that shows its progress
and offers the file when it is ready; the file is downloaded only through `record_file_download`, which finds it
among the case's own (404 otherwise) and audits the download."""

import uuid
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.records import presenters_files, selectors, services


@never_cache
@require_GET
@case_view("record.read")
def record(request: HttpRequest, case: Any) -> HttpResponse:
    document = services.record_page(case=case, by=request.user)
    return render(
        request,
        "records/record.jinja",
        {
            "page_title": document.title,
            "record": document,
            "case_id": case.pk,
            "document_language": services.language_choice(services.document_languages(case)),
        },
    )


def _languages(request: HttpRequest, case: Any) -> tuple[str, ...]:
    """The languages asked for (?language=en, cy or bilingual), else the practitioner's (ADR 43)."""
    return services.document_languages(case, request.GET.get("language") or request.POST.get("language"))


def _download(request: HttpRequest, case: Any, fmt: str) -> HttpResponse:
    generated = services.generate_record(
        case=case, fmt=fmt, by=request.user, languages=_languages(request, case)
    )
    response = HttpResponse(generated.content, content_type=generated.format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    response["X-Record-Integrity-SHA256"] = generated.document.footer.sha256
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@case_view("record.read")
def record_pdf(request: HttpRequest, case: Any) -> HttpResponse:
    """Ask for the PDF (the record page's link, or "Ask again" on a failed one): answered at once."""
    record_file = services.ask_for_record_file(
        case=case, fmt="pdf", by=request.user, languages=_languages(request, case)
    )
    return redirect("records:file", case_id=case.pk, file_id=record_file.pk)


@never_cache
@require_GET
@case_view("record.read")
def record_file(request: HttpRequest, case: Any, file_id: uuid.UUID) -> HttpResponse:
    page = presenters_files.progress(selectors.record_file_of(case, file_id), reference=case.reference)
    return render(request, "records/file.jinja", {"page_title": page.title, "page": page})


@never_cache
@require_GET
@case_view("record.read")
def record_file_status(request: HttpRequest, case: Any, file_id: uuid.UUID) -> JsonResponse:
    page = presenters_files.progress(selectors.record_file_of(case, file_id), reference=case.reference)
    return JsonResponse(page.as_json())


@never_cache
@require_GET
@case_view("record.read")
def record_file_download(request: HttpRequest, case: Any, file_id: uuid.UUID) -> FileResponse:
    record_file = selectors.record_file_of(case, file_id)
    if not presenters_files.progress(record_file, reference=case.reference).ready:
        raise Http404("The file is not ready, or has been deleted")
    try:
        handle = services.open_record_file(record_file=record_file, by=request.user)
    except FileNotFoundError as error:
        raise Http404("The file is missing from the storage") from error
    response = FileResponse(
        handle, as_attachment=True, filename=record_file.filename, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Record-Integrity-SHA256"] = record_file.record_hash
    return response


@never_cache
@require_GET
@case_view("record.read")
def record_docx(request: HttpRequest, case: Any) -> HttpResponse:
    return _download(request, case, "docx")
