"""Pages for restrictions, exclusions and suspensions, decisions not to exclude, Advice contacts, regulator
referrals and the monthly exclusions return. Thin: the case comes through the scoped selector (404 for
anyone who may not see it, and for change pages anyone who may not change it), writes go through services."""

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

from faircase.access.guard import allows, case_view
from faircase.accounts.selectors import people_in
from faircase.cases.selectors import exclusions_for
from faircase.consistency.presenters import referral_check, restriction_check
from faircase.core import languages
from faircase.core.formatting import nhs_date, with_article
from faircase.core.forms import apply_errors
from faircase.core.languages import active
from faircase.policy.kinds import RestrictionKind
from faircase.policy.packs import pack_for_case
from faircase.process import clock, returns, selectors, services
from faircase.process import forms_restrictions as forms
from faircase.process import presenters_restrictions as presenters


def _back_to_case(case: Any, anchor: str = "restrictions") -> HttpResponse:
    return redirect(reverse("cases:detail", kwargs={"case_id": case.pk}) + f"#{anchor}")


@require_GET
@case_view("restriction.record")
def choose_kind(request: HttpRequest, case: Any) -> HttpResponse:
    pack = pack_for_case(case)
    kinds = [
        {
            "href": reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": value}),
            "label": label,
            "hint": forms.kind_hint(value, clock.period_limit(pack, value)),
        }
        for value, label in RestrictionKind.choices
    ]
    return render(
        request,
        "process/restrictions/choose_kind.jinja",
        {
            "page_title": _("Record a restriction, exclusion or suspension"),
            "case": case,
            "kinds": kinds,
            "decision_url": reverse("process:restriction_decision_new", kwargs={"case_id": case.pk}),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("restriction.record")
def new_restriction(request: HttpRequest, case: Any, kind: str) -> HttpResponse:
    if kind not in RestrictionKind.values:
        raise Http404("No such kind")
    contacts = list(selectors.advice_contacts_for(case))
    pack = pack_for_case(case)
    limit = clock.period_limit(pack, kind)
    form = forms.RestrictionForm(request.POST or None, kind=kind, advice_contacts=contacts, limit=limit)
    if request.method == "POST" and form.is_valid():
        try:
            restriction = services.record_restriction(
                case=case, kind=kind, by=request.user, **form.service_values(contacts)
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(kind)s recorded.") % {"kind": restriction.get_kind_display()})
            return _back_to_case(case)
    return render(
        request,
        "process/restrictions/restriction_form.jinja",
        {
            "page_title": _("Record %(kind)s") % {"kind": with_article(RestrictionKind(kind).label.lower())}
            if active() == "en"
            else _("Record %(kind)s") % {"kind": RestrictionKind(kind).label.lower()},
            "case": case,
            "form": form,
            "kind": kind,
            "kind_label": RestrictionKind(kind).label,
            "kind_hint": forms.kind_hint(kind, limit),
            "notifications": [n for n in pack.notifications if n.when == kind],
            "continues": selectors.running_exclusion(case) if kind in clock.EXCLUSION_KINDS else None,
            "is_formal": kind == RestrictionKind.FORMAL_EXCLUSION,
            "advice_url": reverse("process:restriction_advice_new", kwargs={"case_id": case.pk}),
            "has_contacts": bool(contacts),
            "consistency": restriction_check(case, request.user, kind=kind),
        },
    )


@require_GET
@case_view("restriction.read")
def restriction_detail(request: HttpRequest, case: Any, restriction_id: Any) -> HttpResponse:
    restriction = selectors.restriction_in(case, restriction_id)
    can_change = allows(request.user, case, "restriction.review")
    line = presenters.restriction_line(restriction, today=timezone.localdate(), can_change=can_change)
    return render(
        request,
        "process/restrictions/detail.jinja",
        {
            "page_title": _("%(kind)s, case %(reference)s")
            % {"kind": line.kind, "reference": case.reference},
            "case": case,
            "line": line,
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("restriction.review")
def review_period(request: HttpRequest, case: Any, restriction_id: Any, number: int) -> HttpResponse:
    restriction = selectors.restriction_in(case, restriction_id)
    period = selectors.period_in(restriction, number)
    if not restriction.is_live or period.reviewed_on is not None:
        raise Http404("Nothing to review")
    reviews = list(selectors.restriction_reviews_for(case))
    pack = pack_for_case(case)
    limit = clock.period_limit(pack, restriction.kind)
    renewal = limit.renewal if limit is not None else clock.NO_RENEWAL
    form = forms.ReviewPeriodForm(request.POST or None, reviews=reviews, renewal=renewal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            next_period = services.review_period(
                period=period,
                reviewed_on=data["reviewed_on"],
                outcome=data["outcome"],
                continues=data["continues"] == "yes",
                next_end=data["next_end"],
                end_reason=data["end_reason"],
                extension_order=data.get("extension_order", ""),
                review=next((r for r in reviews if str(r.pk) == data["review"]), None),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if next_period is None:
                messages.success(request, _("Review recorded. The restriction has ended."))
            else:
                messages.success(
                    request,
                    _("Review recorded. Period %(number)s runs to %(date)s.")
                    % {"number": next_period.number, "date": nhs_date(next_period.ends_on)},
                )
            return _back_to_case(case)
    return render(
        request,
        "process/restrictions/review_form.jinja",
        {
            "page_title": _("Review period %(number)s") % {"number": period.number},
            "case": case,
            "restriction": restriction,
            "period": period,
            "form": form,
            "has_reviews": bool(reviews),
            "next_rules": [
                rule
                for rule in pack.rules
                if rule.period_number == period.number + 1 and restriction.kind in rule.restriction_kinds
            ],
            "overdue": timezone.localdate() > period.ends_on,
            "new_review_url": reverse("reviews:new", kwargs={"case_id": case.pk}),
            "end_url": reverse(
                "process:restriction_end", kwargs={"case_id": case.pk, "restriction_id": restriction.pk}
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("restriction.end")
def end_restriction(request: HttpRequest, case: Any, restriction_id: Any) -> HttpResponse:
    restriction = selectors.restriction_in(case, restriction_id)
    if not restriction.is_live:
        raise Http404("Already ended")
    form = forms.EndRestrictionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_restriction(restriction=restriction, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(kind)s ended.") % {"kind": restriction.get_kind_display()})
            return _back_to_case(case)
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("End the %(kind)s") % {"kind": restriction.get_kind_display().lower()},
            "case": case,
            "form": form,
            "button_text": _("Record the end"),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("restriction.decide_not_to_exclude")
def new_decision(request: HttpRequest, case: Any) -> HttpResponse:
    form = forms.DecisionForm(request.POST or None, initial={"considered": RestrictionKind.FORMAL_EXCLUSION})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision_not_to_exclude(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Decision not to exclude recorded."))
            return _back_to_case(case)
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("Record a decision not to exclude"),
            "case": case,
            "form": form,
            "intro": _(
                "Exclusion is not a sanction. A decision not to exclude or restrict is recorded with its "
                "reasons too."
            ),
            "button_text": _("Record the decision"),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("advice.record")
def new_advice(request: HttpRequest, case: Any) -> HttpResponse:
    form = forms.AdviceContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_advice_contact(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Advice contact recorded."))
            return _back_to_case(case, "advice")
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("Record a contact with Practitioner Performance Advice"),
            "case": case,
            "form": form,
            "button_text": _("Record the contact"),
        },
    )


def _people_for(case: Any) -> list[Any]:
    excluded = {e.user_id for e in exclusions_for(case)}
    return languages.in_reading_order(
        [p for p in people_in(case.organisation) if p.pk not in excluded], lambda p: p.display_name
    )


@require_http_methods(["GET", "POST"])
@case_view("advice.add_action")
def new_advice_action(request: HttpRequest, case: Any, advice_id: int) -> HttpResponse:
    advice = selectors.advice_contact_in(case, advice_id)
    people = _people_for(case)
    form = forms.AdviceActionForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        owner = next((p for p in people if str(p.pk) == data["owner"]), None)
        try:
            services.add_advice_action(
                advice=advice, action=data["action"], owner=owner, due_on=data["due_on"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Action added."))
            return _back_to_case(case, "advice")
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("Add an action from the advice"),
            "case": case,
            "form": form,
            "intro": _("Advice from %(adviser)s, %(date)s.")
            % {"adviser": advice.adviser, "date": nhs_date(advice.contacted_on)},
            "button_text": _("Add the action"),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("advice.close_action")
def close_advice_action(request: HttpRequest, case: Any, action_id: int) -> HttpResponse:
    action = selectors.advice_action_in(case, action_id)
    if action.closed_at is not None:
        raise Http404("Already closed")
    form = forms.CloseAdviceActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_advice_action(action=action, outcome=form.cleaned_data["outcome"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Action closed."))
            return _back_to_case(case, "advice")
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("Close an action from the advice"),
            "case": case,
            "form": form,
            "intro": _("%(action)s (%(owner)s, due %(date)s)")
            % {"action": action.action, "owner": action.owner.display_name, "date": nhs_date(action.due_on)},
            "button_text": _("Close the action"),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("referral.record")
def new_referral(request: HttpRequest, case: Any) -> HttpResponse:
    regulators = services.regulators_for(case.practitioner)
    form = forms.ReferralForm(
        request.POST or None,
        regulators=regulators,
        initial={"regulator": regulators[0]} if len(regulators) == 1 else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_regulator_referral(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Referral recorded."))
            return _back_to_case(case, "referrals")
    return render(
        request,
        "process/restrictions/simple_form.jinja",
        {
            "page_title": _("Record a referral to the regulator"),
            "case": case,
            "form": form,
            "intro": _(
                "The GMC asks employers three fairness questions before a referral: systemic factors, induction "
                "for those new to the UK or the NHS, and an impartial check of the decision. A referral cannot "
                "be recorded until all three are answered."
            ),
            "button_text": _("Record the referral"),
            "consistency": referral_check(case, request.user),
        },
    )


# ---- the monthly exclusions return ------------------------------------------------------------------------


def _as_of_query(request: HttpRequest) -> Any:
    raw = request.GET.get("as_of", "")
    return returns.parse_date(raw) if raw else None


@never_cache
@require_GET
def exclusions_return(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.return_organisation_for(request.user, org_slug)
    today = timezone.localdate()
    data = request.GET if "month" in request.GET else None
    form = forms.ReturnChoiceForm(data, initial={"month": f"{today:%Y-%m}"})
    month, as_of, error = returns.parse_month(f"{today:%Y-%m}"), None, False
    if form.is_bound:
        if form.is_valid():
            try:
                month = returns.parse_month(form.cleaned_data["month"])
            except returns.ReturnError as problem:
                form.add_error("month", str(problem))
            as_of = form.cleaned_data.get("as_of")
        error = not form.is_valid()
    document = None
    if not error:
        try:
            document = returns.read_return(
                organisation=organisation, month=month, by=request.user, as_of=as_of
            )
        except returns.ReturnError as problem:
            form.add_error("as_of" if as_of is not None else "month", str(problem))
            error = True
    links = {}
    if document is not None:
        query = f"?as_of={document.as_of.isoformat()}"
        links = {
            fmt: reverse(
                "process:restriction_return_file",
                kwargs={"org_slug": organisation.slug, "month": month.key, "fmt": fmt},
            )
            + query
            for fmt in returns.FORMATS
        }
    return render(
        request,
        "process/restrictions/return.jinja",
        {
            "page_title": _("Monthly exclusions return, %(month)s") % {"month": month.label},
            "organisation": organisation,
            "form": form,
            "document": document,
            "who_must_send": str(returns.WHO_MUST_SEND),
            "csv_url": links.get("csv", ""),
            "pdf_url": links.get("pdf", ""),
        },
        status=400 if error else 200,
    )


@never_cache
@require_GET
def exclusions_return_file(request: HttpRequest, org_slug: str, month: str, fmt: str) -> HttpResponse:
    organisation = selectors.return_organisation_for(request.user, org_slug)
    if fmt not in returns.FORMATS:
        raise Http404("No such format")
    try:
        chosen = returns.parse_month(month)
        generated = returns.generate_return(
            organisation=organisation, month=chosen, fmt=fmt, by=request.user, as_of=_as_of_query(request)
        )
    except returns.ReturnError as error:
        raise Http404("No such return") from error
    response = HttpResponse(generated.content, content_type=generated.content_type)
    response["Content-Disposition"] = f'attachment; filename="{generated.filename}"'
    return response
