"""Forms for the second factor. They collect what was typed; the services decide whether it is right."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm


class SecondFactorCodeForm(NhsForm):
    """At sign-in: a code from the authenticator app, or a recovery code."""

    code = forms.CharField(
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "spellcheck": "false"}),
        error_messages={"required": _("Enter a code"), "max_length": _("A code is 20 characters or fewer")},
    )

    def __init__(self, *args: Any, has_app: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        if has_app:
            field.label = _("Code from your authenticator app")
            field.help_text = _(
                "The 6-digit code your app shows now. If you cannot use your app, enter a recovery code."
            )
            field.error_messages["required"] = _(
                "Enter the code from your authenticator app, or a recovery code"
            )
        else:
            field.label = _("Recovery code")
            field.help_text = _(
                "One of the codes you were given when you set up your second factor, like abcde-fghjk."
            )
            field.error_messages["required"] = _("Enter a recovery code")


class PasskeyResponseForm(NhsForm):
    """What the browser's passkey returned; filled in by accounts/passkeys.js, never typed."""

    response = forms.CharField(
        widget=forms.HiddenInput,
        max_length=20000,
        error_messages={
            "required": _("Your browser did not return a passkey. Try again, or use another way to sign in"),
            "max_length": _("Your browser returned too much. Try again, or use another way to sign in"),
        },
    )


class AuthenticatorAppForm(NhsForm):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("After you have added faircase to the app, enter the 6-digit code it shows."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
        error_messages={
            "required": _("Enter the 6-digit code from your authenticator app"),
            "max_length": _("The code is 6 digits"),
            "min_length": _("The code is 6 digits"),
        },
    )


class AddPasskeyForm(NhsForm):
    name = forms.CharField(
        label=_("Name for this passkey"),
        help_text=_("So you can tell your passkeys apart, for example 'Work laptop'."),
        max_length=60,
        required=False,
        error_messages={"max_length": _("The name must be 60 characters or fewer")},
    )
    response = forms.CharField(
        widget=forms.HiddenInput,
        max_length=20000,
        error_messages={
            "required": _(
                "Your browser did not create a passkey. Select 'Add a passkey' and follow its steps"
            ),
            "max_length": _("Your browser returned too much. Try again"),
        },
    )
