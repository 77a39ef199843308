"""The investigation's forms, rendered as NHS.UK components by faircase.nhsuk_forms. They collect what was
entered; the services decide (who may investigate, which documents and concerns are the case's)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm

Choices = list[tuple[str, str]]


class AppointForm(NhsForm):
    investigator = forms.ChoiceField(
        label=_("Who is the case investigator?"),
        help_text=_("A person of the organisation. They are named on the case and may then see it."),
        error_messages={"required": _("Choose the case investigator")},
    )
    appointed_on = NhsDateField(
        label=_("Date of appointment"),
        help_text=_("The investigation's timescale runs from this date. For example, 27 3 2026"),
        past_only=True,
        error_messages={"required": _("Enter the date they were appointed")},
    )

    def __init__(self, *args: Any, people: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["investigator"].choices = [("", _("Choose a person")), *people]


class TermsForm(NhsForm):
    scope = forms.CharField(
        label=_("Scope of the investigation"),
        help_text=_("What the investigation is to establish, and anything it is not to look into."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what the investigation is to establish")},
    )
    allegations = forms.MultipleChoiceField(
        label=_("Which allegations is it to look into?"),
        help_text=_("Chosen from the concerns recorded on the case."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the allegations the investigation is to look into")},
    )
    interviewees = forms.CharField(
        label=_("Who is to be interviewed?"),
        help_text=_("One person a line, with their role. For example, Ward sister, Larkspur Ward"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say who is to be interviewed")},
    )

    def __init__(self, *args: Any, concerns: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["allegations"].choices = concerns


class InterviewForm(NhsForm):
    held_on = NhsDateField(
        label=_("Date of the interview or meeting"),
        help_text=_("For example, 27 3 2026"),
        past_only=True,
        error_messages={"required": _("Enter the date it was held")},
    )
    interviewee = forms.CharField(
        label=_("Who was interviewed?"),
        max_length=200,
        error_messages={"required": _("Enter who was interviewed")},
    )
    of_practitioner = forms.BooleanField(
        label=_("The interviewee is the practitioner the case is about"), required=False
    )
    attended = forms.CharField(
        label=_("Who attended?"),
        help_text=_("One person a line, with their role."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter who attended")},
    )
    companion = forms.CharField(
        label=_("The practitioner's companion (if the practitioner was interviewed)"),
        help_text=_("For example, a colleague, or a representative of their union or defence organisation."),
        max_length=200,
        required=False,
    )
    minutes = forms.ChoiceField(
        error_messages={"invalid_choice": _("Select the minutes from the list, or No minutes yet")},
        label=_("Minutes"),
        help_text=_(
            "A document of the kind Minutes on this case. Add the document first if it is not listed."
        ),
        required=False,
    )
    accuracy_comments = forms.CharField(
        label=_("The interviewee's comments on the accuracy of the minutes (if received)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    comments_received_on = NhsDateField(
        label=_("Date the comments were received"), help_text=_("For example, 27 3 2026"), required=False
    )

    def __init__(self, *args: Any, minutes: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].choices = [("", _("No minutes yet")), *minutes]


class CommentsForm(NhsForm):
    accuracy_comments = forms.CharField(
        label=_("The interviewee's comments on the accuracy of the minutes"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    comments_received_on = NhsDateField(
        label=_("Date the comments were received"), help_text=_("For example, 27 3 2026"), required=False
    )


class ReportForm(NhsForm):
    report = forms.ChoiceField(
        label=_("The investigation report"),
        help_text=_("A document of the kind Report on this case. Add the report first if it is not listed."),
        error_messages={"required": _("Choose the report")},
    )
    received_on = NhsDateField(
        label=_("Date the case manager received the report"),
        help_text=_(
            "The case manager's decision is due on the pack's clock from this date. For example, 27 3 2026"
        ),
        past_only=True,
        error_messages={"required": _("Enter the date the report was received")},
    )

    def __init__(self, *args: Any, reports: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["report"].choices = [("", _("Choose the report")), *reports]


class FactualAccuracyForm(NhsForm):
    submission = forms.ChoiceField(
        label=_("The practitioner's comments on the report's factual accuracy"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the practitioner's comments on the report")},
    )

    def __init__(self, *args: Any, submissions: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["submission"].choices = submissions


# ---- the decision on the report, the hearing and the appeal (ADR 20) ---------------------------------------------


class DecisionForm(NhsForm):
    option = forms.ChoiceField(
        label=_("What did you decide?"),
        help_text=_("The decisions open under the case's policy."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what you decided")},
    )
    decided_on = NhsDateField(
        label=_("Date of the decision"),
        help_text=_("For example, 27 11 2026"),
        past_only=True,
        error_messages={"required": _("Enter the date of the decision")},
    )
    reasons = forms.CharField(
        label=_("Reasons for the decision"),
        help_text=_("What in the report, and in the framework review, led to it."),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the reasons for the decision")},
    )
    review = forms.ChoiceField(
        label=_("The framework review that went with the decision"),
        help_text=_("A completed framework review at the determination review point."),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the framework review")},
    )

    def __init__(self, *args: Any, options: Choices, reviews: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = options
        self.fields["review"].choices = reviews


class HearingForm(NhsForm):
    held_on = NhsDateField(
        label=_("Date of the hearing"),
        help_text=_("It may be ahead. For example, 11 1 2027"),
        error_messages={"required": _("Enter the date of the hearing")},
    )
    panel = forms.MultipleChoiceField(
        label=_("Who sits on the panel?"),
        help_text=_(
            "People of the organisation. Nobody excluded for a conflict of interest, nor the practitioner, "
            "nor the case investigator, may sit on it."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the members of the panel")},
    )
    notice_given_on = NhsDateField(
        label=_("Date the practitioner was given notice of the hearing"),
        help_text=_("For example, 1 12 2026"),
        past_only=True,
        error_messages={"required": _("Enter the date notice was given")},
    )
    companion = forms.CharField(
        label=_("The practitioner's companion (optional)"),
        help_text=_("For example, a colleague, or a representative of their union or defence organisation."),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, people: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["panel"].choices = people


class HearingOutcomeForm(NhsForm):
    outcome = forms.CharField(
        label=_("What did the hearing decide?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the hearing decided")},
    )
    outcome_reasons = forms.CharField(
        label=_("Reasons for the outcome"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the reasons for the outcome")},
    )
    outcome_on = NhsDateField(
        label=_("Date the outcome was confirmed to the practitioner in writing"),
        help_text=_("The pack's time to appeal runs from this date. For example, 22 1 2027"),
        past_only=True,
        error_messages={"required": _("Enter the date the outcome was confirmed")},
    )


class AppealForm(NhsForm):
    received_on = NhsDateField(
        label=_("Date the appeal was received"),
        help_text=_("For example, 5 2 2027"),
        past_only=True,
        error_messages={"required": _("Enter the date the appeal was received")},
    )
    panel = forms.MultipleChoiceField(
        label=_("Who sits on the appeal panel?"),
        help_text=_(
            "Nobody who sat on the hearing, nor anyone excluded for a conflict of interest, the practitioner "
            "or the case investigator."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the members of the appeal panel")},
    )

    def __init__(self, *args: Any, people: Choices, heard_outside: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        if heard_outside:  # the policy sends appeals to a body outside the organisation: no panel to choose
            del self.fields["panel"]
        else:
            self.fields["panel"].choices = people

    @property
    def chosen_panel(self) -> list[str]:
        return list(self.cleaned_data.get("panel") or [])


class AppealOutcomeForm(NhsForm):
    outcome = forms.ChoiceField(
        label=_("What was the appeal's outcome?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the appeal's outcome")},
    )
    outcome_reasons = forms.CharField(
        label=_("Reasons for the outcome"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Give the reasons for the outcome")},
    )
    decided_on = NhsDateField(
        label=_("Date of the appeal's outcome"),
        help_text=_("For example, 1 3 2027"),
        past_only=True,
        error_messages={"required": _("Enter the date of the appeal's outcome")},
    )

    def __init__(self, *args: Any, outcomes: Choices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = outcomes
