"""The framework record of a case: the web page and the PDF and Word downloads. Login is required by the
middleware; the case is fetched only through the scoped selector, so anyone else gets 404."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faircase.cases.selectors import get_case_for
from faircase.records import services


@never_cache
@require_GET
def record(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    document = services.record_page(case=case, by=request.user)
    return render(
        request,
        "records/record.jinja",
        {"page_title": document.title, "record": document, "case_id": case.pk},
    )


def _download(request: HttpRequest, case_id: Any, fmt: str) -> HttpResponse:
    case = get_case_for(request.user, case_id)
    generated = services.generate_record(case=case, fmt=fmt, by=request.user)
    response = HttpResponse(generated.content, content_type=generated.format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    response["X-Record-Integrity-SHA256"] = generated.document.footer.sha256
    return response


@never_cache
@require_GET
def record_pdf(request: HttpRequest, case_id: Any) -> HttpResponse:
    return _download(request, case_id, "pdf")


@never_cache
@require_GET
def record_docx(request: HttpRequest, case_id: Any) -> HttpResponse:
    return _download(request, case_id, "docx")
