"""The retention forms, rendered as NHS.UK components. They collect what is asked; the services decide what is
refused, so the web and the command refuse alike."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm

from .models import HoldReason


class HoldForm(NhsForm):
    reason = forms.ChoiceField(
        label=_("Why is the case held?"),
        choices=HoldReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose why the case is held")},
    )
    note = forms.CharField(
        label=_("What the hold is for"),
        help_text=_(
            "The claim, tribunal, inquiry or request, its reference, and who asked for the records to be kept."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _("Say what the hold is for: the claim, inquiry or request, and who asked"),
            "max_length": _("What the hold is for must be 2000 characters or fewer"),
        },
    )


class LiftHoldForm(NhsForm):
    lift_note = forms.CharField(
        label=_("Why can the hold be lifted?"),
        help_text=_(
            "For example: the claim was settled, or the request was answered. Once lifted, the case "
            "follows the retention schedule again."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={
            "required": _("Say why the hold can be lifted"),
            "max_length": _("Why the hold can be lifted must be 2000 characters or fewer"),
        },
    )


class ChooseForDeletionForm(NhsForm):
    """The due cases, each with its rule, ticked for deletion (the next page asks to confirm)."""

    case = forms.MultipleChoiceField(
        label=_("Which cases should be deleted?"),
        help_text=_("Tick each case to delete. You will be asked to confirm on the next page."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Tick at least one case to delete"),
            "invalid_choice": _("Tick cases from the list: one of them is no longer due"),
        },
    )

    def __init__(self, *args: Any, due: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["case"]).choices = due


class ConfirmDeletionForm(NhsForm):
    understood = forms.BooleanField(
        label=_("I understand that these case records will be deleted and cannot be restored"),
        error_messages={"required": _("Confirm that you understand the records cannot be restored")},
    )
