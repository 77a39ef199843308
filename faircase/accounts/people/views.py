"""People pages. Thin: an organisation is fetched only through the organisations the user administers (404 for
everyone else, administrators of other organisations included), a person only among that organisation's people,
every change goes through faircase.accounts.services, and what people read comes from the presenters.

The organisation is fetched before the request's method is checked, so someone who may not see a page gets 404
whatever method they use, never a 405 that tells them the page is there."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from faircase.accounts import selectors, services
from faircase.accounts.models import Nation
from faircase.accounts.people import presenters
from faircase.accounts.people.forms import (
    AddPersonForm,
    GrantRoleForm,
    OrganisationLanguagesForm,
    SetPasswordForm,
)
from faircase.accounts.roles import Role
from faircase.accounts.single_sign_on import services as sso_services
from faircase.core.choosing import to_the_one_or_a_choice
from faircase.core.forms import apply_errors


def _posted(request: HttpRequest) -> Any:
    """The posted data, even when empty (so a form posted with nothing chosen shows its errors)."""
    return request.POST if request.method == "POST" else None


def _not_allowed(request: HttpRequest, *methods: str) -> HttpResponse | None:
    return None if request.method in methods else HttpResponseNotAllowed(methods)


def _person(request: HttpRequest, org_slug: str, user_id: int) -> tuple[Any, Any]:
    organisation = selectors.administered_organisation(request.user, org_slug)
    return organisation, selectors.person_of(organisation, user_id)


def _to_person(organisation: Any, user: Any) -> HttpResponse:
    return redirect("people:person", org_slug=organisation.slug, user_id=user.pk)


def _button_on_person(
    request: HttpRequest, org_slug: str, user_id: int, change: Callable[..., Any], done: Any
) -> HttpResponse:
    """A button on a person's page that posts one change: made by its service, said in a message (the refusal's
    own words, or `done` with the person's name in place of %(name)s), then back to the person's page."""
    organisation, user = _person(request, org_slug, user_id)
    if refused := _not_allowed(request, "POST"):
        return refused
    try:
        change(organisation=organisation, user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, str(done) % {"name": user.display_name})
    return _to_person(organisation, user)


def index(request: HttpRequest) -> HttpResponse:
    """The header's "People": straight to the organisation's people, or a choice when there are several."""
    organisations = list(selectors.organisations_administered_by(request.user))
    if not organisations:
        raise Http404("Not available")
    if refused := _not_allowed(request, "GET", "HEAD"):
        return refused
    return to_the_one_or_a_choice(
        request,
        organisations,
        to="people:list",
        template="accounts/people/index.jinja",
        page_title=_("People"),
    )


def people(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    if refused := _not_allowed(request, "GET", "HEAD"):
        return refused
    rows = presenters.people_rows(list(selectors.people_of(organisation)), organisation)
    return render(
        request,
        "accounts/people/list.jinja",
        {
            "page_title": _("People at %(organisation)s") % {"organisation": organisation.name},
            "organisation": organisation,
            "rows": rows,
        },
    )


def add(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = selectors.administered_organisation(request.user, org_slug)
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    form = AddPersonForm(_posted(request), organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.add_person(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s has been added. We have emailed them a link to set their password.")
                % {"name": user.display_name},
            )
            return _to_person(organisation, user)
    return render(
        request,
        "accounts/people/add.jinja",
        {"page_title": _("Add a person"), "organisation": organisation, "form": form},
    )


def person(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    organisation, user = _person(request, org_slug, user_id)
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    form = None
    problem = ""
    available = presenters.roles_not_held(user)
    if user.is_active and user.pk != request.user.pk and available:
        form = GrantRoleForm(
            _posted(request), organisation=organisation, roles=available, person_name=user.display_name
        )
    elif request.method == "POST":
        raise Http404("Nothing to grant")
    if form is not None and request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        try:
            services.grant_role(organisation=organisation, user=user, role=role, by=request.user)
        except ValidationError as error:
            problem = apply_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is now %(role)s.")
                % {"name": user.display_name, "role": Role(role).label.lower()},
            )
            return _to_person(organisation, user)
    return render(
        request,
        "accounts/people/person.jinja",
        {
            "page_title": user.display_name,
            "organisation": organisation,
            "person": user,
            "yourself": user.pk == request.user.pk,
            "summary": presenters.person_summary(user),
            "roles": presenters.role_rows(user, organisation),
            "form": form,
            "problem": problem,
            "can_send_link": user.is_active
            and not user.has_usable_password()
            and not list(user.single_sign_on_identities.all()),
            "single_sign_on": presenters.single_sign_on(user),
            "sign_in": presenters.sign_in_help(user),
        },
    )


def revoke(request: HttpRequest, org_slug: str, user_id: int, role: str) -> HttpResponse:
    organisation, user = _person(request, org_slug, user_id)
    if role not in {m.role for m in user.roles_here}:
        raise Http404("No such role")
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    problem = ""
    if request.method == "POST":
        try:
            services.revoke_role(organisation=organisation, user=user, role=role, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s is no longer %(role)s.")
                % {"name": user.display_name, "role": Role(role).label.lower()},
            )
            if any(m.role != role for m in user.roles_here):
                return _to_person(organisation, user)
            return redirect("people:list", org_slug=organisation.slug)
    return render(
        request,
        "accounts/people/revoke.jinja",
        {
            "page_title": _("Revoke %(name)s's role") % {"name": user.display_name},
            "organisation": organisation,
            "person": user,
            "role": Role(role).label.lower(),
            "does": presenters.what_role_does(role, organisation),
            "problem": problem,
        },
        status=400 if problem else 200,
    )


def deactivate(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    organisation, user = _person(request, org_slug, user_id)
    if not user.is_active:
        raise Http404("Already deactivated")
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    problem = ""
    if request.method == "POST":
        try:
            services.deactivate_person(organisation=organisation, user=user, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s has been deactivated and can no longer sign in.") % {"name": user.display_name},
            )
            return _to_person(organisation, user)
    return render(
        request,
        "accounts/people/deactivate.jinja",
        {
            "page_title": _("Deactivate %(name)s") % {"name": user.display_name},
            "organisation": organisation,
            "person": user,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


def send_link(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    return _button_on_person(
        request,
        org_slug,
        user_id,
        services.send_set_password_link,
        gettext_lazy("We have emailed %(name)s a new link to set their password."),
    )


def invite_to_single_sign_on(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    return _button_on_person(
        request,
        org_slug,
        user_id,
        sso_services.invite,
        gettext_lazy("We have emailed %(name)s an invitation to sign in with single sign-on."),
    )


def unbind_single_sign_on(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    return _button_on_person(
        request,
        org_slug,
        user_id,
        sso_services.unbind,
        gettext_lazy("%(name)s can no longer sign in with single sign-on."),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The page the emailed link opens. An unknown, used or expired link answers 404 and says what to do."""
    try:
        user = services.user_for_link(uidb64, token)
    except services.LinkUnavailable:
        return render(
            request,
            "accounts/people/link_unavailable.jinja",
            {"page_title": _("This link does not work")},
            status=404,
        )
    form = SetPasswordForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_first_password(uidb64=uidb64, token=token, password=form.cleaned_data["password"])
        except services.LinkUnavailable:
            return render(
                request,
                "accounts/people/link_unavailable.jinja",
                {"page_title": _("This link does not work")},
                status=404,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Your password is set. Sign in with your username, %(username)s.")
                % {"username": user.get_username()},
            )
            return redirect(reverse("accounts:login"))
    return render(
        request,
        "accounts/people/set_password.jinja",
        {"page_title": _("Set your password"), "form": form, "person": user},
    )


