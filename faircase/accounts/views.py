from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from faircase.accounts import known_devices, services_sign_in
from faircase.accounts.forms import SignInForm
from faircase.accounts.middleware_session import SIGNED_OUT_KEY
from faircase.accounts.second_factor import pending, rules
from faircase.accounts.single_sign_on import provider


def signed_out_message(note: dict[str, Any] | None) -> str:
    if not note:
        return ""
    how_long = duration(int(note.get("seconds", 0)))
    if note.get("reason") == "absolute":
        # The absolute session limit (ADR 30), however active the session was.
        message = _(
            "You were signed out %(how_long)s after you signed in, to protect the information in faircase."
        ) % {"how_long": how_long}
    else:
        message = _(
            "You were signed out after %(how_long)s without activity, to protect the information in faircase."
        ) % {"how_long": how_long}
    if note.get("draft_kept"):
        message += " " + _("Your draft has been kept: sign in again to carry on.")
    return message


def duration(seconds: int) -> str:
    """A length of time as faircase.core.formatting.duration_words says it, in the language in use: whole hours
    when it is some, else whole minutes, or seconds below a minute."""
    if seconds >= 60 * 60 and seconds % (60 * 60) == 0:
        hours = seconds // (60 * 60)
        return ngettext("%(num)d hour", "%(num)d hours", hours) % {"num": hours}
    if seconds >= 60:
        minutes = seconds // 60
        return ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
    return ngettext("%(num)d second", "%(num)d seconds", seconds) % {"num": seconds}


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Sign in")
        # Said once, on the page the person lands on after their session ran out.
        context["signed_out_message"] = signed_out_message(self.request.session.pop(SIGNED_OUT_KEY, None))
        context["single_sign_on"] = sign_in_choices(context.get("next", ""))
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Where the settings leave single sign-on as the only way in, no password is checked at all.
        if not provider.password_sign_in_allowed():
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if rules.can_finish_sign_in_with(user):
            # The right password; not signed in until the second factor too (ADR 30).
            pending.start(
                self.request.session, user=user, attempt=form.attempt, next_url=self.get_success_url()
            )
            return redirect("accounts:second_factor")
        services_sign_in.sign_in(request=self.request, user=form.get_user(), attempt=form.attempt)
        response = HttpResponseRedirect(self.get_success_url())
        # From now on this browser is held only to its own failures for this account.
        known_devices.remember(self.request, response, form.attempt.account_key)
        return response


def sign_in_choices(next_url: str) -> dict[str, Any]:
    """What the sign-in page offers: the single sign-on button when it is configured, and the password form
    unless the settings switched it off."""
    if not provider.configured():
        return {"button": None, "password": True}
    href = reverse("single_sign_on:start") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    return {
        "button": {"text": provider.button_text(), "href": href},
        "password": provider.password_sign_in_allowed(),
    }


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services_sign_in.sign_out(request=request)
        return redirect("accounts:login")
    return render(request, "accounts/sign_out.jinja", {"page_title": _("Sign out")})


@never_cache
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in": the request itself extends the session (SESSION_SAVE_EVERY_REQUEST). The warning's
    script asks for JSON; without it, the person goes back to the page they were on."""
    request.session.modified = True
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"seconds": settings.SESSION_COOKIE_AGE})
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("cases:home")
    return redirect(next_url)


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponse:
    """Stands in for the Django admin's own sign-in, which checks passwords outside the throttle and the audit:
    platform staff sign in on the product's page and come back to the admin."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if not request.user.is_authenticated:
        return auth_views.redirect_to_login(next_url, login_url=settings.LOGIN_URL)
    if request.user.is_active and request.user.is_staff:
        return redirect(next_url)
    # Signed in, but not platform staff: the admin is not theirs to find.
    raise Http404("Not available")
