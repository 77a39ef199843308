"""Forms for the surveys. The questions and their wording come from faircase/data/support/surveys.yaml."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.nhsuk_forms.forms import NhsForm
from faircase.practitioners import surveys
from faircase.practitioners.models import SurveyInvitation


def _choices(answer_scale: tuple[tuple[int, str], ...]) -> list[tuple[str, str]]:
    return [(str(value), f"{value}: {label}") for value, label in answer_scale]


class ExperienceForm(NhsForm):
    comments = forms.CharField(
        error_messages={"max_length": gettext_lazy("Your comments must be 2000 characters or fewer")},
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = _choices(surveys.scale_shown())
        for question in surveys.experience_questions():
            self.fields[question.key] = forms.ChoiceField(
                label=question.shown_text,
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose an answer for: %(question)s") % {"question": question.shown_text}
                },
            )
        comments = surveys.experience_comments()
        self.fields["comments"].label = _("%(question)s (optional)") % {"question": comments.shown_text}
        self.fields["comments"].help_text = comments.shown_hint
        # Questions first, the free text last.
        self.order_fields([*(q.key for q in surveys.experience_questions()), "comments"])

    def answers(self) -> dict[str, int]:
        return {key: int(self.cleaned_data[key]) for key in surveys.EXPERIENCE_KEYS}


class ConfidenceForm(NhsForm):
    confidence = forms.ChoiceField(widget=forms.RadioSelect)
    comments = forms.CharField(
        error_messages={"max_length": gettext_lazy("Your comments must be 2000 characters or fewer")},
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        question = surveys.confidence_question()
        field = self.fields["confidence"]
        field.label = question.shown_text
        field.choices = _choices(surveys.confidence_scale_shown())
        field.error_messages["required"] = _("Choose how confident you are in this decision")
        comments = surveys.confidence_comments()
        self.fields["comments"].label = comments.shown_text
        self.fields["comments"].help_text = comments.shown_hint


class InviteForm(NhsForm):
    point = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select the point at which to invite the practitioner")},
        choices=SurveyInvitation.Point.choices,
        widget=forms.HiddenInput,
    )


class PeriodForm(NhsForm):
    year = forms.TypedChoiceField(
        error_messages={"invalid_choice": gettext_lazy("Select a year from the list")},
        label=gettext_lazy("Year"),
        coerce=int,
        required=False,
    )

    def __init__(self, *args: Any, today: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["year"].choices = [(str(y), str(y)) for y in surveys.years(today)]

    def chosen_year(self) -> int:
        if self.is_valid() and self.cleaned_data.get("year"):
            return self.cleaned_data["year"]
        return self.today.year
