from django import forms

from faircase.nhsuk_forms.forms import NhsForm


class TermForm(NhsForm):
    term = forms.CharField(
        label="Word or phrase",
        max_length=100,
        help_text="Plain words only, for example \u201cnot a people person\u201d. Capitals and a plural of the last "
        "word are matched too.",
        error_messages={"required": "Enter the word or phrase"},
    )
    variants = forms.CharField(
        label="Other wordings (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One on each line, for example \u201cnot a people-person\u201d.",
    )
    why = forms.CharField(
        label="Why is it a problem?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the word or phrase is a problem"},
    )
    suggestion = forms.CharField(
        label="What should people write instead?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Point to observable behaviour: what was said or done, when, and the effect.",
        error_messages={"required": "Suggest what to write instead"},
    )


class SwitchOffForm(NhsForm):
    reason = forms.CharField(
        label="Why does your organisation switch this term off?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The reason is kept in the audit trail.",
        error_messages={"required": "Say why your organisation switches this term off"},
    )
