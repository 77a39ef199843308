"""Forms for the blind second look. They collect values; the services decide what may be saved."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm
from faircase.second_look.choices import DECISIONS, Decision, routes_for


def _textarea(label: Any, *, missing: Any, help_text: Any = "", required: bool = True, rows: int = 6) -> Any:
    """A text box; `missing`: the message when it is required and left empty (each may be a lazy translation)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing},
    )


class DecisionForm(NhsForm):
    decision = forms.ChoiceField(
        label=_("Which decision do you want a second look at?"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        help_text=_("A significant decision: the reviewer will say which route they would take."),
        error_messages={"required": _("Choose the decision you want a second look at")},
    )


class DraftForm(NhsForm):
    def __init__(self, *args: Any, decision: str, reviewers: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["proposed_route"] = forms.ChoiceField(
            label=gettext("Which route do you propose?"),
            choices=routes_for(decision),
            widget=forms.RadioSelect,
            help_text=gettext(
                "The reviewer is not told: they answer blind, and you compare their answer with this."
            ),
            error_messages={"required": gettext("Choose the route you propose")},
        )
        self.fields["reviewer"] = forms.ChoiceField(
            label=gettext("Who should take the second look?"),
            choices=[("", gettext("Choose a person")), *reviewers],
            help_text=gettext(
                "Someone in the organisation who is not named on the case, not excluded from it, cannot "
                "open it and cannot read equality data, so they read only the anonymised summary."
            ),
            error_messages={
                "required": gettext("Choose the reviewer"),
                "invalid_choice": gettext("Choose the reviewer"),
            },
        )


class SummaryForm(NhsForm):
    summary = _textarea(
        _("The summary the reviewer will read"),
        help_text=_(
            "Edit it if you need to: faircase checks your edit again before it is sent. Leave each "
            "[removed: ...] marker in place so the reviewer knows something was taken out."
        ),
        rows=24,
        missing=_("Enter the summary the reviewer will read"),
    )

    def __init__(self, *args: Any, warnings: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if warnings:
            self.fields["checked"] = forms.BooleanField(
                label=gettext(
                    "I have checked the words faircase warned about: they do not name the practitioner"
                ),
                required=False,
            )


class WithdrawForm(NhsForm):
    def __init__(self, *args: Any, required: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = _textarea(
            gettext("Why are you withdrawing it?")
            if required
            else gettext("Why are you withdrawing it? (optional)"),
            required=required,
            rows=3,
            missing=gettext("Say why you are withdrawing the request"),
        )


class AnswerForm(NhsForm):
    def __init__(self, *args: Any, decision: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["route"] = forms.ChoiceField(
            label=DECISIONS[Decision(decision)].question,
            choices=routes_for(decision),
            widget=forms.RadioSelect,
            error_messages={"required": gettext("Choose the route you would take")},
        )
        self.fields["reasons"] = _textarea(
            gettext("Why?"),
            help_text=gettext(
                "What in the summary leads you to this route, and what would change your mind."
            ),
            missing=gettext("Give your reasons"),
        )


class RecordForm(NhsForm):
    def __init__(self, *args: Any, decision: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["route_after"] = forms.ChoiceField(
            label=gettext("Which route do you now propose?"),
            choices=routes_for(decision),
            widget=forms.RadioSelect,
            error_messages={"required": gettext("Choose the route you now propose")},
        )
        self.fields["taken_into_account"] = _textarea(
            gettext("How was the reviewer's view taken into account?"),
            help_text=gettext(
                "Where the reviewer would take a different route, say why you keep your route or change it. "
                "This goes into the disclosable record."
            ),
            missing=gettext("Say how the reviewer's view was taken into account"),
        )
