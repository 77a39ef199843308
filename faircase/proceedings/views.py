"""Pages of a case's investigation. Thin: the case comes through the access kernel (`@case_view`, 404
otherwise), reads go through the selectors and presenters, writes through the services."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.core.forms import apply_errors
from faircase.proceedings import presenters, selectors, services
from faircase.proceedings.forms import (
    AppointForm,
    CommentsForm,
    FactualAccuracyForm,
    InterviewForm,
    ReportForm,
    TermsForm,
)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _to_investigation(case: Any) -> HttpResponse:
    return redirect("proceedings:investigation", case_id=case.pk)


def _appoint_first(request: HttpRequest, case: Any) -> HttpResponse:
    messages.info(request, _("Appoint the case investigator first."))
    return _to_investigation(case)


def _form_page(
    request: HttpRequest, case: Any, form: Any, title: str, button: str, **extra: Any
) -> HttpResponse:
    return render(request, "proceedings/form.jinja", {
        "page_title": title, "case": case, "form": form, "button_text": button, **extra,
    })  # fmt: skip


@require_GET
@case_view("investigation.read")
def investigation(request: HttpRequest, case: Any) -> HttpResponse:
    return render(request, "proceedings/investigation.jinja", {
        "page_title": _("Investigation of case %(reference)s") % {"reference": case.reference}, "case": case,
        "investigation": presenters.investigation_context(case, request.user, timezone.localdate()),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("investigation.appoint")
def appoint(request: HttpRequest, case: Any) -> HttpResponse:
    if selectors.investigation_of(case) is not None:
        messages.info(request, _("A case investigator has already been appointed."))
        return _to_investigation(case)
    form = AppointForm(_posted(request), people=presenters.people_choices(case))
    if request.method == "POST" and form.is_valid():
        person = (
            selectors.people_of_the_organisation(case).filter(pk=form.cleaned_data["investigator"]).first()
        )
        try:
            appointed = services.appoint_investigator(
                case=case,
                investigator=person,
                appointed_on=form.cleaned_data["appointed_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was appointed case investigator.")
                % {"name": appointed.investigator.display_name},
            )
            return _to_investigation(case)
    return _form_page(request, case, form, _("Appoint the case investigator"), _("Appoint the case investigator"),
                      intro=presenters.appointment_intro(case))  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("investigation.change")
def terms(request: HttpRequest, case: Any) -> HttpResponse:
    current = selectors.investigation_of(case)
    if current is None:
        return _appoint_first(request, case)
    initial = {
        "scope": current.scope,
        "allegations": [str(c.pk) for c in selectors.allegations_of(current)],
        "interviewees": current.interviewees,
    }
    form = TermsForm(_posted(request), initial=initial, concerns=presenters.allegation_choices(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_terms_of_reference(
                investigation=current, scope=form.cleaned_data["scope"],
                allegation_ids=form.cleaned_data["allegations"], interviewees=form.cleaned_data["interviewees"],
                by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The terms of reference were saved."))
            return _to_investigation(case)
    timescale = presenters.investigation_context(case, request.user, timezone.localdate())
    return _form_page(request, case, form, _("Terms of reference"), _("Save the terms of reference"),
                      timescale=timescale["investigation_timescale"], timescale_what=_("the investigation"),
                      timescale_after=_("the appointment"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("investigation.change")
def interview(request: HttpRequest, case: Any) -> HttpResponse:
    current = selectors.investigation_of(case)
    if current is None:
        return _appoint_first(request, case)
    form = InterviewForm(_posted(request), minutes=presenters.document_choices(selectors.minutes_of(case)))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_interview(
                investigation=current, held_on=data["held_on"], interviewee=data["interviewee"],
                of_practitioner=data["of_practitioner"], attended=data["attended"], companion=data["companion"],
                minutes_id=data["minutes"], accuracy_comments=data["accuracy_comments"],
                comments_received_on=data["comments_received_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The interview with %(name)s was recorded.") % {"name": data["interviewee"]}
            )
            return _to_investigation(case)
    return _form_page(request, case, form, _("Record an interview or meeting"), _("Record the interview"))


@require_http_methods(["GET", "POST"])
@case_view("investigation.change")
def interview_comments(request: HttpRequest, case: Any, interview_id: Any) -> HttpResponse:
    found = selectors.interview_in(case, interview_id)
    form = CommentsForm(
        _posted(request),
        initial={
            "accuracy_comments": found.accuracy_comments,
            "comments_received_on": found.comments_received_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_interview_comments(
                interview=found, accuracy_comments=form.cleaned_data["accuracy_comments"],
                comments_received_on=form.cleaned_data["comments_received_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The comments on the minutes were recorded."))
            return _to_investigation(case)
    return _form_page(request, case, form, _("Comments on the minutes"), _("Save the comments"),
                      intro=_("The interview with %(name)s.") % {"name": found.interviewee})  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("investigation.change")
def report(request: HttpRequest, case: Any) -> HttpResponse:
    current = selectors.investigation_of(case)
    if current is None:
        return _appoint_first(request, case)
    if current.report_received_on is not None:
        messages.info(request, _("The report's receipt has already been recorded."))
        return _to_investigation(case)
    form = ReportForm(_posted(request), reports=presenters.document_choices(selectors.reports_of(case)))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_report_receipt(
                investigation=current, report_id=form.cleaned_data["report"],
                received_on=form.cleaned_data["received_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The report's receipt by the case manager was recorded."))
            return _to_investigation(case)
    timescale = presenters.investigation_context(case, request.user, timezone.localdate())
    return _form_page(request, case, form, _("The report received by the case manager"), _("Record the receipt"),
                      timescale=timescale["decision_timescale"],
                      timescale_what=_("the case manager's decision on the report"),
                      timescale_after=_("the report's receipt"))  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("investigation.change")
def factual_accuracy(request: HttpRequest, case: Any) -> HttpResponse:
    current = selectors.investigation_of(case)
    if current is None:
        return _appoint_first(request, case)
    form = FactualAccuracyForm(_posted(request), submissions=presenters.submission_choices(case))
    if request.method == "POST" and form.is_valid():
        try:
            services.connect_factual_accuracy(
                investigation=current, submission_id=form.cleaned_data["submission"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The practitioner's comments were connected to the report."))
            return _to_investigation(case)
    return _form_page(request, case, form, _("Connect the practitioner's comments on the report"), _("Connect the comments"),
                      no_choices=_("The practitioner has not sent comments on the report's factual accuracy from "
                      "their own pages.") if not form.fields["submission"].choices else "")  # fmt: skip
