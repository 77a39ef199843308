from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm


class TermForm(NhsForm):
    term = forms.CharField(
        label=_("Word or phrase"),
        max_length=100,
        help_text=_(
            "Plain words only, for example \u201cnot a people person\u201d. Capitals and a plural of the last word "
            "are matched too."
        ),
        error_messages={"required": _("Enter the word or phrase")},
    )
    variants = forms.CharField(
        label=_("Other wordings (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One on each line, for example \u201cnot a people-person\u201d."),
    )
    why = forms.CharField(
        label=_("Why is it a problem?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the word or phrase is a problem")},
    )
    suggestion = forms.CharField(
        label=_("What should people write instead?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Point to observable behaviour: what was said or done, when, and the effect."),
        error_messages={"required": _("Suggest what to write instead")},
    )


class SwitchOffForm(NhsForm):
    reason = forms.CharField(
        label=_("Why does your organisation switch this term off?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The reason is kept in the audit trail."),
        error_messages={"required": _("Say why your organisation switches this term off")},
    )
