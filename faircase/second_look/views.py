"""Pages of the blind second look. Thin: the case team's pages fetch the case through the scoped selectors and
need `cases.change_case` (404 otherwise); the reviewer's pages fetch only requests asked of them (404 for
everyone else) and never show the case, its reference or a link to it."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view
from faircase.core.forms import apply_errors
from faircase.framework.principles import Principle
from faircase.framework.principles import name as principle_name
from faircase.second_look import presenters, selectors, services
from faircase.second_look.choices import Decision, Status
from faircase.second_look.forms import (
    AnswerForm,
    DecisionForm,
    DraftForm,
    RecordForm,
    SummaryForm,
    WithdrawForm,
)


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (so a form posted with nothing chosen shows its errors)."""
    return request.POST if request.method == "POST" else None


# ---- the case team -----------------------------------------------------------------------------------------------


def _back_to_case(case: Any) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"case_id": case.pk}) + "#second-look")


@require_GET
@case_view("second_look.read")
def case_page(request: HttpRequest, case: Any) -> HttpResponse:
    """The blind second looks of one case, for anyone who may see the case (the evidence link of EP5)."""
    return render(request, "second_look/case.jinja", {
        "page_title": _("Blind second looks on case %(reference)s") % {"reference": case.reference}, "case": case,
        "second_looks": presenters.case_second_looks_context(case, request.user, timezone.localdate()),
        "own_page": True,
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("second_look.ask")
def new(request: HttpRequest, case: Any) -> HttpResponse:
    form = DecisionForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        return redirect("second_look:new_for", case_id=case.pk, decision=form.cleaned_data["decision"])
    return render(request, "second_look/decision.jinja", {
        "page_title": _("Ask for a blind second look"), "case": case, "form": form,
        "principle": principle_name(Principle.EQUITY),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("second_look.ask")
def new_for(request: HttpRequest, case: Any, decision: str) -> HttpResponse:
    if decision not in Decision.values:
        raise Http404("No such decision")
    include_all = request.GET.get("everyone") == "1"
    people = selectors.eligible_reviewers(case, requester=request.user, include_case_access=include_all)
    choices = [(str(p.pk), p.display_name + ("" if p.email else " (no email address)")) for p in people]
    form = DraftForm(_posted(request), decision=decision, reviewers=choices)
    if request.method == "POST" and form.is_valid():
        reviewer = next((p for p in people if str(p.pk) == form.cleaned_data["reviewer"]), None)
        try:
            second_look = services.draft_second_look(
                case=case, decision=decision, proposed_route=form.cleaned_data["proposed_route"],
                reviewer=reviewer, by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("second_look:draft", case_id=case.pk, second_look_id=second_look.pk)
    return render(request, "second_look/new.jinja", {
        "page_title": _("Blind second look: %(decision)s") % {"decision": str(Decision(decision).label).lower()},
        "case": case, "form": form, "decision": Decision(decision).label, "include_all": include_all,
        "has_people": bool(people),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("second_look.ask")
def draft(request: HttpRequest, case: Any, second_look_id: Any) -> HttpResponse:
    second_look = selectors.second_look_in(case, second_look_id)
    if second_look.status != Status.DRAFT:
        return _back_to_case(case)
    preview = services.redactor(case, requester=second_look.requested_by).redact(second_look.summary)
    form = SummaryForm(
        _posted(request), initial={"summary": second_look.summary}, warnings=bool(preview.warnings)
    )
    if request.method == "POST" and form.is_valid():
        posted = form.cleaned_data["summary"].replace("\r\n", "\n").strip()
        try:
            redaction = services.edit_summary(second_look=second_look, text=posted, by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if request.POST.get("action") != "send":
                messages.success(request, _("Summary checked again. Read it once more before you send it."))
                return redirect("second_look:draft", case_id=case.pk, second_look_id=second_look.pk)
            second_look.refresh_from_db()
            preview = redaction
            form = SummaryForm(
                {"summary": redaction.text, "checked": form.cleaned_data.get("checked")},
                warnings=bool(redaction.warnings),
            )
            form.is_valid()
            if redaction.text != posted:
                form.add_error(
                    "summary", _("faircase removed more from your edit: read the summary again, then send it")
                )
            elif redaction.warnings and not form.cleaned_data.get("checked"):
                form.add_error("checked", _("Check the words faircase warned about, then tick the box"))
            else:
                try:
                    services.send_second_look(second_look=second_look, by=request.user)
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(
                        request,
                        _("Sent to %(name)s for a blind second look.")
                        % {"name": second_look.reviewer.display_name},
                    )
                    return _back_to_case(case)
    return render(request, "second_look/draft.jinja", {
        "page_title": _("Check the anonymised summary"), "case": case, "second_look": second_look,
        "line": presenters.line(second_look, case=case, can_change=True), "preview": preview, "form": form,
        "counts": presenters.removal_counts(preview),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("second_look.withdraw")
def withdraw(request: HttpRequest, case: Any, second_look_id: Any) -> HttpResponse:
    second_look = selectors.second_look_in(case, second_look_id)
    if second_look.status not in (Status.DRAFT, Status.SENT):
        raise Http404("Not available")
    form = WithdrawForm(_posted(request), required=second_look.status == Status.SENT)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_second_look(
                second_look=second_look, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The request for a blind second look was withdrawn."))
            return _back_to_case(case)
    return render(request, "second_look/form.jinja", {
        "page_title": _("Withdraw the request for a blind second look"), "case": case, "form": form,
        "button_text": _("Withdraw the request"), "line": presenters.line(second_look, case=case, can_change=False),
    })  # fmt: skip


@require_http_methods(["GET", "POST"])
@case_view("second_look.record")
def record(request: HttpRequest, case: Any, second_look_id: Any) -> HttpResponse:
    second_look = selectors.second_look_in(case, second_look_id)
    if second_look.status != Status.ANSWERED:
        raise Http404("Not available")
    form = RecordForm(
        _posted(request),
        decision=second_look.decision,
        initial={"route_after": second_look.proposed_route},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_taken_into_account(second_look=second_look, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recorded against the framework."))
            return _back_to_case(case)
    return render(request, "second_look/form.jinja", {
        "page_title": _("Record how the second look was taken into account"), "case": case, "form": form,
        "button_text": _("Record it"), "line": presenters.line(second_look, case=case, can_change=False),
        "show_answer": True, "review": selectors.current_review(case),
        "links": services.framework_links(),
    })  # fmt: skip


# ---- the reviewer ------------------------------------------------------------------------------------------------


@never_cache
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    rows = [presenters.reviewer_row(s) for s in selectors.requests_for_reviewer(request.user)]
    return render(request, "second_look/mine.jinja", {
        "page_title": _("Blind second looks asked of you"),
        "waiting": [r for r in rows if not r["answered"]],
        "answered": [r for r in rows if r["answered"]],
    })  # fmt: skip


@never_cache
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, second_look_id: Any) -> HttpResponse:
    second_look = selectors.request_for_reviewer(request.user, second_look_id)
    form = None
    if second_look.status == Status.SENT:
        form = AnswerForm(_posted(request), decision=second_look.decision)
        if request.method == "POST" and form.is_valid():
            try:
                services.answer_second_look(second_look=second_look, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Thank you. Your answer has been sent to the person who asked."))
                return redirect("second_look:review", second_look_id=second_look.pk)
    elif request.method == "POST":
        raise Http404("Already answered")
    if request.method == "GET":
        services.record_reviewer_view(second_look=second_look, by=request.user)
    return render(request, "second_look/review.jinja", {
        "page_title": _("Blind second look: %(decision)s")
        % {"decision": str(second_look.get_decision_display()).lower()},
        "request_page": presenters.reviewer_page(second_look), "form": form,
    })  # fmt: skip
