"""Forms for key dates and for moving a case to another policy pack version."""

from django import forms

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.policy.events import KEY_DATE_EVENTS


class KeyDateForm(NhsForm):
    event = forms.ChoiceField(
        label="What happened, or is arranged?",
        choices=[("", "Choose an event"), *KEY_DATE_EVENTS],
        error_messages={"required": "Choose what happened"},
    )
    on = NhsDateField(
        label="Date",
        help_text="For example, 18 12 2026. Only hearing dates can be in the future.",
        error_messages={"required": "Enter the date"},
    )
    note = forms.CharField(label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PackVersionForm(NhsForm):
    version = forms.ChoiceField(
        label="Version to follow",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the version the case should follow"},
    )
    reason = forms.CharField(
        label="Why should the case follow this version?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This is kept in the case's history.",
        error_messages={"required": "Say why the case should follow another version of the policy pack"},
    )

    def __init__(self, *args, versions: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].choices = versions
