"""The form that prepares a bundle: which third parties to redact, and other words or phrases. The service checks
the terms again, so the web and the command line refuse alike."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faircase.bundles.redaction import MAX_TERM_LENGTH, MAX_TERMS
from faircase.bundles.services import check_terms
from faircase.nhsuk_forms.forms import NhsForm

OTHER_TERMS_MAX = MAX_TERMS * (MAX_TERM_LENGTH + 1)


# Said in the language of the request that shows it (the number is not Django's max_length, which counts characters).
_too_many_terms = lazy(
    lambda: gettext("Give at most %(count)s names or phrases to redact") % {"count": MAX_TERMS}, str
)


class PrepareBundleForm(NhsForm):
    redact = forms.MultipleChoiceField(
        label=_("Which of these people should be redacted?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people from the list, or none")},
        help_text=_("Each occurrence of a ticked name is replaced by [redacted] everywhere in the bundle."),
    )
    other_terms = forms.CharField(
        label=_("Other names, words or phrases to redact (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        max_length=OTHER_TERMS_MAX,
        error_messages={"max_length": _too_many_terms()},
        help_text=_(
            "One a line: for example a patient's name, a complainant's name or a ward and bed number. "
            "Staff acting in their role are not redacted unless you add them here."
        ),
    )

    def __init__(self, *args: Any, third_parties: list[tuple[str, str]], **kwargs: Any) -> None:
        """`third_parties`: (name, label) for each person found in the cases; the label says where."""
        super().__init__(*args, **kwargs)
        field = self.fields["redact"]
        field.choices = third_parties
        if not third_parties:
            field.help_text = gettext("faircase found nobody else named in the cases: add any names below.")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lines = (cleaned.get("other_terms") or "").splitlines()
        try:
            cleaned["terms"] = check_terms([*cleaned.get("redact", []), *lines], field="other_terms")
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned
