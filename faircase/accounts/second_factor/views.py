"""The second-factor step of sign-in, and the person's own "Account security" pages. Thin: every change goes
through faircase.accounts.second_factor.services (or services_sign_in), and a person reaches only their own
factors."""

import base64
from binascii import unhexlify
from typing import Any
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from faircase.accounts import known_devices, services_sign_in, throttle
from faircase.accounts import services as account_services
from faircase.accounts.forms import LanguageForm, SignInForm
from faircase.accounts.models import Passkey
from faircase.accounts.second_factor import passkeys, pending, rules, services
from faircase.accounts.second_factor.forms import (
    AddPasskeyForm,
    AuthenticatorAppForm,
    PasskeyResponseForm,
    SecondFactorCodeForm,
)
from faircase.core import languages
from faircase.core.forms import apply_errors

NEW_TOTP_KEY = "faircase_new_totp_key"
NEW_RECOVERY_CODES = "faircase_new_recovery_codes"
STEP_TEMPLATE = "accounts/second_factor/step.jinja"


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# ---- sign-in ---------------------------------------------------------------------------------------------------


def _finish(request: HttpRequest, state: pending.Pending, kind: str) -> HttpResponse:
    pending.clear(request.session)
    services_sign_in.sign_in(request=request, user=state.user, attempt=state.attempt, second_factor_kind=kind)
    next_url = state.next_url
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = settings.LOGIN_REDIRECT_URL
    response = redirect(next_url)
    known_devices.remember(request, response, state.attempt.account_key)
    return response


@never_cache
@login_not_required
@require_http_methods(["GET", "POST"])
def second_factor_step(request: HttpRequest) -> HttpResponse:
    """After the right password: a code from the authenticator app, a passkey, or a recovery code."""
    state = pending.current(request.session)
    if state is None:
        messages.info(request, _("Your sign-in took too long or had not started. Sign in again."))
        return redirect(settings.LOGIN_URL)
    user = state.user
    has_app = rules.authenticator_app(user) is not None
    code_form = SecondFactorCodeForm(
        request.POST if "code-code" in request.POST else None, has_app=has_app, prefix="code"
    )
    passkey_form = PasskeyResponseForm(
        request.POST if "passkey-response" in request.POST else None, prefix="passkey"
    )
    if request.method == "POST":
        limit = throttle.refusal(state.attempt)
        if limit is not None:
            pending.clear(request.session)
            services_sign_in.record_refused_sign_in(attempt=state.attempt, limit=limit)
            messages.error(request, SignInForm.throttled_message())
            return redirect(settings.LOGIN_URL)
        if code_form.is_bound and code_form.is_valid():
            kind = services.check_code(user=user, code=code_form.cleaned_data["code"])
            if kind:
                return _finish(request, state, kind)
            services.record_failed_second_factor(attempt=state.attempt, kind="code")
            code_form.add_error(
                "code",
                _(
                    "The code is not right. Enter the code your authenticator app shows now, or an unused recovery code"
                )
                if has_app
                else "The recovery code is not right, or has been used. Enter an unused recovery code",
            )
        elif passkey_form.is_bound and passkey_form.is_valid():
            try:
                passkey, sign_count = passkeys.verified_authentication(
                    user, passkey_form.cleaned_data["response"], request.session
                )
            except passkeys.PasskeyRefused as refused:
                services.record_failed_second_factor(attempt=state.attempt, kind=services.PASSKEY)
                passkey_form.add_error(
                    "response", _("%(reason)s Or use another way to sign in") % {"reason": refused}
                )
            else:
                services.record_passkey_use(passkey=passkey, sign_count=sign_count)
                return _finish(request, state, services.PASSKEY)
        elif not code_form.is_bound and not passkey_form.is_bound:
            code_form = SecondFactorCodeForm({}, has_app=has_app, prefix="code")
    has_passkeys = user.passkeys.exists()
    return render(
        request,
        STEP_TEMPLATE,
        {
            "page_title": _("Confirm it is you"),
            "form": code_form if code_form.errors or not passkey_form.errors else passkey_form,
            "code_form": code_form,
            "passkey_form": passkey_form,
            "has_app": has_app,
            "passkey_options": passkeys.authentication_options(user, request.session) if has_passkeys else "",
        },
        status=400 if code_form.errors or passkey_form.errors else 200,
    )


# ---- the person's own factors ---------------------------------------------------------------------------------


def _security_page(request: HttpRequest, language_form: LanguageForm | None = None) -> HttpResponse:
    user = request.user
    # The language in use stands checked until the person has chosen one (their organisation's, or English).
    language_form = language_form or LanguageForm(initial={"language": user.language or languages.active()})
    return render(
        request,
        "accounts/second_factor/security.jinja",
        {
            "page_title": _("Account security"),
            "language_form": language_form,
            "app": rules.authenticator_app(user),
            "passkeys": list(user.passkeys.all()),
            "codes_left": rules.recovery_codes_left(user),
            "must_set_up": rules.must_set_one_up(user, request.session),
            "needs": rules.needs_second_factor(user),
        },
        status=400 if language_form.errors else 200,
    )


@require_http_methods(["GET", "HEAD"])
def security(request: HttpRequest) -> HttpResponse:
    return _security_page(request)


@require_POST
def choose_language(request: HttpRequest) -> HttpResponse:
    """ "Language / Iaith" on the account page: kept on the account, audited (ADR 41)."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _security_page(request, form)
    account_services.choose_language(user=request.user, language=form.cleaned_data["language"])
    # Activated now, so that the message below is in the language just chosen.
    translation.activate(form.cleaned_data["language"])
    messages.success(request, _("Your language is saved."))
    return redirect("accounts:security")


def _otpauth_uri(username: str, key_hex: str) -> str:
    secret = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    query = urlencode({"secret": secret, "issuer": "faircase", "digits": 6, "period": 30})
    return f"otpauth://totp/{quote('faircase:' + username)}?{query}"


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@require_http_methods(["GET", "HEAD", "POST"])
def add_authenticator_app(request: HttpRequest) -> HttpResponse:
    user = request.user
    if rules.authenticator_app(user) is not None:
        raise Http404("Already set up")
    key_hex = request.session.get(NEW_TOTP_KEY) or services.new_totp_key()
    request.session[NEW_TOTP_KEY] = key_hex  # kept only until the person shows a code from it
    form = AuthenticatorAppForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_authenticator_app(user=user, key_hex=key_hex, code=form.cleaned_data["code"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            request.session.pop(NEW_TOTP_KEY, None)
            messages.success(request, _("Your authenticator app is set up."))
            if rules.recovery_codes_left(user) == 0:
                request.session[NEW_RECOVERY_CODES] = services.make_recovery_codes(user=user)
                return redirect("accounts:security_recovery_codes")
            return redirect("accounts:security")
    uri = _otpauth_uri(user.get_username(), key_hex)
    secret = base64.b32encode(unhexlify(key_hex)).decode().rstrip("=")
    return render(
        request,
        "accounts/second_factor/authenticator_app.jinja",
        {
            "page_title": _("Set up an authenticator app"),
            "form": form,
            "qr_svg": segno.make(uri, error="m").svg_inline(
                scale=5, omitsize=True, title="QR code for your authenticator app"
            ),
            "secret": _grouped(secret),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def remove_authenticator_app(request: HttpRequest) -> HttpResponse:
    try:
        services.remove_authenticator_app(user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your authenticator app has been removed."))
    return redirect("accounts:security")


@require_http_methods(["GET", "HEAD", "POST"])
def add_passkey(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = AddPasskeyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            credential_id, public_key, sign_count = passkeys.verified_registration(
                form.cleaned_data["response"], request.session
            )
        except passkeys.PasskeyRefused as refused:
            form.add_error("response", str(refused))
        else:
            services.add_passkey(
                user=user,
                name=form.cleaned_data["name"],
                credential_id=credential_id,
                public_key=public_key,
                sign_count=sign_count,
            )
            messages.success(request, _("Your passkey has been added."))
            if rules.recovery_codes_left(user) == 0:
                request.session[NEW_RECOVERY_CODES] = services.make_recovery_codes(user=user)
                return redirect("accounts:security_recovery_codes")
            return redirect("accounts:security")
    return render(
        request,
        "accounts/second_factor/add_passkey.jinja",
        {
            "page_title": _("Add a passkey"),
            "form": form,
            "options": passkeys.registration_options(user, request.session),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def remove_passkey(request: HttpRequest, passkey_id: int) -> HttpResponse:
    passkey = get_object_or_404(Passkey, pk=passkey_id, user=request.user)
    try:
        services.remove_passkey(user=request.user, passkey=passkey)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The passkey '%(passkey)s' has been removed.") % {"passkey": passkey.name}
        )
    return redirect("accounts:security")


@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse | HttpResponseRedirect:
    """POST makes new codes; the page after shows them, once."""
    if request.method == "POST":
        request.session[NEW_RECOVERY_CODES] = services.make_recovery_codes(user=request.user)
        return redirect("accounts:security_recovery_codes")
    codes = request.session.pop(NEW_RECOVERY_CODES, None)
    if not codes:
        return redirect("accounts:security")
    return render(
        request,
        "accounts/second_factor/recovery_codes.jinja",
        {"page_title": _("Your recovery codes"), "codes": codes},
    )
