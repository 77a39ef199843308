from typing import Any

from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods

from faircase.accounts import throttle
from faircase.accounts.forms import SignInForm
from faircase.core import audit


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "accounts/sign_in.jinja"
    redirect_authenticated_user = True
    extra_context = {"page_title": "Sign in"}

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        with transaction.atomic():
            throttle.clear_failures(username=user.get_username())
            audit.record(by=user, action="user.signed_in", obj=user, object_type="accounts.user")
            return super().form_valid(form)


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return redirect("accounts:login")
    return render(request, "accounts/sign_out.jinja", {"page_title": "Sign out"})
