from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class AdoptionForm(NhsForm):
    framework_adopted_on = NhsDateField(
        label=_("When did the organisation adopt the framework?"),
        help_text=_(
            "The day the organisation began to use the Fairness and Proportionality framework. For example, 1 4 2026"
        ),
        error_messages={"required": _("Enter the date the organisation adopted the framework")},
    )


class PeriodForm(NhsForm):
    """Which six months since adoption to evaluate (fixed periods that never overlap: docs/adr/0023)."""

    period = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        error_messages={
            "required": _("Choose which six months since the framework was adopted to evaluate"),
            "invalid_choice": _("Choose one of the six-month periods since the framework was adopted"),
        },
    )

    def __init__(self, *args: Any, periods: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["period"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(str(n), label) for n, label in periods or [(1, str(_("The first six months")))]]
