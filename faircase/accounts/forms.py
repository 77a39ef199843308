from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from faircase.accounts import services_sign_in, throttle
from faircase.core.formatting import pluralise
from faircase.nhsuk_forms.forms import NhsFormMixin


class SignInForm(NhsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is not active. Ask your organisation's administrator.",
        # The same words whichever limit was met and whether or not the account exists.
        "throttled": (
            "There have been too many failed attempts to sign in. Wait {wait}, then try again, or ask your "
            "organisation's administrator to check your account."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.attempt: throttle.Attempt | None = None

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # the missing field has its own error; no password was tried
        self.attempt = throttle.attempt_for(self.request, username)
        limit = throttle.refusal(self.attempt)
        if limit is not None:
            services_sign_in.record_refused_sign_in(attempt=self.attempt, limit=limit)
            raise forms.ValidationError(self.throttled_message(), code="throttled")
        try:
            return super().clean()
        except forms.ValidationError:
            services_sign_in.record_failed_sign_in(attempt=self.attempt)
            raise

    @classmethod
    def throttled_message(cls) -> str:
        minutes = throttle.wait_minutes()
        return cls.error_messages["throttled"].format(wait=pluralise(minutes, "minute"))
