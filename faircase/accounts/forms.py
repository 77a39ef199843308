from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from faircase.accounts import services_sign_in, throttle
from faircase.accounts.models import Language
from faircase.nhsuk_forms.forms import NhsForm, NhsFormMixin


class SignInForm(NhsFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Enter a correct username and password. Both are case-sensitive."),
        "inactive": _("This account is not active. Ask your organisation's administrator."),
        # The same words whichever limit was met and whether or not the account exists.
        "throttled": _(
            "There have been too many failed attempts to sign in. Wait %(wait)s, then try again, or ask your "
            "organisation's administrator to check your account."
        ),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # Labelled here, not by Django's own catalogue, so that the page says them as faircase does.
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")
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
        wait = ngettext("%(num)d minute", "%(num)d minutes", minutes) % {"num": minutes}
        return str(cls.error_messages["throttled"]) % {"wait": wait}


class LanguageForm(NhsForm):
    """The person's own language, kept on their account. Each language is named in itself, as a person looking
    for their language expects to find it."""

    language = forms.ChoiceField(
        label=_("Language / Iaith"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose English or Cymraeg"),
            "invalid_choice": _("Choose English or Cymraeg"),
        },
    )
