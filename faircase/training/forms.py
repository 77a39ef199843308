from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm
from faircase.training.models import StageAnswer
from faircase.training.studies import Stage, Study, consideration_texts


def consideration_field(code: str) -> str:
    return f"consideration_{code}"


class StageForm(NhsForm):
    """A stage's considerations, each answered yes, no or unknown, and the decision the learner would make."""

    def __init__(self, *args: Any, stage: Stage, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.stage = stage
        texts = consideration_texts()
        for code in stage.considerations:
            self.fields[consideration_field(code)] = forms.ChoiceField(
                label=f"{code}: {texts[code]}",
                choices=StageAnswer.Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Answer %(code)s: yes, no or unknown") % {"code": code}},
            )
        self.fields["decision"] = forms.ChoiceField(
            label=stage.question,
            choices=[(option.key, option.label) for option in stage.options],
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the decision you would make")},
        )

    def considerations(self) -> dict[str, str]:
        return {code: self.cleaned_data[consideration_field(code)] for code in self.stage.considerations}


class SessionForm(NhsForm):
    def __init__(self, *args: Any, studies: tuple[Study, ...], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["study"] = forms.ChoiceField(
            label=_("Which case study will the group work through?"),
            choices=[(study.key, f"{study.title} ({study.setting_label})") for study in studies],
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose a case study for the session")},
        )
        self.fields["title"] = forms.CharField(
            label=_("Name of the session"),
            max_length=120,
            help_text=_(
                "For example, \u201cCase managers' induction, March\u201d. Learners see it when they join."
            ),
            error_messages={"required": _("Enter a name for the session")},
        )


class JoinForm(NhsForm):
    code = forms.CharField(
        label=_("Session code"),
        max_length=12,
        help_text=_("The facilitator gives you a code of 6 letters and numbers, for example K7MQ2X."),
        error_messages={"required": _("Enter the session code")},
    )
