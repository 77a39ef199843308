"""The retention pages. Thin: the organisation through the scoped selector (404 for anyone who is not its
administrator), cases through the access kernel, every change through the services, the words through the
presenters. Nothing is deleted without two steps: ticking the cases, then confirming on a page that warns."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.accounts.models import Organisation, User
from faircase.cases.models import Case
from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.forms import apply_errors

from . import presenters, selectors, services
from .forms import ChooseForDeletionForm, ConfirmDeletionForm, HoldForm, LiftHoldForm
from .schedule import schedule_for


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(selectors.administered_organisations(request.user)),
        to="retention:review",
        template="retention/index.jinja",
        page_title=_("Retention review"),
    )


def _due(
    request: HttpRequest, organisation: Organisation
) -> tuple[list[selectors.Kept], list[selectors.Kept]]:
    return selectors.due_or_held(
        selectors.review_for_administrator(request.user, organisation), timezone.localdate()
    )


def _review_page(
    request: HttpRequest, organisation: Organisation, form: ChooseForDeletionForm | None = None
) -> HttpResponse:
    due, held = _due(request, organisation)
    services.audit_review_read(
        organisation=organisation,
        by=cast(User, request.user),
        due=[kept.reference for kept in due],
        held=[kept.reference for kept in held],
    )
    form = form or ChooseForDeletionForm(due=presenters.due_choices(due))
    return render(
        request,
        "retention/review.jinja",
        {
            "page_title": _("Retention review"),
            "organisation": organisation,
            "form": form,
            "due_count": len(due),
            "held": presenters.held_rows(held, organisation.slug),
            "due_holds": presenters.held_rows(due, organisation.slug),
            "tombstones": presenters.tombstone_rows(list(selectors.tombstones(organisation)[:50])),
            "all_verified": schedule_for(organisation.slug).all_verified,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@require_GET
def review(request: HttpRequest, org_slug: str) -> HttpResponse:
    return _review_page(request, selectors.administered_organisation(request.user, org_slug))


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    due, __ = _due(request, organisation)
    data = request.POST if request.method == "POST" else request.GET
    chosen = ChooseForDeletionForm(data, due=presenters.due_choices(due))
    if not chosen.is_valid():
        return _review_page(request, organisation, chosen)
    picked = [kept for kept in due if str(kept.case_id) in chosen.cleaned_data["case"]]
    form = ConfirmDeletionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        deleted = []
        for kept in picked:
            try:
                services.delete_under_retention(
                    case_id=kept.case_id,
                    organisation=organisation,
                    by=cast(User, request.user),
                    today=timezone.localdate(),
                )
            except services.RetentionRefused as refused:
                form.add_error(None, str(refused))
                break
            deleted.append(kept.reference)
        if deleted:
            messages.success(
                request,
                ngettext(
                    "Deleted %(num)d case: %(references)s. The audit trail keeps a record of each deletion.",
                    "Deleted %(num)d cases: %(references)s. The audit trail keeps a record of each deletion.",
                    len(deleted),
                )
                % {"num": len(deleted), "references": ", ".join(deleted)},
            )
        if not form.errors:
            return redirect("retention:review", org_slug=organisation.slug)
    return render(
        request,
        "retention/confirm.jinja",
        {
            "page_title": _("Confirm the deletion"),
            "organisation": organisation,
            "picked": [presenters.due_label(kept) for kept in picked],
            "picked_ids": [str(kept.case_id) for kept in picked],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_GET
def schedule(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    return render(
        request,
        "retention/schedule.jinja",
        {
            "page_title": _("Retention schedule"),
            "organisation": organisation,
            **presenters.schedule_page(schedule_for(organisation.slug)),
        },
    )


def _hold_page(request: HttpRequest, case: Case, *, back: str, caption: str) -> HttpResponse:
    """Place a hold, or lift the one in place: the same page for an administrator and for the case's manager."""
    in_place = selectors.hold_in_place(case)
    user = cast(User, request.user)
    form: HoldForm | LiftHoldForm
    if in_place is None:
        form = HoldForm(request.POST if request.method == "POST" else None)
    else:
        form = LiftHoldForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            if in_place is None:
                services.place_legal_hold(case=case, by=user, **form.cleaned_data)
                done = _(
                    "Case %(reference)s is on legal hold: it will not be deleted while the hold is in place."
                ) % {"reference": case.reference}
            else:
                services.lift_legal_hold(case=case, note=form.cleaned_data["lift_note"], by=user)
                done = _("The legal hold on case %(reference)s was lifted.") % {"reference": case.reference}
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(
        request,
        "retention/hold.jinja",
        {
            "page_title": (
                _("Lift the legal hold on case %(reference)s")
                if in_place
                else _("Place a legal hold on case %(reference)s")
            )
            % {"reference": case.reference},
            "case_reference": case.reference,
            "caption": caption,
            "in_place_rows": presenters.hold_summary(in_place) if in_place else [],
            "form": form,
            "button_text": _("Lift the hold") if in_place else _("Place the hold"),
            "back": back,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def hold(request: HttpRequest, org_slug: str, held_case_id: uuid.UUID) -> HttpResponse:
    """The administrator's way to a hold: they may not open the case itself, only review it."""
    organisation = selectors.administered_organisation(request.user, org_slug)
    case = selectors.administered_case(request.user, organisation, held_case_id)
    back = presenters.review_url(organisation.slug)
    return _hold_page(request, case, back=back, caption=organisation.name)


@require_http_methods(["GET", "POST"])
@case_view("retention.hold")
def case_hold(request: HttpRequest, case: Any) -> HttpResponse:
    back = presenters.case_url(case)
    return _hold_page(
        request, case, back=back, caption=_("Case %(reference)s") % {"reference": case.reference}
    )
