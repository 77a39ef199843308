"""Forms for invitations, accepting them, sharing concerns and the support directory."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.accounts.models import Language
from faircase.cases.choices import Profession
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class InviteForm(NhsForm):
    email = forms.EmailField(
        label=_("Practitioner's email address"),
        help_text=_(
            "We will email them a link to set up their account. The link works once and expires in 7 days."
        ),
        error_messages={
            "required": _("Enter the practitioner's email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.com"),
        },
    )


class AcceptForm(NhsForm):
    # Each language is named in itself (Language's labels), so a reader finds theirs whichever page they see.
    language = forms.ChoiceField(
        label=_("Which language do you want to use faircase in?"),
        help_text=_("You can change this at any time with the link at the top of every page."),
        choices=Language.choices,
        widget=forms.RadioSelect,
        required=False,  # none chosen: the organisation's default applies
        error_messages={"invalid_choice": _("Choose Cymraeg or English")},
    )
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("You will use this to sign in. We have suggested your email address."),
        error_messages={"required": _("Enter a username")},
    )
    password = forms.CharField(
        label=_("Create a password"),
        help_text=_(
            "Use 12 characters or more. Three or four unrelated words are easy to remember and hard to guess. "
            "Do not use your name or a password you use anywhere else."
        ),
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

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The passwords do not match"))
        return data


class ShareConcernForm(NhsForm):
    text = forms.CharField(
        label=_("What the practitioner will be told"),
        help_text=_("Use plain English. The practitioner sees exactly these words on their own page."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter what the practitioner will be told")},
    )


NATION_CHOICES = [
    ("england", _("England")),
    ("wales", _("Wales")),
    ("northern-ireland", _("Northern Ireland")),
]


class SupportEntryForm(NhsForm):
    name = forms.CharField(label=_("Name"), max_length=200, error_messages={"required": _("Enter the name")})
    description = forms.CharField(
        label=_("What it offers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what it offers")},
    )
    contact = forms.CharField(label=_("Contact details (optional)"), max_length=300, required=False)
    website = forms.URLField(
        label=_("Website (optional)"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address, like https://example.org")},
    )
    professions = forms.MultipleChoiceField(
        error_messages={
            "invalid_choice": _("Select professions from the list, or none for every profession")
        },
        label=_("For which professions?"),
        help_text=_("Choose none for every profession."),
        required=False,
        choices=Profession.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    nations = forms.MultipleChoiceField(
        error_messages={"invalid_choice": _("Select nations from the list, or none for every nation")},
        label=_("In which nations?"),
        help_text=_("Choose none for every nation."),
        required=False,
        choices=NATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    last_checked_on = NhsDateField(
        label=_("Details last checked on"),
        past_only=True,
        help_text=_("For example, 3 11 2026"),
        error_messages={"required": _("Enter the date the details were last checked")},
    )
    retired = forms.BooleanField(label=_("No longer offered: hide it from practitioners"), required=False)
