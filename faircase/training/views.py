"""The training space's pages (ADR 25). Thin: the organisation, study and session come through selectors scoped to
the person (404 for anyone else), writes go through services, display through presenters.

A study is worked alone (its pages under studies/) or in a facilitated session (under sessions/); both share the
stage pages below, told apart by a `_Place` that knows the attempt and where its pages are.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from faircase.accounts.models import Organisation
from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.forms import apply_errors
from faircase.training import presenters, selectors, services
from faircase.training.forms import JoinForm, SessionForm, StageForm
from faircase.training.models import Attempt, TrainingSession
from faircase.training.studies import Study, studies_for


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return to_the_one_or_a_choice(
        request,
        list(selectors.training_organisations(request.user)),
        to="training:home",
        template="training/index.jinja",
        page_title=_("Training"),
    )


@require_GET
def home(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for(request.user, org_slug)
    studies = studies_for(organisation.slug)
    attempts = selectors.own_attempts(request.user, organisation)
    return render(
        request,
        "training/home.jinja",
        {
            "page_title": _("Training"),
            "organisation": organisation,
            "studies": [
                {"study": study, "progress": presenters.progress(study, attempts.get(study.key))}
                for study in studies
            ],
            "titles": {study.key: study.title for study in studies},
            "facilitates": selectors.may_facilitate(request.user, organisation),
            "facilitated": list(selectors.sessions_facilitated(request.user, organisation)),
            "joined": list(selectors.sessions_joined(request.user, organisation)),
            "reads_record": selectors.may_read_record(request.user, organisation),
        },
    )


@require_GET
def record(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.record_organisation_for(request.user, org_slug)
    return render(
        request,
        "training/record.jinja",
        {
            "page_title": _("Training record"),
            "organisation": organisation,
            "completions": selectors.training_record(organisation),
        },
    )


# ---- a study and its stages, alone or in a session ------------------------------------------------------------


@dataclass(frozen=True)
class _Place:
    organisation: Organisation
    study: Study
    attempt: Attempt | None
    session: TrainingSession | None = None

    def stage_url(self, stage_key: str) -> str:
        if self.session is not None:
            return reverse(
                "training:session_stage", args=[self.organisation.slug, self.session.pk, stage_key]
            )
        return reverse("training:stage", args=[self.organisation.slug, self.study.key, stage_key])

    def view_url(self, stage_key: str) -> str:
        if self.session is not None:
            return reverse(
                "training:session_stage_view", args=[self.organisation.slug, self.session.pk, stage_key]
            )
        return reverse("training:stage_view", args=[self.organisation.slug, self.study.key, stage_key])

    def start_url(self) -> str:
        if self.session is not None:
            return reverse("training:session", args=[self.organisation.slug, self.session.pk])
        return reverse("training:study", args=[self.organisation.slug, self.study.key])


def _own_place(request: HttpRequest, org_slug: str, study_key: str) -> _Place:
    organisation = selectors.organisation_for(request.user, org_slug)
    study = selectors.study_in(organisation, study_key)
    return _Place(organisation, study, selectors.own_attempt(request.user, organisation, study))


@require_http_methods(["GET", "POST"])
def study(request: HttpRequest, org_slug: str, study: str) -> HttpResponse:
    place = _own_place(request, org_slug, study)
    if request.method == "POST":
        try:
            attempt = services.start_study(
                organisation=place.organisation, study=place.study, by=request.user
            )
        except ValidationError as error:
            raise Http404(selectors.NOT_AVAILABLE) from error
        following = selectors.next_stage(place.study, attempt)
        if following is None:
            return redirect(place.start_url())
        return redirect(place.stage_url(following.key))
    return _overview(request, place)


def _overview(request: HttpRequest, place: _Place) -> HttpResponse:
    answers = selectors.answers_of(place.attempt)
    following = selectors.next_stage(place.study, place.attempt)
    return render(
        request,
        "training/study.jinja",
        {
            "page_title": place.study.title,
            "organisation": place.organisation,
            "study": place.study,
            "session": place.session,
            "progress": presenters.progress(place.study, place.attempt),
            "stages": [
                {
                    "stage": stage,
                    "answered": stage.key in answers,
                    "href": place.view_url(stage.key) if stage.key in answers else "",
                }
                for stage in place.study.stages
            ],
            "next_stage": following,
            "next_href": place.stage_url(following.key) if following else "",
            "started": place.attempt is not None,
        },
    )


def _stage_page(request: HttpRequest, place: _Place, stage_key: str) -> HttpResponse:
    stage = selectors.stage_in(place.study, stage_key)
    if place.attempt is None:
        return redirect(place.start_url())
    if stage.key in selectors.answers_of(place.attempt):
        return redirect(place.view_url(stage.key))
    expected = selectors.next_stage(place.study, place.attempt)
    if expected is None or expected.key != stage.key:
        return redirect(place.stage_url(expected.key) if expected else place.start_url())
    form = StageForm(request.POST if request.method == "POST" else None, stage=stage)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_stage(
                attempt=place.attempt,
                study=place.study,
                stage_key=stage.key,
                considerations=form.considerations(),
                decision=form.cleaned_data["decision"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect(place.view_url(stage.key))
    number = [s.key for s in place.study.stages].index(stage.key) + 1
    return render(
        request,
        "training/stage.jinja",
        {
            "page_title": f"{stage.title}: {place.study.title}",
            "organisation": place.organisation,
            "study": place.study,
            "session": place.session,
            "stage": stage,
            "number": number,
            "form": form,
            "back_href": place.start_url(),
        },
    )


def _stage_view_page(request: HttpRequest, place: _Place, stage_key: str) -> HttpResponse:
    stage = selectors.stage_in(place.study, stage_key)
    answer = selectors.answers_of(place.attempt).get(stage.key)
    if answer is None:
        # The authors' view follows the learner's own answers, never comes before them.
        return redirect(place.stage_url(stage.key))
    following = place.study.stage_after(stage.key)
    return render(
        request,
        "training/stage_view.jinja",
        {
            "page_title": _("The authors' view: %(title)s") % {"title": stage.title},
            "organisation": place.organisation,
            "study": place.study,
            "session": place.session,
            "stage": stage,
            "feedback": presenters.feedback(stage, answer),
            "next_href": place.stage_url(following.key) if following else "",
            "completed": place.attempt is not None and place.attempt.completed_at is not None,
            "back_href": place.start_url(),
        },
    )


@require_http_methods(["GET", "POST"])
def stage(request: HttpRequest, org_slug: str, study: str, stage: str) -> HttpResponse:
    return _stage_page(request, _own_place(request, org_slug, study), stage)


@require_GET
def stage_view(request: HttpRequest, org_slug: str, study: str, stage: str) -> HttpResponse:
    return _stage_view_page(request, _own_place(request, org_slug, study), stage)


# ---- facilitated sessions -----------------------------------------------------------------------------------


def _session_place(request: HttpRequest, org_slug: str, session_id: int) -> _Place:
    organisation = selectors.organisation_for(request.user, org_slug)
    session = selectors.session_for(request.user, organisation, session_id)
    study = selectors.study_in(organisation, session.study_key)
    return _Place(organisation, study, selectors.session_attempt(request.user, session), session)


@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for(request.user, org_slug)
    if not selectors.may_facilitate(request.user, organisation):
        raise Http404(selectors.NOT_AVAILABLE)
    studies = studies_for(organisation.slug)
    form = SessionForm(request.POST if request.method == "POST" else None, studies=studies)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                organisation=organisation,
                study=selectors.study_in(organisation, form.cleaned_data["study"]),
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Session created. Learners join it with the code %(code)s.") % {"code": session.join_code},
            )
            return redirect("training:session", org_slug=organisation.slug, session_id=session.pk)
    return render(
        request,
        "training/session_new.jinja",
        {"page_title": _("Run a training session"), "organisation": organisation, "form": form},
    )


@require_http_methods(["GET", "POST"])
def session_join(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.organisation_for(request.user, org_slug)
    form = JoinForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            attempt = services.join_session(
                organisation=organisation, code=form.cleaned_data["code"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("training:session", org_slug=organisation.slug, session_id=attempt.session_id)
    return render(
        request,
        "training/session_join.jinja",
        {"page_title": _("Join a training session"), "organisation": organisation, "form": form},
    )


@require_GET
def session(request: HttpRequest, org_slug: str, session_id: int) -> HttpResponse:
    place = _session_place(request, org_slug, session_id)
    assert place.session is not None
    if place.session.facilitator_id != request.user.pk:
        return _overview(request, place)
    return render(
        request,
        "training/session.jinja",
        {
            "page_title": _("Session: %(title)s") % {"title": place.session.title},
            "organisation": place.organisation,
            "study": place.study,
            "session": place.session,
            "learners": selectors.learners_in(place.session),
            "stages": [
                presenters.group_stage(counts)
                for counts in selectors.group_answers(place.session, place.study)
            ],
            "not_yet_shown": presenters.not_yet_shown(),
        },
    )


def _as_learner(request: HttpRequest, place: _Place) -> HttpResponse | None:
    """A facilitator does not answer in their own session: its steps open on the group's answers."""
    assert place.session is not None
    if place.session.facilitator_id == request.user.pk:
        return redirect(place.start_url())
    return None


@require_http_methods(["GET", "POST"])
def session_stage(request: HttpRequest, org_slug: str, session_id: int, stage: str) -> HttpResponse:
    place = _session_place(request, org_slug, session_id)
    return _as_learner(request, place) or _stage_page(request, place, stage)


@require_GET
def session_stage_view(request: HttpRequest, org_slug: str, session_id: int, stage: str) -> HttpResponse:
    place = _session_place(request, org_slug, session_id)
    return _as_learner(request, place) or _stage_view_page(request, place, stage)


@require_http_methods(["GET", "POST"])
def session_close(request: HttpRequest, org_slug: str, session_id: int) -> HttpResponse:
    place = _session_place(request, org_slug, session_id)
    session = place.session
    assert session is not None
    if session.facilitator_id != request.user.pk:
        raise Http404(selectors.NOT_AVAILABLE)
    if request.method == "POST":
        try:
            services.close_session(session=session, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Session closed. Its answers stay here for you to discuss."))
        return redirect("training:session", org_slug=place.organisation.slug, session_id=session.pk)
    return render(
        request,
        "training/session_close.jinja",
        {
            "page_title": _("Close the session %(title)s?") % {"title": session.title},
            "organisation": place.organisation,
            "session": session,
        },
    )
