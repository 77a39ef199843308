"""Case pages. Thin: reads through scoped selectors, writes through services, display through presenters."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import allows, case_view
from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, organisations_with_role, people_in, roles_in
from faircase.cases import presenters, selectors, services
from faircase.cases.forms import (
    BeingFairForm,
    ConcernFields,
    ExcludeForm,
    MoveStageForm,
    NamePersonForm,
    OpenCaseForm,
    PractitionerForm,
)
from faircase.cases.presenters_history import history_lines
from faircase.cases.sections import render_sections
from faircase.consistency.presenters import move_check
from faircase.consistency.selectors import lexicon_for, lexicon_for_chosen
from faircase.core import languages
from faircase.core.forms import apply_errors
from faircase.core.page_reads import reads_once_per_page
from faircase.core.selectors import events_for_case
from faircase.framework import selectors as framework_selectors
from faircase.notifications.presenters import home_context
from faircase.notifications.selectors import unread_for
from faircase.policy.workflow import get_workflow, workflow_for
from faircase.second_look.presenters import reviewer_home_context

PAGE_SIZE = 50


def home(request: HttpRequest) -> HttpResponse:
    from faircase.practitioners.selectors import is_portal_only

    if is_portal_only(request.user):
        return redirect("practitioners:portal_home")
    today = timezone.localdate()
    follow_ups = framework_selectors.follow_ups_owned_by(request.user)
    named = selectors.case_list(request.user).filter(members__user=request.user, closed_at__isnull=True)[:20]
    return render(
        request,
        "cases/home.jinja",
        {
            "page_title": _("Your work"),
            "follow_ups": [(f.case, presenters.follow_up_line(f, today=today)) for f in follow_ups],
            "named_cases": presenters.case_list_rows(named),
            "can_open": organisations_with_role(request.user, R.OPENS_CASES).exists(),
            "second_looks_asked": reviewer_home_context(request.user),
            "new_for_you": home_context(list(unread_for(request.user)[:11])),
        },
    )


def _cursor(request: HttpRequest) -> selectors.Cursor | None:
    """Where the page starts (`after` or `before` a case); a link that does not carry a cursor gives page one."""
    if token := request.GET.get("after", ""):
        return selectors.Cursor.from_token(token[:200])
    if token := request.GET.get("before", ""):
        return selectors.Cursor.from_token(token[:200], backwards=True)
    return None


def _day_range(request: HttpRequest, event: str) -> tuple[tuple[dt.date, dt.date] | None, str]:
    """The inclusive range of days a link asks for (`opened_from` and `opened_to`, say), or why it cannot be used."""
    first, last = request.GET.get(f"{event}_from", ""), request.GET.get(f"{event}_to", "")
    if not first and not last:
        return None, ""
    try:
        days = (dt.date.fromisoformat(first), dt.date.fromisoformat(last))
    except ValueError:
        if event == "opened":
            return None, _(
                "The dates the cases were opened between must both be dates like 2026-04-01: showing every case."
            )
        return None, _(
            "The dates the cases were closed between must both be dates like 2026-04-01: showing every case."
        )
    if days[1] < days[0]:
        if event == "opened":
            return None, _("The last day the cases were opened on is before the first: showing every case.")
        return None, _("The last day the cases were closed on is before the first: showing every case.")
    return days, ""


def case_list(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_for(request.user))
    org_slug = request.GET.get("org", "")
    organisation = next((o for o in organisations if o.slug == org_slug), None)
    stage = request.GET.get("stage", "")
    search = request.GET.get("q", "").strip()[:100]
    ranges = {event: _day_range(request, event) for event in ("opened", "closed")}
    page = selectors.case_list_page(
        request.user,
        cursor=_cursor(request),
        size=PAGE_SIZE,
        organisation=organisation,
        stage=stage,
        search=search,
        opened=ranges["opened"][0],
        closed=ranges["closed"][0],
    )
    workflow = get_workflow()
    return render(
        request,
        "cases/list.jinja",
        {
            "page_title": _("Cases"),
            "rows": presenters.case_list_rows(page.cases),
            "count_line": presenters.case_count_line(page.count, reached_bound=page.count_reached_bound),
            "previous_token": page.previous.token() if page.previous else "",
            "next_token": page.next.token() if page.next else "",
            "page_size": PAGE_SIZE,
            "organisations": organisations,
            "organisation": organisation,
            "stages": workflow.stages,
            "stage": stage,
            "search": search,
            "can_open": organisations_with_role(request.user, R.OPENS_CASES).exists(),
            "query": {"org": org_slug, "stage": stage, "q": search}
            | {
                f"{event}_{end}": day.isoformat()
                for event, (days, __) in ranges.items()
                if days
                for end, day in zip(("from", "to"), days, strict=True)
            },
            "day_ranges": presenters.day_range_lines(
                {event: days for event, (days, __) in ranges.items() if days}
            ),
            "day_range_problems": [problem for __, problem in ranges.values() if problem],
        },
    )


@require_http_methods(["GET", "POST"])
def open_case(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_with_role(request.user, R.OPENS_CASES).order_by("name"))
    if not organisations:
        raise Http404("Not available")
    practitioners = [
        p
        for o in organisations
        for p in selectors.practitioners_for(request.user, o).select_related("organisation")
    ]
    initial = {"practitioner": request.GET.get("practitioner", "")}
    form = OpenCaseForm(
        request.POST or None, organisations=organisations, practitioners=practitioners, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = next(o for o in organisations if str(o.pk) == data["organisation"])
        practitioner = next((p for p in practitioners if str(p.pk) == data["practitioner"]), None)
        if practitioner is None or practitioner.organisation_id != organisation.pk:
            form.add_error("practitioner", _("Choose a practitioner of the organisation you chose"))
        else:
            try:
                case = services.open_case(
                    organisation=organisation,
                    practitioner=practitioner,
                    reference=data["reference"],
                    policy=data["policy"],
                    patient_safety_incident=data["patient_safety_incident"] == "yes",
                    summary=data["summary"],
                    by=request.user,
                    case_manager=request.user
                    if R.Role.CASE_MANAGER in roles_in(request.user, organisation)
                    else None,
                    concern={k: data[k] for k in services.CONCERN_FIELDS},
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Case %(reference)s opened. Take the commencement review next.")
                    % {"reference": case.reference},
                )
                return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/open.jinja",
        {
            "page_title": _("Open a case"),
            "form": form,
            "has_practitioners": bool(practitioners),
            "language_lexicon": lexicon_for_chosen(organisations, request.POST.get("organisation")),
        },
    )


@require_http_methods(["GET", "POST"])
def add_practitioner(request: HttpRequest) -> HttpResponse:
    organisations = list(organisations_with_role(request.user, R.OPENS_CASES).order_by("name"))
    if not organisations:
        raise Http404("Not available")
    form = PractitionerForm(request.POST or None)
    org_field_choices = [(str(o.pk), o.name) for o in organisations]
    if request.method == "POST" and form.is_valid():
        org_id = request.POST.get("organisation") or str(organisations[0].pk)
        organisation = next((o for o in organisations if str(o.pk) == org_id), None)
        if organisation is None:
            raise Http404("Not available")
        try:
            practitioner = services.create_practitioner(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s added.") % {"name": practitioner.full_name})
            return redirect(f"{reverse('cases:open')}?practitioner={practitioner.pk}")
    return render(
        request,
        "cases/practitioner_form.jinja",
        {
            "page_title": _("Add a practitioner"),
            "form": form,
            "organisations": org_field_choices,
            "chosen_org": request.POST.get("organisation", ""),
        },
    )


@require_GET
@case_view("case.read")
def case_detail(request: HttpRequest, case: Any) -> HttpResponse:
    # Sections read the same rows (the chronology reads what they show): each shared selector runs once (ADR 38).
    with reads_once_per_page():
        return _case_page(request, case)


def _case_page(request: HttpRequest, case: Any) -> HttpResponse:
    today = timezone.localdate()
    workflow = workflow_for(case)
    reviews = list(framework_selectors.reviews_for_case(case))
    user = request.user
    page = {
        "page_title": _("Case %(reference)s") % {"reference": case.reference},
        "case": case,
        "summary_rows": presenters.summary_rows(case),
        "stage_tag": presenters.stage_tag(case),
        "glance": presenters.framework_glance(case, today=today),
        "reviews": presenters.review_lines(reviews, case=case),
        "has_commencement": any(r.review_point == "commencement" and r.is_locked for r in reviews),
        "draft_review": next((r for r in reviews if not r.is_locked), None),
        "can_change": allows(user, case, "case.add_concern"),
        "next_moves": [] if case.is_closed else workflow.moves_from(case.stage),
        "language_lexicon": lexicon_for(case.organisation),
    }
    # Each app's section of the page, through the registry (faircase.cases.sections): this view imports none of
    # them, and the contents list is built from what is registered.
    page["sections"] = render_sections(request, case, page, today)
    return render(request, "cases/detail.jinja", page)


@require_http_methods(["GET", "POST"])
@case_view("case.add_concern")
def add_concern(request: HttpRequest, case: Any) -> HttpResponse:
    form = ConcernFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_concern(case=case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Concern added."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/concern_form.jinja",
        {
            "page_title": _("Add a concern"),
            "form": form,
            "case": case,
            "language_lexicon": lexicon_for(case.organisation),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("case.name_person")
def name_person(request: HttpRequest, case: Any) -> HttpResponse:
    excluded = {e.user_id for e in selectors.exclusions_for(case)}
    people = languages.in_reading_order(
        [p for p in people_in(case.organisation) if p.pk not in excluded], lambda p: p.display_name
    )
    form = NamePersonForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        person = next(p for p in people if str(p.pk) == form.cleaned_data["user"])
        try:
            services.name_person(case=case, user=person, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s named on the case.") % {"name": person.display_name})
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/person_form.jinja",
        {"page_title": _("Name a person on the case"), "form": form, "case": case},
    )


@require_http_methods(["GET", "POST"])
@case_view("case.manage_conflicts")
def exclude_person(request: HttpRequest, case: Any) -> HttpResponse:
    excluded = {e.user_id for e in selectors.exclusions_for(case)}
    people = languages.in_reading_order(
        [p for p in people_in(case.organisation) if p.pk not in excluded and p.pk != request.user.pk],
        lambda p: p.display_name,
    )
    form = ExcludeForm(request.POST or None, people=people, owners=framework_selectors.owner_choices(case))
    if request.method == "POST" and form.is_valid():
        person = form.person()
        try:
            services.exclude_for_conflict(
                case=case,
                user=person,
                reason=form.cleaned_data["reason"],
                take_over_by=form.taking_over(),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is excluded from this case.") % {"name": person.display_name}
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/exclude_form.jinja",
        {
            "page_title": _("Exclude someone for a conflict of interest"),
            "form": form,
            "case": case,
            "open_work": presenters.open_work_owners(case),
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("case.being_fair")
def being_fair(request: HttpRequest, case: Any) -> HttpResponse:
    form = BeingFairForm(request.POST or None, initial={"completed": case.being_fair_completed})
    if request.method == "POST" and form.is_valid():
        services.record_being_fair(case=case, completed=form.cleaned_data["completed"], by=request.user)
        messages.success(request, _("Being fair tool status recorded."))
        return redirect("cases:detail", case_id=case.pk)
    return render(
        request, "cases/being_fair.jinja", {"page_title": _("Being fair tool"), "form": form, "case": case}
    )


@require_http_methods(["GET", "POST"])
@case_view("case.move_stage")
def move_stage(request: HttpRequest, case: Any) -> HttpResponse:
    workflow = workflow_for(case)
    moves = workflow.moves_from(case.stage)
    needs = services.move_requirements(case)
    target = request.POST.get("to_stage") or request.GET.get("to", "")
    closes = any(workflow.stage(m.target).final for m in moves)
    form = MoveStageForm(
        request.POST or None,
        initial={"to_stage": target},
        moves=[(m.target, workflow.stage_name(m.target)) for m in moves],
        open_follow_ups=needs["open_follow_ups"],
        closes=closes,
    )
    refused = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.move_stage(
                case=case,
                to_stage=data["to_stage"],
                decision=data["decision"],
                reasons=data["reasons"],
                open_follow_ups_reason=data.get("open_follow_ups_reason", ""),
                outcome=data.get("outcome", ""),
                outcome_note=data.get("outcome_note", ""),
                by=request.user,
            )
        except ValidationError as error:
            refused = apply_errors(form, error)
        else:
            messages.success(
                request, _("Case moved to %(stage)s.") % {"stage": workflow.stage_name(data["to_stage"])}
            )
            return redirect("cases:detail", case_id=case.pk)
    suggested = {m.target: m.review_point for m in moves}
    closing = presenters.closure_checklist(case, outcome=request.POST.get("outcome", "")) if closes else None
    return render(
        request,
        "cases/move.jinja",
        {
            "page_title": _("Move the case to another stage"),
            "form": form,
            "case": case,
            "needs": needs,
            "refused": refused,
            "suggested_points": suggested,
            "closing": closing,
            "workflow": workflow,
            "open_follow_ups": list(
                framework_selectors.open_follow_ups(case).select_related("owner", "answer__consideration")
            ),
            "language_lexicon": lexicon_for(case.organisation),
            "consistency": move_check(
                case,
                request.user,
                workflow=workflow,
                moves=moves,
                to_stage=target,
                outcome=request.POST.get("outcome", ""),
            ),
        },
    )


@require_GET
@case_view("case.history")
def history(request: HttpRequest, case: Any) -> HttpResponse:
    page = Paginator(events_for_case(case), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/history.jinja",
        {
            "page_title": _("History of case %(reference)s") % {"reference": case.reference},
            "case": case,
            "page": page,
            "events": history_lines(page.object_list, case),
        },
    )
