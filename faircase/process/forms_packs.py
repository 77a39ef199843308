"""Forms for key dates and for moving a case to another policy pack version."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.policy.events import KEY_DATE_EVENTS


class KeyDateForm(NhsForm):
    event = forms.ChoiceField(
        label=_("What happened, or is arranged?"),
        choices=lambda: [("", _("Choose an event")), *KEY_DATE_EVENTS],
        error_messages={"required": _("Choose what happened")},
    )
    on = NhsDateField(
        label=_("Date"),
        help_text=_("For example, 18 12 2026. Only hearing dates can be in the future."),
        error_messages={"required": _("Enter the date")},
    )
    note = forms.CharField(
        label=_("Note (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class PackVersionForm(NhsForm):
    version = forms.ChoiceField(
        label=_("Version to follow"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the version the case should follow")},
    )
    reason = forms.CharField(
        label=_("Why should the case follow this version?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("This is kept in the case's history."),
        error_messages={"required": _("Say why the case should follow another version of the policy pack")},
    )

    def __init__(self, *args, versions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = versions
