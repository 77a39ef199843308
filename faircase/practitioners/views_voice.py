"""Pages for the practitioner's voice (their own pages under my/) and for the case team's answers and the
welfare record (under cases/). Thin: cases come through the scoped selectors (404 otherwise), writes go
through services."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from faircase.access.guard import case_view, own_case_view
from faircase.accounts import kept_drafts
from faircase.accounts.selectors import people_in
from faircase.core import languages
from faircase.core.forms import apply_errors
from faircase.practitioners import forms_voice as forms
from faircase.practitioners import presenters_voice as presenters
from faircase.practitioners import services_voice as services
from faircase.practitioners.models import Submission

# The practitioner's own pages ---------------------------------------------------------------------------------

PAGE_TITLES = {
    Submission.Kind.ACCOUNT: gettext_lazy("Give your account"),
    Submission.Kind.FACTUAL_ACCURACY: gettext_lazy("Comment on the investigation report"),
    Submission.Kind.ADJUSTMENTS: gettext_lazy("Ask for reasonable adjustments"),
    Submission.Kind.COMPANION: gettext_lazy("Tell us who will go with you"),
}

INTROS = {
    Submission.Kind.ACCOUNT: gettext_lazy(
        "You have the right to give your account before decisions are made about you. "
        "The case team will read it and tell you how they took it into account."
    ),
    Submission.Kind.FACTUAL_ACCURACY: gettext_lazy(
        "You have the right to comment on the factual accuracy of the investigation report before it is finalised."
    ),
    Submission.Kind.ADJUSTMENTS: gettext_lazy(
        "If you have a disability or health condition, or anything else makes it "
        "harder for you to take part, you can ask for changes to help you."
    ),
    Submission.Kind.COMPANION: gettext_lazy(
        "You can bring someone with you to meetings: a colleague, or a representative "
        "of a professional association (such as the BMA or BDA) or of a defence organisation."
    ),
}


@never_cache
@require_GET
@own_case_view("own.read")
def my_voice(request: HttpRequest, case: Any) -> HttpResponse:
    return render(
        request,
        "practitioners/voice/mine_list.jinja",
        {
            "page_title": _("What you have told us"),
            "case": case,
            "voice": presenters.portal_voice_context(case, request.user),
        },
    )


def _draft_key(case: Any, what: str) -> str:
    # What the practitioner has written and not yet sent waits in their session for "check your answers".
    return f"voice-draft:{case.pk}:{what}"


def _open_kind(case: Any, kind: str) -> None:
    if kind not in Submission.Kind.values or case.is_closed:
        raise Http404("Not available")


@never_cache
@require_http_methods(["GET", "POST"])
@own_case_view("own.submit")
def my_new(request: HttpRequest, case: Any, kind: str) -> HttpResponse:
    """The form. Its answers go to check your answers; nothing is sent from here."""
    _open_kind(case, kind)
    key = _draft_key(case, kind)
    initial = kept_drafts.take(request) or request.session.get(key) or {}
    form = forms.SubmissionForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[key] = {k: str(v) for k, v in form.cleaned_data.items()}
        return redirect("practitioners:voice_check", case_id=case.pk, kind=kind)
    return render(
        request,
        "practitioners/voice/mine_form.jinja",
        {
            "page_title": str(PAGE_TITLES[kind]),
            "intro": INTROS[kind],
            "case": case,
            "form": form,
            "draft_restored": bool(initial) and request.method == "GET",
            "back_url": reverse("practitioners:voice_my_list", kwargs={"case_id": case.pk}),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@own_case_view("own.submit")
def my_check(request: HttpRequest, case: Any, kind: str) -> HttpResponse:
    """Check your answers: what will be sent, with a way to change each answer, then Send."""
    _open_kind(case, kind)
    key = _draft_key(case, kind)
    form_url = reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": kind})
    data = request.session.get(key)
    if not data:
        return redirect(form_url)
    if request.method == "POST":
        try:
            submission = services.submit(case=case, kind=kind, by=request.user, **data)
        except ValidationError:
            return redirect(form_url)
        request.session.pop(key, None)
        return redirect("practitioners:voice_mine", case_id=case.pk, submission_id=submission.pk)
    return render(
        request,
        "practitioners/voice/mine_check.jinja",
        {
            "page_title": str(presenters.CHECK_TITLES[kind]),
            "case": case,
            "rows": presenters.check_rows(forms.SubmissionForm(kind=kind), data, form_url),
            "draft": data,
            "back_url": form_url,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@own_case_view("own.submit")
def my_correct(request: HttpRequest, case: Any, submission_id: int) -> HttpResponse:
    """A correction to something already sent: never an edit of it."""
    if case.is_closed:
        raise Http404("Not available")
    original = presenters.submission_in(case, submission_id)
    key = _draft_key(case, f"correct:{original.pk}")
    initial = kept_drafts.take(request) or request.session.get(key) or {}
    form = forms.CorrectionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[key] = {"text": form.cleaned_data["text"]}
        return redirect("practitioners:voice_correct_check", case_id=case.pk, submission_id=original.pk)
    return render(
        request,
        "practitioners/voice/mine_form.jinja",
        {
            "page_title": _("Add a correction"),
            "intro": "",
            "original": presenters.portal_line(case, original),
            "case": case,
            "form": form,
            "draft_restored": bool(initial) and request.method == "GET",
            "back_url": reverse(
                "practitioners:voice_mine", kwargs={"case_id": case.pk, "submission_id": original.pk}
            ),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
@own_case_view("own.submit")
def my_correct_check(request: HttpRequest, case: Any, submission_id: int) -> HttpResponse:
    if case.is_closed:
        raise Http404("Not available")
    original = presenters.submission_in(case, submission_id)
    key = _draft_key(case, f"correct:{original.pk}")
    form_url = reverse(
        "practitioners:voice_correct", kwargs={"case_id": case.pk, "submission_id": original.pk}
    )
    data = request.session.get(key)
    if not data:
        return redirect(form_url)
    if request.method == "POST":
        try:
            correction = services.submit_correction(original=original, text=data["text"], by=request.user)
        except ValidationError:
            return redirect(form_url)
        request.session.pop(key, None)
        return redirect("practitioners:voice_mine", case_id=case.pk, submission_id=correction.pk)
    return render(
        request,
        "practitioners/voice/mine_check.jinja",
        {
            "page_title": _("Check your correction before you send it"),
            "case": case,
            "original": presenters.portal_line(case, original),
            "rows": presenters.check_rows(forms.CorrectionForm(), data, form_url),
            "draft": data,
            "back_url": form_url,
        },
    )


@never_cache
@require_GET
@own_case_view("own.read")
def my_submission(request: HttpRequest, case: Any, submission_id: int) -> HttpResponse:
    submission = presenters.submission_in(case, submission_id)
    line = presenters.portal_line(case, submission)
    return render(
        request,
        "practitioners/voice/mine_detail.jinja",
        {
            "page_title": submission.get_kind_display(),
            "case": case,
            "line": line,
            "received": presenters.acknowledgement(submission),
            "back_url": reverse("practitioners:voice_my_list", kwargs={"case_id": case.pk}),
        },
    )


# The case team's pages ----------------------------------------------------------------------------------------


def _back(case: Any, anchor: str) -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"case_id": case.pk}) + f"#{anchor}")


def _submission_in(case: Any, submission_id: int) -> Submission:
    return presenters.submission_in(case, submission_id)


def _form_page(
    request: HttpRequest, case: Any, form: Any, title: str, button: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "practitioners/voice/staff_form.jinja",
        {"page_title": title, "case": case, "form": form, "button_text": button, **extra},
    )


@require_POST
@case_view("submission.acknowledge")
def acknowledge(request: HttpRequest, case: Any, submission_id: int) -> HttpResponse:
    submission = _submission_in(case, submission_id)
    try:
        services.acknowledge(submission=submission, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Acknowledged. The practitioner can see this."))
    return _back(case, "voice")


@require_http_methods(["GET", "POST"])
@case_view("submission.respond")
def respond(request: HttpRequest, case: Any, submission_id: int) -> HttpResponse:
    submission = _submission_in(case, submission_id)
    kept = kept_drafts.take(request)
    form = forms.RespondForm(request.POST or None, initial=kept or {"text": submission.taken_into_account})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_taken_into_account(submission=submission, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recorded. The practitioner can see how it was taken into account."))
            return _back(case, "voice")
    return _form_page(
        request,
        case,
        form,
        _("Record how it was taken into account"),
        _("Save"),
        quote={"kind": submission.get_kind_display(), "text": presenters._body(submission)},
        draft_restored=bool(kept),
        keeps_draft=True,
    )


def _person(people: list[Any], value: str) -> Any:
    return next((p for p in people if str(p.pk) == value), None)


@require_http_methods(["GET", "POST"])
@case_view("welfare.plan")
def welfare_plan(request: HttpRequest, case: Any) -> HttpResponse:
    people = languages.in_reading_order(people_in(case.organisation), lambda p: p.display_name)
    plan = presenters.welfare_plan_for(case)
    initial = (
        {
            "named_contact": str(plan.named_contact_id),
            "contact_every_days": plan.contact_every_days,
            "agreed_on": plan.agreed_on,
            "notes": plan.notes,
        }
        if plan
        else {"contact_every_days": 14}
    )
    form = forms.WelfarePlanForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_welfare_plan(
                case=case,
                named_contact=_person(people, data["named_contact"]),
                contact_every_days=data["contact_every_days"],
                agreed_on=data["agreed_on"],
                notes=data["notes"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Welfare plan saved."))
            return _back(case, "welfare")
    return _form_page(request, case, form, _("Named contact and contact frequency"), _("Save the plan"))


@require_http_methods(["GET", "POST"])
@case_view("welfare.contact")
def welfare_contact_new(request: HttpRequest, case: Any) -> HttpResponse:
    people = languages.in_reading_order(people_in(case.organisation), lambda p: p.display_name)
    form = forms.WelfareContactForm(
        request.POST or None, people=people, initial={"contact_by": str(request.user.pk)}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_welfare_contact(
                case=case,
                contacted_on=data["contacted_on"],
                contact_by=_person(people, data["contact_by"]),
                method=data["method"],
                raised=data["raised"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Welfare contact recorded."))
            return _back(case, "welfare")
    return _form_page(request, case, form, _("Record a welfare contact"), _("Record the contact"))


@require_http_methods(["GET", "POST"])
@case_view("welfare.occupational_health")
def welfare_oh_new(request: HttpRequest, case: Any) -> HttpResponse:
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.refer_to_occupational_health(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Occupational health referral recorded."))
            return _back(case, "welfare")
    return _form_page(
        request, case, form, _("Record an occupational health referral"), _("Record the referral")
    )


@require_http_methods(["GET", "POST"])
@case_view("welfare.occupational_health")
def welfare_oh_outcome(request: HttpRequest, case: Any, referral_id: int) -> HttpResponse:
    referral = presenters.referral_in(case, referral_id)
    form = forms.ReferralOutcomeForm(
        request.POST or None, initial={"outcome": referral.outcome, "outcome_on": referral.outcome_on}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_oh_outcome(referral=referral, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Outcome recorded."))
            return _back(case, "welfare")
    return _form_page(request, case, form, _("Record the outcome of the referral"), _("Record the outcome"))


@require_http_methods(["GET", "POST"])
@case_view("welfare.distress")
def welfare_distress_new(request: HttpRequest, case: Any) -> HttpResponse:
    form = forms.DistressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_distress(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Recorded."))
            return _back(case, "welfare")
    return _form_page(
        request,
        case,
        form,
        _("Record serious distress and the action taken"),
        _("Record it"),
        crisis_advice=presenters.CRISIS_ADVICE,
    )
