from typing import Any

from django import forms
from django.utils import timezone

from faircase.framework.principles import Answer, ReviewPoint
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class StartReviewForm(NhsForm):
    review_point = forms.ChoiceField(
        label="Which decision is this review for?", choices=ReviewPoint.choices, widget=forms.RadioSelect
    )


class PrincipleAnswersForm(NhsForm):
    """The considerations of one Principle in one review. A "no" or "unknown" asks for its follow-up."""

    def __init__(self, *args: Any, considerations: list[Any], people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.considerations = considerations
        self.people = {str(p.pk): p for p in people}
        owner_choices = [("", "Choose who will do it")] + [(str(p.pk), p.display_name) for p in people]
        for c in considerations:
            prefix = f"c{c.pk}"
            self.fields[f"{prefix}-answer"] = forms.ChoiceField(
                label=f"{c.code}: {c.text}", choices=Answer.choices, required=False, widget=forms.RadioSelect
            )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label="Note",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text="Required if the consideration does not apply: say why.",
            )
            self.fields[f"{prefix}-follow_up_action"] = forms.CharField(
                label="What will be done to find out or put it right?",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{prefix}-follow_up_owner"] = forms.ChoiceField(
                label="Who will do it?", choices=owner_choices, required=False
            )
            self.fields[f"{prefix}-follow_up_due_on"] = NhsDateField(label="By when?", required=False)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "consideration": c,
                "answer": self[f"c{c.pk}-answer"],
                "note": self[f"c{c.pk}-note"],
                "follow_up": [
                    self[f"c{c.pk}-follow_up_action"],
                    self[f"c{c.pk}-follow_up_owner"],
                    self[f"c{c.pk}-follow_up_due_on"],
                ],
            }
            for c in self.considerations
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for c in self.considerations:
            due = data.get(f"c{c.pk}-follow_up_due_on")
            if data.get(f"c{c.pk}-answer") in (Answer.NO, Answer.UNKNOWN) and due and due < today:
                self.add_error(
                    f"c{c.pk}-follow_up_due_on", f"The follow-up for {c.code} must be due today or later"
                )
        return data

    def answers(self) -> dict[int, dict[str, Any]]:
        """The answers given on this page, for faircase.framework.services.save_answers."""
        result = {}
        for c in self.considerations:
            answer = self.cleaned_data.get(f"c{c.pk}-answer")
            if not answer:
                continue
            result[c.pk] = {
                "answer": answer,
                "note": self.cleaned_data.get(f"c{c.pk}-note", ""),
                "follow_up_action": self.cleaned_data.get(f"c{c.pk}-follow_up_action", ""),
                "follow_up_owner": self.people.get(self.cleaned_data.get(f"c{c.pk}-follow_up_owner") or ""),
                "follow_up_due_on": self.cleaned_data.get(f"c{c.pk}-follow_up_due_on"),
            }
        return result


class CloseFollowUpForm(NhsForm):
    outcome = forms.CharField(
        label="What was found or done?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="This outcome appears in the disclosable record.",
    )
