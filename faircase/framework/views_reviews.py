"""Framework reviews of a case. The case is always fetched through the scoped selector first."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.access.guard import allows, case_view
from faircase.core.forms import apply_errors
from faircase.framework import presenters, selectors, services
from faircase.framework.evidence_links import links_for_case
from faircase.framework.forms_reviews import (
    CarryFollowUpForm,
    CloseFollowUpForm,
    CompleteReviewForm,
    PrincipleAnswersForm,
    ReassignFollowUpForm,
    StartReviewForm,
)
from faircase.framework.principles import Principle
from faircase.framework.principles import name as principle_name
from faircase.policy.workflow import workflow_for
from faircase.second_look.presenters import review_second_looks_context


def _review(case: Any, review_id: int) -> Any:
    review = selectors.reviews_for_case(case).filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review")
    return review


def _suggested_point(case: Any) -> str:
    if not selectors.has_completed_commencement(case):
        return "commencement"
    moves = workflow_for(case).moves_from(case.stage)
    return moves[0].review_point if moves else "ad_hoc"


@require_http_methods(["GET", "POST"])
@case_view("review.start")
def new_review(request: HttpRequest, case: Any) -> HttpResponse:
    draft = selectors.reviews_for_case(case).filter(status="in_progress").first()
    if draft:
        messages.info(request, _("Finish the review in progress first."))
        return redirect("reviews:detail", case_id=case.pk, review_id=draft.pk)
    form = StartReviewForm(request.POST or None, initial={"review_point": _suggested_point(case)})
    if request.method == "POST" and form.is_valid():
        review = services.start_review(
            case=case, review_point=form.cleaned_data["review_point"], by=request.user
        )
        return redirect("reviews:detail", case_id=case.pk, review_id=review.pk)
    return render(
        request, "reviews/new.jinja", {"page_title": _("Take a framework review"), "form": form, "case": case}
    )


def _detail_page(
    request: HttpRequest, case: Any, review: Any, *, form: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "reviews/detail.jinja",
        {
            "page_title": _("%(review_point)s review") % {"review_point": review.get_review_point_display()},
            "case": case,
            "review": review,
            "can_change": allows(request.user, case, "review.answer"),
            "sections": presenters.review_sections(review),
            "form": form,
            "second_looks_here": review_second_looks_context(review),
        },
        status=status,
    )


@require_GET
@case_view("review.read")
def review_detail(request: HttpRequest, case: Any, review_id: int) -> HttpResponse:
    return _detail_page(request, case, _review(case, review_id))


@require_http_methods(["GET", "POST"])
@case_view("review.answer")
def answer_principle(request: HttpRequest, case: Any, review_id: int, principle: str) -> HttpResponse:
    review = _review(case, review_id)
    if principle not in Principle.values:
        raise Http404("No such Principle")
    if review.is_locked:
        messages.info(request, _("This review is completed and locked. Start a correction to change it."))
        return redirect("reviews:detail", case_id=case.pk, review_id=review.pk)
    considerations = [c for c in selectors.considerations_for(review) if c.principle == principle]
    open_follow_ups = presenters.open_follow_ups_by_code(case)
    form = PrincipleAnswersForm(
        request.POST or None,
        considerations=considerations,
        people=selectors.owner_choices(case),
        open_follow_ups=open_follow_ups,
        initial=presenters.initial_answers(review, considerations, open_follow_ups=open_follow_ups),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(review=review, answers=form.answers(), by=request.user)
        except ValidationError as error:
            form.apply_service_errors(error)
        else:
            messages.success(
                request,
                _("Answers for %(principle)s saved: confirmed or changed.")
                % {"principle": principle_name(principle).lower()},
            )
            return redirect("reviews:detail", case_id=case.pk, review_id=review.pk)
    return render(
        request,
        "reviews/principle.jinja",
        {
            "page_title": principle_name(principle),
            "case": case,
            "review": review,
            "form": form,
            "principle": Principle(principle),
            "principle_name": principle_name(principle),
            "number": list(Principle.values).index(principle) + 1,
            "since": presenters.since_notes(review, considerations),
            "evidence_links": links_for_case(case.pk),
        },
    )


@require_POST
@case_view("review.complete")
def complete(request: HttpRequest, case: Any, review_id: int) -> HttpResponse:
    review = _review(case, review_id)
    try:
        services.complete_review(review=review, by=request.user)
    except services.IncompleteReviewError as error:
        # An error summary, as every form shows one: each consideration to answer links to its answer.
        form = CompleteReviewForm.refused(presenters.unanswered_items(review, error.missing))
        return _detail_page(request, case, review, form=form, status=400)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:detail", case_id=case.pk, review_id=review.pk)
    messages.success(
        request,
        _("%(review_point)s review completed and locked.")
        % {"review_point": review.get_review_point_display()},
    )
    return redirect("cases:detail", case_id=case.pk)


@require_POST
@case_view("review.correct")
def correct(request: HttpRequest, case: Any, review_id: int) -> HttpResponse:
    review = _review(case, review_id)
    try:
        correction = services.start_review(
            case=case, review_point=review.review_point, corrects=review, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:detail", case_id=case.pk, review_id=review.pk)
    return redirect("reviews:detail", case_id=case.pk, review_id=correction.pk)


def _follow_up(case: Any, follow_up_id: int, *, open_only: bool = True) -> Any:
    follow_ups = selectors.follow_ups_for_case(case).filter(pk=follow_up_id)
    if open_only:
        follow_ups = follow_ups.filter(status="open")
    follow_up = follow_ups.first()
    if follow_up is None:
        raise Http404("No such follow-up")
    return follow_up


@require_GET
@case_view("follow_up.read")
def follow_up_detail(request: HttpRequest, case: Any, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up(case, follow_up_id, open_only=False)
    page = presenters.follow_up_page(follow_up, today=timezone.localdate())
    return render(
        request,
        "reviews/follow_up.jinja",
        {
            "page_title": _("Follow-up for %(code)s") % {"code": follow_up.code},
            "case": case,
            "follow_up": page,
            "can_change": follow_up.is_open and allows(request.user, case, "follow_up.close"),
        },
    )


def _follow_up_form_page(
    request: HttpRequest, case: Any, follow_up: Any, form: Any, template: str, title: str
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "page_title": title,
            "form": form,
            "case": case,
            "follow_up": presenters.follow_up_page(follow_up, today=timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("follow_up.close")
def close_follow_up(request: HttpRequest, case: Any, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up(case, follow_up_id)
    form = CloseFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_follow_up(
                follow_up=follow_up, outcome=form.cleaned_data["outcome"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Follow-up for %(code)s closed.") % {"code": follow_up.code})
            return redirect("cases:detail", case_id=case.pk)
    return _follow_up_form_page(
        request, case, follow_up, form, "reviews/close_follow_up.jinja", _("Close a follow-up")
    )


@require_http_methods(["GET", "POST"])
@case_view("follow_up.carry")
def carry_follow_up(request: HttpRequest, case: Any, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up(case, follow_up_id)
    form = CarryFollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.carry_follow_up(follow_up=follow_up, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Follow-up for %(code)s carried beyond the case.") % {"code": follow_up.code}
            )
            return redirect("cases:detail", case_id=case.pk)
    return _follow_up_form_page(
        request,
        case,
        follow_up,
        form,
        "reviews/carry_follow_up.jinja",
        _("Carry a follow-up beyond the case"),
    )


@require_http_methods(["GET", "POST"])
@case_view("follow_up.reassign")
def reassign_follow_up(request: HttpRequest, case: Any, follow_up_id: int) -> HttpResponse:
    follow_up = _follow_up(case, follow_up_id)
    form = ReassignFollowUpForm(
        request.POST or None, people=selectors.owner_choices(case), initial={"owner": str(follow_up.owner_id)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_follow_up(follow_up=follow_up, owner=form.chosen(), by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Follow-up for %(code)s now owned by %(name)s.")
                % {"code": follow_up.code, "name": form.chosen().display_name},
            )
            return redirect("reviews:follow_up", case_id=case.pk, follow_up_id=follow_up.pk)
    return _follow_up_form_page(
        request, case, follow_up, form, "reviews/reassign_follow_up.jinja", _("Change who owns a follow-up")
    )