def lift_lockout(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    """ "Let them sign in again": forget the failed sign-ins counted against the person's account."""
    return _button_on_person(
        request, org_slug, user_id, services.lift_sign_in_lockout, gettext_lazy("%(name)s can sign in again.")
    )


def reset_second_factor(request: HttpRequest, org_slug: str, user_id: int) -> HttpResponse:
    organisation, user = _person(request, org_slug, user_id)
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    problem = ""
    if request.method == "POST":
        try:
            services.reset_second_factor(organisation=organisation, user=user, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            messages.success(
                request,
                _("%(name)s's second factor has been reset. They set up a new one when they next sign in.")
                % {"name": user.display_name},
            )
            return _to_person(organisation, user)
    return render(
        request,
        "accounts/people/reset_second_factor.jinja",
        {
            "page_title": _("Reset %(name)s's second factor") % {"name": user.display_name},
            "organisation": organisation,
            "person": user,
            "problem": problem,
        },
        status=400 if problem else 200,
    )


def organisation_languages(request: HttpRequest, org_slug: str) -> HttpResponse:
    """The organisation's language settings (ADR 41): its default language and, in Wales, bilingual documents."""
    organisation = selectors.administered_organisation(request.user, org_slug)
    if refused := _not_allowed(request, "GET", "HEAD", "POST"):
        return refused
    initial = {
        "default_language": organisation.default_language,
        "document_languages": organisation.document_languages,
    }
    form = OrganisationLanguagesForm(_posted(request), initial=initial, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_organisation_languages(
                organisation=organisation,
                default_language=form.cleaned_data["default_language"],
                # Outside Wales the form does not offer the choice: letters follow each practitioner's.
                document_languages=form.cleaned_data.get(
                    "document_languages", organisation.document_languages
                ),
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The language settings of %(name)s are saved.") % {"name": organisation.name}
            )
            return redirect("people:list", org_slug=organisation.slug)
    return render(
        request,
        "accounts/people/languages.jinja",
        {
            "page_title": _("Language settings"),
            "organisation": organisation,
            "form": form,
            "in_wales": organisation.nation == Nation.WALES,
        },
        status=400 if form.errors else 200,
    )
