"""Practitioner accounts and the practitioner's own view.

Staff pages (invite, share a concern) and the practitioner's own pages (/my/...) get the case through
faircase.access: the staff's scope for the first, the practitioner's own cases for the second.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from faircase.access.guard import case_view, own_case_view
from faircase.accounts import roles as R
from faircase.accounts.selectors import organisations_for, roles_in
from faircase.cases import selectors as case_selectors
from faircase.consistency.selectors import lexicon_for
from faircase.core import languages
from faircase.core.formatting import nhs_date
from faircase.core.forms import apply_errors
from faircase.practitioners import presenters_portal as presenters
from faircase.practitioners import selectors
from faircase.practitioners import services_portal as services
from faircase.practitioners.forms_portal import AcceptForm, InviteForm, ShareConcernForm, SupportEntryForm
from faircase.practitioners.presenters_comms import portal_comms_context
from faircase.practitioners.presenters_surveys import portal_surveys_context
from faircase.practitioners.presenters_voice import portal_voice_context

BACKEND = "faircase.demo.backends.DemoAwareModelBackend"
UNAVAILABLE_STATUS = 410
UNAVAILABLE_TEXT = {
    "used": gettext_lazy("This link has already been used. Each link works once."),
    "expired": gettext_lazy("This link has expired. Links work for 7 days."),
    "revoked": gettext_lazy("This link has been replaced by a newer one."),
    "unknown": gettext_lazy("This link is not valid. Check you copied the whole link from the email."),
}


# Staff pages ---------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_view("practitioner.invite")
def invite(request: HttpRequest, case: Any) -> HttpResponse:
    status = presenters.invitation_status(case)
    form = InviteForm(request.POST or None, initial={"email": case.practitioner.email})
    if status["state"] != "active" and request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_practitioner(
                case=case, email=form.cleaned_data["email"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link expires on %(date)s.")
                % {"email": invitation.email, "date": nhs_date(timezone.localdate(invitation.expires_at))},
            )
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "practitioners/portal/invite.jinja",
        {
            "page_title": _("Invite the practitioner: case %(reference)s") % {"reference": case.reference},
            "case": case,
            "form": form,
            "status": status,
        },
    )


@require_http_methods(["GET", "POST"])
@case_view("practitioner.share_concern")
def share_concern(request: HttpRequest, case: Any, concern_id: int) -> HttpResponse:
    concern = next((c for c in case_selectors.concerns_for(case) if c.pk == concern_id), None)
    if concern is None:
        raise Http404("Not available")
    shared = getattr(concern, "shared", None)
    form = ShareConcernForm(
        request.POST or None, initial={"text": shared.text if shared else concern.description}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.share_concern(concern=concern, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The concern is shared with the practitioner."))
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "practitioners/portal/share_concern.jinja",
        {
            "page_title": _("Share a concern: case %(reference)s") % {"reference": case.reference},
            "case": case,
            "concern": concern,
            "shared": shared,
            "form": form,
            "language_lexicon": lexicon_for(case.organisation),
        },
    )


# The invitation link -------------------------------------------------------------------------------------------


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = services.find_invitation(token)
    except services.InvitationUnavailable as unavailable:
        return _unavailable(request, unavailable.reason)
    user = request.user
    context: dict[str, Any] = {
        "page_title": _("Set up your faircase account"),
        "invitation": found,
        "organisation": found.case.organisation.name,
        "sign_out_link": _link("accounts:logout", _("sign out")),
    }
    if user.is_authenticated:
        if not selectors.is_practitioner_user(user):
            return render(request, "practitioners/portal/invitation_signed_in.jinja", context)
        if request.method == "POST":
            try:
                services.accept_invitation_as(token=token, by=user)
            except services.InvitationUnavailable as unavailable:
                return _unavailable(request, unavailable.reason)
            messages.success(
                request,
                _("Your case with %(organisation)s is now linked to your account.")
                % {"organisation": context["organisation"]},
            )
            return redirect("practitioners:portal_home")
        return render(request, "practitioners/portal/invitation_link.jinja", context)
    form = AcceptForm(
        request.POST or None,
        initial={"username": found.email, "language": found.case.organisation.default_language or "en"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.accept_invitation(
                token=token,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                language=form.cleaned_data["language"] or "",
            )
        except services.InvitationUnavailable as unavailable:
            return _unavailable(request, unavailable.reason)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            login(request, created, backend=BACKEND)
            with translation.override(created.language or translation.get_language()):
                messages.success(request, _("Your account is set up. You are signed in."))
            return redirect("practitioners:portal_home")
    context["form"] = form
    return render(request, "practitioners/portal/invitation.jinja", context)


def _unavailable(request: HttpRequest, reason: str) -> HttpResponse:
    return render(
        request,
        "practitioners/portal/invitation_unavailable.jinja",
        {
            "page_title": _("This link cannot be used"),
            "reason": UNAVAILABLE_TEXT[reason],
            "sign_in_link": _link("accounts:login", _("sign in")),
        },
        status=UNAVAILABLE_STATUS,
    )


def _link(name: str, words: str) -> str:
    """A link whose words are their own message, to sit inside a translated sentence."""
    return format_html('<a href="{}">{}</a>', reverse(name), words)


# The practitioner's own pages ----------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    if not selectors.is_practitioner_user(request.user):
        raise Http404("Not available")
    cases = list(selectors.practitioner_cases(request.user))
    return render(
        request,
        "practitioners/portal/home.jinja",
        {
            "page_title": _("Your cases"),
            "rows": presenters.case_rows(cases),
        },
    )


@require_GET
@own_case_view("own.read")
def case(request: HttpRequest, own: Any) -> HttpResponse:
    # With the practitioner's voice (P2), the letters sent to them (P3) and surveys waiting for them (P4).
    context = {
        **presenters.portal_case_context(own, request.user, today=timezone.localdate()),
        "page_title": _("Your case with %(organisation)s") % {"organisation": own.organisation.name},
        "voice": portal_voice_context(own, request.user),
        **portal_comms_context(own, request.user),
        **portal_surveys_context(own, request.user),
    }
    return render(request, "practitioners/portal/case.jinja", context)


# The support directory (staff) ---------------------------------------------------------------------------------


def _staff_organisations(user: Any) -> list[Any]:
    organisations = list(organisations_for(user))
    if not organisations:
        raise Http404("Not available")
    return organisations


def _shown(entries: Any) -> list[Any]:
    """The entries with their words in the reader's language (the Welsh where there is some)."""
    entries = list(entries)
    for entry in entries:
        entry.shown_name = languages.localised(entry, "name")
        entry.shown_description = languages.localised(entry, "description")
        entry.shown_contact = languages.localised(entry, "contact")
    return entries


