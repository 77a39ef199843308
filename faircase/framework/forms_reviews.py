from typing import Any

from django import forms
from django.utils import timezone

from faircase.framework.principles import Answer, ReviewPoint
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class StartReviewForm(NhsForm):
    review_point = forms.ChoiceField(
        label="Which decision is this review for?", choices=ReviewPoint.choices, widget=forms.RadioSelect
    )


CLOSE_CHOICES = [("open", "No, leave it open"), ("close", "Yes, close it")]


class PrincipleAnswersForm(NhsForm):
    """The considerations of one Principle in one review. A "no" or "unknown" asks for its follow-up; where a
    follow-up is already open for a consideration, a "yes" offers to close it, with a reason."""

    def __init__(
        self,
        *args: Any,
        considerations: list[Any],
        people: list[Any],
        open_follow_ups: dict[str, Any] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.considerations = considerations
        self.people = {str(p.pk): p for p in people}
        self.open_follow_ups = open_follow_ups or {}
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
                label="Who will do it?",
                choices=owner_choices,
                required=False,
                help_text="Only people who can see this case: nobody excluded from it.",
            )
            self.fields[f"{prefix}-follow_up_due_on"] = NhsDateField(label="By when?", required=False)
            if c.code in self.open_follow_ups:
                self.fields[f"{prefix}-close_follow_up"] = forms.ChoiceField(
                    label=f"Close the follow-up for {c.code}?",
                    choices=CLOSE_CHOICES,
                    initial="open",
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.fields[f"{prefix}-close_reason"] = forms.CharField(
                    label="Say why the follow-up can close",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text="This reason appears in the disclosable record.",
                )

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for c in self.considerations:
            prefix = f"c{c.pk}"
            has_open = c.code in self.open_follow_ups
            rows.append(
                {
                    "consideration": c,
                    "answer": self[f"{prefix}-answer"],
                    "note": self[f"{prefix}-note"],
                    "follow_up": [
                        self[f"{prefix}-follow_up_action"],
                        self[f"{prefix}-follow_up_owner"],
                        self[f"{prefix}-follow_up_due_on"],
                    ],
                    "open_follow_up": self.open_follow_ups.get(c.code),
                    "close": [self[f"{prefix}-close_follow_up"], self[f"{prefix}-close_reason"]]
                    if has_open
                    else [],
                }
            )
        return rows

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        today = timezone.localdate()
        for c in self.considerations:
            due = data.get(f"c{c.pk}-follow_up_due_on")
            open_follow_up = self.open_follow_ups.get(c.code)
            # An open follow-up may keep the due date it has, even once passed: it shows as overdue.
            kept = open_follow_up is not None and due == open_follow_up.due_on
            if (
                data.get(f"c{c.pk}-answer") in (Answer.NO, Answer.UNKNOWN)
                and due
                and due < today
                and not kept
            ):
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
                "close_follow_up": self.cleaned_data.get(f"c{c.pk}-close_follow_up") == "close",
                "close_reason": self.cleaned_data.get(f"c{c.pk}-close_reason", ""),
            }
        return result


class CloseFollowUpForm(NhsForm):
    outcome = forms.CharField(
        label="Say why the follow-up can close",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What was found or done. This appears in the disclosable record.",
    )


class CarryFollowUpForm(NhsForm):
    reason = forms.CharField(
        label="Why is the follow-up carried beyond the case, and to whom?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, handed to the practitioner's appraiser to pick up at their next appraisal. "
        "This reason appears in the disclosable record.",
    )


class ReassignFollowUpForm(NhsForm):
    owner = forms.ChoiceField(
        label="Who will own the follow-up?",
        help_text="Only people who can see this case: nobody excluded from it.",
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (str(p.pk), p.display_name) for p in people
        ]

    def chosen(self) -> Any:
        return self.people.get(self.cleaned_data["owner"])
