"""Forms for an organisation's people. They collect values; faircase.accounts.services decides what may be saved
and says what to put right."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from faircase.accounts.models import DocumentLanguages, Language, Nation
from faircase.accounts.people.presenters import role_choices, role_hints
from faircase.nhsuk_forms.forms import NhsForm


def _link_days() -> int:
    return settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)


class RoleField(forms.ChoiceField):
    """Radios for the roles of faircase, each with what it lets the person do."""

    widget = forms.RadioSelect

    def __init__(self, *, organisation: Any, roles: list[str] | None = None, **kwargs: Any):
        super().__init__(choices=role_choices(roles), **kwargs)
        self.item_hints = role_hints(organisation)


class AddPersonForm(NhsForm):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the person's full name"),
            "max_length": _("The full name must be 200 characters or fewer"),
        },
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("They will use this to sign in. Use letters, numbers and the characters @ . + - _ only."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter a username for the person"),
            "max_length": _("The username must be 150 characters or fewer"),
        },
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter the person's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
            "max_length": _("Enter an email address in the correct format, like name@example.com"),
        },
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        days = _link_days()
        self.fields["email"].help_text = ngettext(
            "We will email them a link to set their password. It works once, for %(num)d day.",
            "We will email them a link to set their password. It works once, for %(num)d days.",
            days,
        ) % {"num": days}
        self.fields["role"] = RoleField(
            organisation=organisation,
            label=_("Role"),
            help_text=_("You can give them more roles afterwards."),
            error_messages={
                "required": _("Choose the person's role"),
                "invalid_choice": _("Choose the person's role"),
            },
        )


class GrantRoleForm(NhsForm):
    def __init__(self, *args: Any, organisation: Any, roles: list[str], person_name: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["role"] = RoleField(
            organisation=organisation,
            roles=roles,
            label=_("Which role should %(name)s also have?") % {"name": person_name},
            error_messages={
                "required": _("Choose a role to give"),
                "invalid_choice": _("Choose a role to give"),
            },
        )


class SetPasswordForm(NhsForm):
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_("Use at least 12 characters. Do not use a password you use anywhere else."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": _("Create a password")},
    )
    password_again = forms.CharField(
        label=_("Enter the password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        error_messages={"required": _("Enter the password again")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The passwords do not match. Enter the same password twice"))
        return data


class OrganisationLanguagesForm(NhsForm):
    """An organisation's default language and, in Wales, whether its letters and records are bilingual. The
    service decides what may be saved (faircase.accounts.services.set_organisation_languages)."""

    default_language = forms.ChoiceField(
        label=_("Default language"),
        help_text=_("The language of faircase for your organisation's people until each chooses their own."),
        choices=Language.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose English or Cymraeg as the default language"),
            "invalid_choice": _("Choose English or Cymraeg as the default language"),
        },
    )
    document_languages = forms.ChoiceField(
        label=_("Letters and records"),
        help_text=_(
            "The language of the letters and disclosable records faircase produces for a practitioner."
        ),
        choices=DocumentLanguages.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the language of letters and records"),
            "invalid_choice": _("Choose the language of letters and records"),
        },
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if organisation.nation != Nation.WALES:
            # Bilingual documents are for Welsh bodies; elsewhere letters follow each practitioner's choice.
            del self.fields["document_languages"]
