"""Pages that prepare, release and download disclosure bundles. Thin: who may is decided by the access kernel
through faircase.bundles.selectors (404 for everyone else), writes go through the services.

Asking for a bundle answers at once: the task worker makes the PDF (ADR 39) and the bundle's page shows its
progress until it is made, then the draft.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.access.guard import audit_read
from faircase.accounts.models import signed_in
from faircase.bundles import presenters, selectors, services
from faircase.bundles.choices import Kind
from faircase.bundles.contents import third_parties
from faircase.bundles.forms import PrepareBundleForm
from faircase.core.forms import apply_errors


@require_GET
def organisation(request: HttpRequest, org_slug: str) -> HttpResponse:
    org = selectors.organisation_of_case_for(request.user, org_slug)
    administers = selectors.administers(request.user, org)
    return render(request, "bundles/organisation.jinja", {
        "page_title": _("Disclosure bundles"), "organisation": org, "administers": administers,
        "bundles": [presenters.line(b) for b in selectors.bundles_visible_to(request.user, org)],
        "practitioners": presenters.practitioner_links(request.user, org) if administers else [],
    })  # fmt: skip


def _prepare(
    request: HttpRequest, *, kind: str, org: Any, practitioner: Any, cases: list[Any], context: dict[str, Any]
) -> HttpResponse:
    people = third_parties(cases, practitioner)
    form = PrepareBundleForm(
        request.POST if request.method == "POST" else None,
        third_parties=presenters.third_party_choices(people),
    )
    if request.method == "POST" and form.is_valid():
        try:
            bundle = services.ask_for_bundle(
                kind=kind, organisation=org, practitioner=practitioner, cases=cases,
                terms=form.cleaned_data["terms"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(presenters.bundle_url(bundle))
    elif request.method == "GET":
        for case in cases:
            audit_read(case=case, by=request.user, what=f"bundle.prepare.{kind}")
    return render(request, "bundles/prepare.jinja", {"form": form, "practitioner": practitioner, **context})


@never_cache
@require_http_methods(["GET", "POST"])
def subject_access(request: HttpRequest, org_slug: str, practitioner_id: int) -> HttpResponse:
    org = selectors.organisation_for(request.user, org_slug)
    practitioner, cases = selectors.subject_access_for(request.user, org, practitioner_id)
    return _prepare(request, kind=Kind.SUBJECT_ACCESS, org=org, practitioner=practitioner, cases=cases, context={
        "page_title": _("Prepare a subject access bundle"), "caption": practitioner.full_name,
        "scope": presenters.subject_access_scope(practitioner, cases),
        "back_url": presenters.organisation_url(org),
    })  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def tribunal(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = selectors.tribunal_case_for(request.user, case_id)
    request.case_reference = case.reference  # type: ignore[attr-defined]  # the page's title names the case
    return _prepare(request, kind=Kind.TRIBUNAL, org=case.organisation, practitioner=case.practitioner,
                    cases=[case], context={
        "page_title": _("Prepare a tribunal bundle"),
        "caption": _("Case %(reference)s: %(name)s") % {"reference": case.reference, "name": case.practitioner.full_name},
        "scope": presenters.tribunal_scope(case), "back_url": presenters.case_url(case),
    })  # fmt: skip


@never_cache
@require_GET
def detail(request: HttpRequest, org_slug: str, bundle_id: Any) -> HttpResponse:
    org = selectors.organisation_of_case_for(request.user, org_slug)
    bundle = selectors.bundle_for(request.user, org, bundle_id)
    if not bundle.is_made:
        progress = presenters.progress(bundle)
        return render(request, "bundles/progress.jinja", {"page_title": progress.title, "page": progress})
    page = presenters.detail(bundle)
    return render(request, "bundles/detail.jinja", {"page_title": page["title"], "page": page})


@never_cache
@require_GET
def status(request: HttpRequest, org_slug: str, bundle_id: Any) -> JsonResponse:
    """What the progress page's script polls: the same presenter as the page."""
    org = selectors.organisation_of_case_for(request.user, org_slug)
    bundle = selectors.bundle_for(request.user, org, bundle_id)
    return JsonResponse(presenters.progress(bundle).as_json())


@require_POST
def ask_again(request: HttpRequest, org_slug: str, bundle_id: Any) -> HttpResponse:
    org = selectors.organisation_of_case_for(request.user, org_slug)
    bundle = selectors.bundle_for(request.user, org, bundle_id)
    if presenters.progress(bundle).failed:
        services.ask_again(bundle=bundle, by=request.user)
    return redirect(presenters.bundle_url(bundle))


@require_POST
def release(request: HttpRequest, org_slug: str, bundle_id: Any) -> HttpResponse:
    org = selectors.organisation_of_case_for(request.user, org_slug)
    bundle = selectors.bundle_for(request.user, org, bundle_id)
    try:
        services.release_bundle(bundle=bundle, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The bundle was released. It will not change: its SHA-256 identifies it.")
        )
    return redirect(presenters.bundle_url(bundle))


@never_cache
@require_GET
def download(request: HttpRequest, org_slug: str, bundle_id: Any) -> FileResponse:
    if not signed_in(request.user):
        raise Http404("Not available")
    org = selectors.organisation_of_case_for(request.user, org_slug)
    bundle = selectors.bundle_for(request.user, org, bundle_id)
    try:
        handle = services.open_for_download(bundle=bundle, by=request.user)
    except FileNotFoundError as error:
        raise Http404("The file is missing from the storage") from error
    response = FileResponse(
        handle, as_attachment=True, filename=presenters.download_name(bundle), content_type="application/pdf"
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Bundle-SHA256"] = bundle.sha256
    return response
