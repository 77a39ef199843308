"""Survey pages: inviting the practitioner, answering (by link or from their own case page), the confidence
question for case managers, and the results for the organisation. Thin: reads through selectors, writes through
services."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from faircase.access.guard import case_view, own_case_view
from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.forms import apply_errors
from faircase.framework import selectors as framework_selectors
from faircase.practitioners import services_surveys as services
from faircase.practitioners import surveys
from faircase.practitioners.forms_surveys import ConfidenceForm, ExperienceForm, InviteForm, PeriodForm
from faircase.practitioners.models import SurveyInvitation


@require_POST
@case_view("survey.invite")
def invite(request: HttpRequest, case: Any) -> HttpResponse:
    form = InviteForm(request.POST)
    if not form.is_valid():
        raise Http404("Not available")
    try:
        invitation, token, email = services.invite_to_survey(
            case=case, point=form.cleaned_data["point"], by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:detail", case_id=case.pk)
    if email:
        messages.success(request, _("Survey invitation emailed to %(email)s.") % {"email": email})
        return redirect("cases:detail", case_id=case.pk)
    # No email address: show the link this once, for the case manager to pass on. It is not stored.
    return render(
        request,
        "practitioners/surveys/link.jinja",
        {
            "page_title": _("Pass the survey link on"),
            "case": case,
            "invitation": invitation,
            "link": services.survey_link(token),
        },
    )


def _answer_page(
    request: HttpRequest, *, invitation: SurveyInvitation | None, by: Any, organisation: Any, back: str = ""
) -> HttpResponse:
    if invitation is None or invitation.used_at is not None:
        return render(
            request,
            "practitioners/surveys/done.jinja",
            {
                "page_title": _("Thank you"),
                "already": invitation is not None,
                "back": back,
            },
        )
    form = ExperienceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_experience(
                invitation=invitation, answers=form.answers(), comments=form.cleaned_data["comments"], by=by
            )
        except services.SurveyUnavailable:
            return render(
                request,
                "practitioners/surveys/done.jinja",
                {
                    "page_title": _("Thank you"),
                    "already": True,
                    "back": back,
                },
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return render(
                request,
                "practitioners/surveys/done.jinja",
                {
                    "page_title": _("Thank you"),
                    "already": False,
                    "answered": True,
                    "back": back,
                },
            )
    return render(
        request,
        "practitioners/surveys/answer.jinja",
        {
            "page_title": _("How was your experience?"),
            "form": form,
            "organisation": organisation,
            "point": invitation.get_point_display(),
            "minimum": surveys.MINIMUM_GROUP,
            "back": back,
        },
    )


@login_not_required
def answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_invitation(token)
    except services.SurveyUnavailable as unavailable:
        if unavailable.reason == "used":
            return render(
                request, "practitioners/surveys/done.jinja", {"page_title": _("Thank you"), "already": True}
            )
        raise Http404("Not available") from unavailable
    return _answer_page(
        request,
        invitation=invitation,
        by=services.SURVEY_LINK_ACTOR,
        organisation=invitation.case.organisation,
    )


@require_http_methods(["GET", "POST"])
@own_case_view("own.survey")
def answer_own(request: HttpRequest, case: Any, point: str) -> HttpResponse:
    invitation = case.survey_invitations.filter(point=point).first()
    if invitation is None:
        raise Http404("Not available")
    return _answer_page(
        request,
        invitation=invitation,
        by=services.SURVEY_LINK_ACTOR,
        organisation=case.organisation,
        back=reverse("practitioners:portal_case", kwargs={"case_id": case.pk}),
    )


@require_http_methods(["GET", "POST"])
@case_view("survey.decision_confidence")
def confidence(request: HttpRequest, case: Any, review_id: int) -> HttpResponse:
    review = framework_selectors.reviews_for_case(case).filter(pk=review_id, status="completed").first()
    if review is None:
        raise Http404("Not available")
    if services.has_answered_confidence(review=review, user=request.user):
        messages.info(request, _("You have already answered for this decision."))
        return redirect("cases:detail", case_id=case.pk)
    form = ConfidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_confidence(
                review=review,
                confidence=form.cleaned_data["confidence"],
                comments=form.cleaned_data["comments"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Thank you. Your answer was saved without your name or the case."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "practitioners/surveys/confidence.jinja",
        {
            "page_title": surveys.confidence_question().shown_text,
            "form": form,
            "case": case,
            "review": review,
        },
    )


def results_index(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(surveys.results_organisations(request.user)),
        to="practitioners:survey_results",
        template="practitioners/surveys/results_index.jinja",
        page_title=_("Survey results"),
    )


def results(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = surveys.results_organisation(request.user, org_slug)
    form = PeriodForm(request.GET or None, today=timezone.localdate())
    year = form.chosen_year()
    return render(
        request,
        "practitioners/surveys/results.jinja",
        {
            "page_title": _("Survey results: %(organisation)s") % {"organisation": organisation.name},
            "organisation": organisation,
            "form": form,
            "year": year,
            "experience": surveys.experience_results(organisation, year=year),
            "confidence": surveys.confidence_results(organisation, year=year),
            "minimum": surveys.MINIMUM_GROUP,
            "suppressed": _("Fewer than %(num)d responses: not shown, to protect anonymity")
            % {"num": surveys.MINIMUM_GROUP},
        },
    )
