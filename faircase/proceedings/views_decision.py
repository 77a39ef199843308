"""Pages of the decision on the report, the hearing and the appeal (ADR 20). Thin, like the investigation's: the
case comes through the access kernel (`@case_view`, 404 otherwise), reads go through the selectors and
presenters, writes through the services."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.consistency.presenters import report_decision_check
from faircase.consistency.selectors import lexicon_for
from faircase.core.forms import apply_errors
from faircase.proceedings import presenters, selectors
from faircase.proceedings import presenters_decision as shown
from faircase.proceedings import services_decision as services
from faircase.proceedings.forms import (
    AppealForm,
    AppealOutcomeForm,
    DecisionForm,
    HearingForm,
    HearingOutcomeForm,
)
from faircase.proceedings.options import option_for, option_name


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _to_page(case: Any) -> HttpResponse:
    return redirect("proceedings:decision", case_id=case.pk)


def _not_yet(request: HttpRequest, case: Any, message: str) -> HttpResponse:
    messages.info(request, message)
    return _to_page(case)


def _form_page(
    request: HttpRequest, case: Any, form: Any, title: str, button: str, **extra: Any
) -> HttpResponse:
    return render(request, "proceedings/decision_form.jinja", {
        "page_title": title, "case": case, "form": form, "button_text": button,
        "language_lexicon": lexicon_for(case.organisation), **extra,
    })  # fmt: skip


@require_GET
@case_view("decision.read")
def decision(request: HttpRequest, case: Any) -> HttpResponse:
    return render(request, "proceedings/decision.jinja", {
        "page_title": _("Decision, hearing and appeal: case %(reference)s") % {"reference": case.reference}, "case": case,
        "proceedings": shown.decision_context(case, request.user, timezone.localdate()),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("decision.record")
def decide(request: HttpRequest, case: Any) -> HttpResponse:
    investigation = selectors.investigation_of(case)
    if investigation is None or investigation.report_received_on is None:
        return _not_yet(request, case, _("Record the investigation report's receipt first."))
    if selectors.decision_of(case) is not None:
        return _not_yet(request, case, _("The decision on the report has already been recorded."))
    form = DecisionForm(
        _posted(request), options=shown.option_choices(case), reviews=shown.review_choices(case)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_decision(
                case=case, option=data["option"], decided_on=data["decided_on"], reasons=data["reasons"],
                review_id=data["review"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The decision on the report was recorded."))
            return _to_page(case)
    chosen = option_for(case.policy, request.POST.get("option", ""))
    consistency = report_decision_check(
        case,
        request.user,
        hearing=bool(chosen and chosen.hearing),
        referral=bool(chosen and chosen.key == "regulator"),
    )
    timescale = presenters.investigation_context(case, request.user, timezone.localdate())
    return _form_page(
        request, case, form, _("The decision on the investigation report"), _("Record the decision"),
        consistency=consistency, checked=("reasons",), review_url=reverse("reviews:new", kwargs={"case_id": case.pk}),
        no_reviews=not form.fields["review"].choices,
        timescale=timescale["decision_timescale"], timescale_what=_("the case manager's decision on the report"),
        timescale_after=_("the report's receipt"),
    )  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("hearing.change")
def hearing(request: HttpRequest, case: Any) -> HttpResponse:
    decided = selectors.decision_of(case)
    if decided is None or not decided.hearing_kind:
        return _not_yet(request, case, _("The decision on the report does not lead to a hearing."))
    if selectors.hearing_of(case) is not None:
        return _not_yet(request, case, _("The hearing has already been set up."))
    form = HearingForm(_posted(request), people=presenters.people_choices(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.arrange_hearing(
                case=case, held_on=data["held_on"], panel_ids=data["panel"],
                notice_given_on=data["notice_given_on"], companion=data["companion"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The hearing was set up."))
            return _to_page(case)
    return _form_page(request, case, form, _("Set up the %(hearing)s") % {"hearing": shown.kind_label(decided.hearing_kind).lower()},
                      _("Set up the hearing"), intro=_("The decision: %(option)s.") % {"option": option_name(case.policy, decided.option, decided.option_label)})  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("hearing.change")
def hearing_outcome(request: HttpRequest, case: Any) -> HttpResponse:
    found = selectors.hearing_of(case)
    if found is None or found.outcome_on is not None:
        return _not_yet(request, case, _("There is no hearing waiting for its outcome."))
    form = HearingOutcomeForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_hearing_outcome(
                hearing=found, outcome=data["outcome"], reasons=data["outcome_reasons"],
                outcome_on=data["outcome_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The hearing's outcome was recorded."))
            return _to_page(case)
    # An outcome is a significant decision: the consistency lens beside the language check, as on the decision.
    return _form_page(request, case, form, _("The hearing's outcome"), _("Record the outcome"),
                      checked=("outcome_reasons",), consistency=report_decision_check(case, request.user))  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("appeal.change")
def appeal(request: HttpRequest, case: Any) -> HttpResponse:
    found = selectors.hearing_of(case)
    if found is None or found.outcome_on is None:
        return _not_yet(request, case, _("Record the hearing's outcome first."))
    if selectors.appeal_of(case) is not None:
        return _not_yet(request, case, _("The appeal has already been recorded."))
    heard_outside = shown.appeal_heard_outside(case)
    form = AppealForm(_posted(request), people=presenters.people_choices(case), heard_outside=heard_outside)
    if request.method == "POST" and form.is_valid():
        try:
            services.lodge_appeal(
                hearing=found, received_on=form.cleaned_data["received_on"],
                panel_ids=form.chosen_panel, by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The appeal was recorded."))
            return _to_page(case)
    window = shown.appeal_window_text(case, found)
    intro = _("Time to appeal: %(window)s") % {"window": window["text"]}
    if heard_outside:
        intro += " " + _(
            "Under this policy the appeal is heard by %(body)s, not by a panel of the organisation."
        ) % {"body": heard_outside}
    return _form_page(request, case, form, _("Record an appeal"), _("Record the appeal"), intro=intro)


@require_http_methods(["GET", "POST"])
@case_view("appeal.change")
def appeal_outcome(request: HttpRequest, case: Any) -> HttpResponse:
    found = selectors.appeal_of(case)
    if found is None or found.decided_on is not None:
        return _not_yet(request, case, _("There is no appeal waiting for its outcome."))
    form = AppealOutcomeForm(_posted(request), outcomes=shown.appeal_outcome_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_appeal_outcome(
                appeal=found, outcome=data["outcome"], reasons=data["outcome_reasons"],
                decided_on=data["decided_on"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The appeal's outcome was recorded."))
            return _to_page(case)
    return _form_page(request, case, form, _("The appeal's outcome"), _("Record the outcome"),
                      checked=("outcome_reasons",), consistency=report_decision_check(case, request.user))  # fmt: skip
