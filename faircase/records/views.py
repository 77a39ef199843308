"""The framework record of a case: the web page and the PDF and Word downloads. Login is required by the
middleware; the case comes through faircase.access, so anyone else gets 404. The record's service audits each read
with the record's integrity hash."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faircase.access.guard import case_view
from faircase.records import services


@never_cache
@require_GET
@case_view("record.read")
def record(request: HttpRequest, case: Any) -> HttpResponse:
    document = services.record_page(case=case, by=request.user)
    return render(
        request,
        "records/record.jinja",
        {"page_title": document.title, "record": document, "case_id": case.pk},
    )


def _download(request: HttpRequest, case: Any, fmt: str) -> HttpResponse:
    generated = services.generate_record(case=case, fmt=fmt, by=request.user)
    response = HttpResponse(generated.content, content_type=generated.format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    response["X-Record-Integrity-SHA256"] = generated.document.footer.sha256
    return response


@never_cache
@require_GET
@case_view("record.read")
def record_pdf(request: HttpRequest, case: Any) -> HttpResponse:
    return _download(request, case, "pdf")


@never_cache
@require_GET
@case_view("record.read")
def record_docx(request: HttpRequest, case: Any) -> HttpResponse:
    return _download(request, case, "docx")