def support_list(request: HttpRequest) -> HttpResponse:
    organisations = _staff_organisations(request.user)
    sections = [
        {
            "title": _("National entries"),
            "organisation": None,
            "can_edit": False,
            "entries": _shown(selectors.support_directory()),
        }
    ]
    for organisation in organisations:
        sections.append(
            {
                "title": organisation.name,
                "organisation": organisation,
                "can_edit": R.Role.ORG_ADMIN in roles_in(request.user, organisation),
                "entries": _shown(
                    selectors.support_directory(organisation).filter(organisation=organisation)
                ),
            }
        )
    return render(
        request,
        "practitioners/portal/support_list.jinja",
        {
            "page_title": _("Support directory"),
            "sections": sections,
        },
    )


def _admin_organisation(request: HttpRequest, org_slug: str) -> Any:
    organisation = next((o for o in _staff_organisations(request.user) if o.slug == org_slug), None)
    if organisation is None or R.Role.ORG_ADMIN not in roles_in(request.user, organisation):
        raise Http404("Not available")
    return organisation


@require_http_methods(["GET", "POST"])
def support_edit(request: HttpRequest, org_slug: str, entry_id: int | None = None) -> HttpResponse:
    organisation = _admin_organisation(request, org_slug)
    entry = None
    if entry_id is not None:
        entry = (
            selectors.support_directory(organisation).filter(organisation=organisation, pk=entry_id).first()
        )
        if entry is None:
            raise Http404("Not available")
    initial = {}
    if entry is not None:
        initial = {f: getattr(entry, f) for f in services.SUPPORT_FIELDS}
    form = SupportEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if entry is None:
                from django.utils.text import slugify

                base = slugify(data["name"])[:70] or "entry"
                services.add_support_entry(
                    organisation=organisation,
                    by=request.user,
                    key=f"{base}-{timezone.now():%Y%m%d%H%M%S}",
                    **data,
                )
            else:
                services.update_support_entry(entry=entry, by=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s saved.") % {"name": data["name"]})
            return redirect("practitioners:portal_support_list")
    return render(
        request,
        "practitioners/portal/support_edit.jinja",
        {
            "page_title": (_("Change a support entry") if entry else _("Add a support entry")),
            "form": form,
            "entry": entry,
            "organisation": organisation,
        },
    )
