from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from faircase.accounts import known_devices, services_sign_in
from faircase.accounts.forms import SignInForm


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def form_valid(self, form: Any) -> HttpResponse:
        services_sign_in.sign_in(request=self.request, user=form.get_user(), attempt=form.attempt)
        response = HttpResponseRedirect(self.get_success_url())
        # From now on this browser is held only to its own failures for this account.
        known_devices.remember(self.request, response, form.attempt.account_key)
        return response


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services_sign_in.sign_out(request=request)
        return redirect("accounts:login")
    return render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})


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
