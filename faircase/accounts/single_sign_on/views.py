"""Single sign-on's pages. Thin: the provider module does the protocol, the selectors say who the identity is,
and every change (binding, refusals, signing in) goes through a service with its audit event."""

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from faircase.accounts import services_sign_in, throttle
from faircase.accounts.single_sign_on import provider, selectors, services
from faircase.demo.backends import DemoAwareModelBackend

# The invitation a person opened, carried through the provider's pages in their own session.
INVITATION_KEY = "faircase_sso_invitation"
LIBRARY_STATES_KEY = "oidc_states"  # where mozilla-django-oidc keeps state -> nonce and PKCE verifier
LIBRARY_NEXT_KEY = "oidc_login_next"

DID_NOT_WORK = (
    gettext_lazy("Signing in with single sign-on did not work"),
    [
        gettext_lazy(
            "faircase could not confirm who you are with your organisation's sign-in service. This can happen if you took a long time, went back a page, or opened the sign-in page in more than one tab."
        ),
    ],
)
NOT_SET_UP = (
    gettext_lazy("Your account is not set up in faircase"),
    [
        gettext_lazy(
            "Your account is not set up in faircase. Ask your organisation's faircase administrator to invite you."
        )
    ],
)
TAKEN = (
    gettext_lazy("This account is already used for someone else"),
    [
        gettext_lazy(
            "The account you signed in with is already linked to another person's faircase account, so it was not linked to yours. Ask your organisation's faircase administrator for help."
        ),
    ],
)
REFUSED = (
    gettext_lazy("You cannot sign in to faircase"),
    [
        gettext_lazy(
            "Your faircase account has been deactivated. Ask your organisation's faircase administrator if you think this is wrong."
        ),
    ],
)
UNAVAILABLE = (
    gettext_lazy("This invitation does not work"),
    [
        gettext_lazy(
            "It may have been used already, replaced by a newer one, or it may have expired. An invitation to sign in with single sign-on works once, for a few days."
        ),
        gettext_lazy("Ask the person who manages faircase at your organisation to send you a new one."),
    ],
)
PROVIDER_DOWN = (
    gettext_lazy("Single sign-on is not available"),
    [
        gettext_lazy(
            "faircase cannot reach your organisation's sign-in service at the moment. Try again in a few minutes."
        )
    ],
)


def _problem(request: HttpRequest, problem: tuple[str, list[str]], *, status: int) -> HttpResponse:
    title, paragraphs = problem
    return render(
        request,
        "accounts/single_sign_on/problem.jinja",
        {"page_title": str(title), "paragraphs": [str(p) for p in paragraphs]},  # lazy: said now
        status=status,
    )


@never_cache
@login_not_required
@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """The sign-in page's button: off to the provider, with a fresh state, nonce and PKCE challenge."""
    provider.require_configured()
    try:
        response: HttpResponse = provider.AuthorizationRequest.as_view()(request)
    except provider.ProviderUnavailable:
        return _problem(request, PROVIDER_DOWN, status=503)
    return response


@never_cache
@login_not_required
@require_GET
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link. The token is kept in this browser's session until the provider sends the person back."""
    provider.require_configured()
    try:
        found = services.find_invitation(token)
    except services.InvitationUnavailable:
        return _problem(request, UNAVAILABLE, status=410)
    request.session[INVITATION_KEY] = token
    return render(
        request,
        "accounts/single_sign_on/invitation.jinja",
        {
            "page_title": _("Finish setting up your faircase account"),
            "organisation": found.organisation,
            "button_text": provider.button_text(),
        },
    )


@never_cache
@login_not_required
@require_GET
def callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the person back: check the state, exchange the code, and find (or, with an
    invitation, bind) the one account the identity belongs to."""
    provider.require_configured()
    pending = _take_pending_state(request)
    if pending is None or request.GET.get("error") or not request.GET.get("code"):
        return _problem(request, DID_NOT_WORK, status=400)
    claims = provider.verified_claims(
        request, nonce=pending.get("nonce", ""), code_verifier=pending.get("code_verifier", "")
    )
    if claims is None:
        return _problem(request, DID_NOT_WORK, status=400)
    identity = selectors.identity_from_claims(claims, subject_claim=settings.FAIRCASE_OIDC_SUBJECT_CLAIM)
    address = throttle.client_address(request)
    token = request.session.pop(INVITATION_KEY, None)
    if token:
        try:
            user = services.bind(token=token, identity=identity)
        except services.InvitationUnavailable:
            return _problem(request, UNAVAILABLE, status=410)
        except services.IdentityTaken:
            return _problem(request, TAKEN, status=409)
    else:
        found = selectors.user_for(identity)
        if found is None:
            services.record_unknown_identity(identity=identity, address=address)
            return _problem(request, NOT_SET_UP, status=403)
        user = found
    if not DemoAwareModelBackend().user_can_authenticate(user):
        services.record_refused(user=user, identity=identity, reason="deactivated", address=address)
        return _problem(request, REFUSED, status=403)
    next_url = request.session.pop(LIBRARY_NEXT_KEY, None)
    services_sign_in.sign_in_with_single_sign_on(
        request=request, user=user, detail={"address": address, "issuer": identity.issuer}
    )
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def _take_pending_state(request: HttpRequest) -> dict[str, Any] | None:
    """The nonce and PKCE verifier stored for the state the provider returned, removed so it works once."""
    state = request.GET.get("state", "")
    states = request.session.get(LIBRARY_STATES_KEY)
    if not state or not isinstance(states, dict) or state not in states:
        return None
    pending = states.pop(state)
    request.session[LIBRARY_STATES_KEY] = states
    return pending if isinstance(pending, dict) else None
