from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from faircase.accounts import throttle
from faircase.nhsuk_forms.forms import NhsFormMixin


class SignInForm(NhsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your organisation's administrator.",
        "throttled": (
            "There have been too many failed attempts to sign in. Wait 15 minutes, then try again, or ask your "
            "organisation's administrator to check your account."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        address = throttle.client_address(self.request)
        if throttle.is_throttled(username=username, address=address):
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            throttle.record_failure(username=username, address=address)
            raise
