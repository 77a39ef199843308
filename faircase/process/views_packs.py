"""Policy pack pages: the packs in use (read-only), recording a key date, and moving a case to another version.
Thin: reads through scoped selectors, writes through services, display through presenters."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from faircase.access.guard import case_view
from faircase.accounts.selectors import organisations_for
from faircase.core.forms import apply_errors
from faircase.policy import packs
from faircase.process import services_packs
from faircase.process.forms_packs import KeyDateForm, PackVersionForm
from faircase.process.presenters_deadlines import pack_summary


def pack_list(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_for(request.user))
    in_use = [
        {
            "organisation": organisation,
            "packs": [
                {
                    **pack_summary(packs.pack_from_version(v)),
                    "own": v.organisation_id is not None,
                    "change_note": v.change_note,
                }
                for v in versions
            ],
        }
        for organisation, versions in packs.current_versions(organisations)
    ]
    return render(request, "process/packs/list.jinja", {"page_title": _("Policy packs"), "in_use": in_use})


@require_http_methods(["GET", "POST"])
@case_view("process.key_date")
def key_date(request: HttpRequest, case: Any) -> HttpResponse:
    form = KeyDateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            recorded = services_packs.record_key_date(
                case=case, event=data["event"], on=data["on"], note=data["note"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(event)s recorded.") % {"event": recorded.get_event_display()},
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "process/packs/key_date_form.jinja",
        {
            "page_title": _("Record a key date: case %(reference)s") % {"reference": case.reference},
            "case": case,
            "form": form,
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("process.move_pack")
def case_version(request: HttpRequest, case: Any) -> HttpResponse:
    current = packs.pack_for_case(case)
    versions = [v for v in packs.versions_for(case.organisation, case.policy) if v.pk != current.version_id]
    choices = [
        (
            str(v.pk),
            f"{v.title}, version {v.number} ({'this organisation' if v.organisation_id else 'national'})",
        )
        for v in versions
    ]
    form = PackVersionForm(request.POST or None, versions=choices)
    if request.method == "POST" and form.is_valid():
        version = next(v for v in versions if str(v.pk) == form.cleaned_data["version"])
        try:
            services_packs.move_case_to_pack_version(
                case=case, version=version, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Case %(reference)s now follows %(pack)s, version %(version)s.")
                % {"reference": case.reference, "pack": version.title, "version": version.number},
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "process/packs/case_version.jinja",
        {
            "page_title": _("Policy pack version: case %(reference)s") % {"reference": case.reference},
            "case": case,
            "current": current,
            "form": form,
            "has_choices": bool(choices),
        },
    )
