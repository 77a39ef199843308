"""The chronology's filter: which kinds of entry to show (none chosen shows every kind)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.cases.presenters_chronology import kind_choices
from faircase.nhsuk_forms.forms import NhsForm


class ChronologyFilterForm(NhsForm):
    kind = forms.MultipleChoiceField(
        label=_("Show only"),
        help_text=_("Choose none to see every kind of entry."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose kinds of entry from the list")},
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kind_choices()
