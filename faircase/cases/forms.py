from typing import Any

from django import forms

from faircase.accounts.roles import CaseRole
from faircase.cases.choices import (
    ConcernCategory,
    ConcernSource,
    ContractType,
    Outcome,
    Profession,
    QualificationRegion,
    Regulator,
    Setting,
    Severity,
    YesNoUnknown,
)
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.policy.choices import Policy


def _choices(choices: Any, *, blank: str | None = None) -> list[tuple[str, str]]:
    items = list(choices)
    return [("", blank), *items] if blank else items


class PractitionerForm(NhsForm):
    full_name = forms.CharField(
        error_messages={"required": "Enter the practitioner's full name"}, label="Full name", max_length=200
    )
    profession = forms.ChoiceField(
        error_messages={"required": "Select the practitioner's profession"},
        label="Profession",
        choices=Profession.choices,
        widget=forms.RadioSelect,
    )
    regulator = forms.ChoiceField(
        error_messages={"required": "Select the practitioner's regulator"},
        label="Regulator",
        choices=_choices(Regulator.choices, blank="Choose a regulator"),
    )
    registration_number = forms.CharField(
        error_messages={"required": "Enter the practitioner's registration number"},
        label="Registration number",
        max_length=20,
        help_text="GMC and GPhC numbers are 7 digits. GDC numbers are numeric.",
    )
    grade = forms.CharField(
        error_messages={"max_length": "The grade or role must be 100 characters or fewer"},
        label="Grade or role",
        max_length=100,
        required=False,
        help_text="For example, consultant, specialty doctor, GP partner, foundation dentist",
    )
    specialty = forms.CharField(
        error_messages={"max_length": "The specialty must be 100 characters or fewer"},
        label="Specialty",
        max_length=100,
        required=False,
    )
    setting = forms.ChoiceField(
        error_messages={"required": "Select the setting the practitioner works in"},
        label="Setting",
        choices=Setting.choices,
        widget=forms.RadioSelect,
    )
    contract_type = forms.ChoiceField(
        error_messages={"required": "Select the practitioner's contract type"},
        label="Contract type",
        choices=ContractType.choices,
        widget=forms.RadioSelect,
    )
    started_on = NhsDateField(label="Start date in the organisation", required=False, past_only=True)
    induction = forms.ChoiceField(
        error_messages={"required": "Select whether they had an induction for this role"},
        label="Did they have an induction for this role?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
    )
    induction_on = NhsDateField(
        label="Date of induction",
        required=False,
        past_only=True,
        help_text="Only if they had one. For example, 15 3 2025",
    )
    qualification_region = forms.ChoiceField(
        error_messages={"required": "Select where the practitioner gained their primary qualification"},
        label="Place of primary qualification",
        choices=QualificationRegion.choices,
        widget=forms.RadioSelect,
        help_text="Asked for every practitioner, so context is considered "
        "for everyone, not only some groups.",
    )
    qualification_country = forms.CharField(
        error_messages={"max_length": "The country of primary qualification must be 100 characters or fewer"},
        label="Country of primary qualification",
        max_length=100,
        required=False,
    )
    email = forms.EmailField(
        error_messages={
            "invalid": "Enter the practitioner's email address in the correct format, like name@example.com"
        },
        label="Email address",
        required=False,
    )


class ConcernFields(NhsForm):
    category = forms.ChoiceField(
        error_messages={"required": "Select the category of concern"},
        label="Category of concern",
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        error_messages={"required": "Select where the concern came from"},
        label="Where the concern came from",
        choices=ConcernSource.choices,
        widget=forms.RadioSelect,
    )
    severity = forms.ChoiceField(
        error_messages={"required": "Select how serious the concern is"},
        label="How serious is it?",
        choices=Severity.choices,
        widget=forms.RadioSelect,
    )
    occurred_on = NhsDateField(
        error_messages={"required": "Enter the date it happened"}, label="When it happened", past_only=True
    )
    raised_on = NhsDateField(
        error_messages={"required": "Enter the date the concern was raised"},
        label="When it was raised",
        past_only=True,
    )
    description = forms.CharField(
        error_messages={"required": "Enter what is alleged"},
        label="What is alleged",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Describe what happened, when, the source and the standard it is said not to meet. "
        "Describe observable behaviour rather than opinions about the person.",
    )

    def clean_description(self) -> str:
        value = self.cleaned_data["description"].strip()
        if not value:
            raise forms.ValidationError("Enter what is alleged")
        return value


class OpenCaseForm(ConcernFields):
    field_order = [
        "organisation",
        "practitioner",
        "reference",
        "policy",
        "patient_safety_incident",
        "summary",
    ]

    organisation = forms.ChoiceField(
        error_messages={"required": "Select the organisation the case belongs to"}, label="Organisation"
    )
    practitioner = forms.ChoiceField(
        error_messages={"required": "Select the practitioner the concern is about"},
        label="Practitioner",
        help_text="The practitioner the concern is about",
    )
    reference = forms.CharField(
        error_messages={
            "required": "Enter a case reference",
            "max_length": "The case reference must be 40 characters or fewer",
        },
        label="Case reference",
        max_length=40,
        help_text="Unique in your organisation, for example RFT-2025-014",
    )
    policy = forms.ChoiceField(
        error_messages={"required": "Select the policy the case is handled under"},
        label="Policy the case is handled under",
        choices=Policy.choices,
        widget=forms.RadioSelect,
    )
    patient_safety_incident = forms.ChoiceField(
        error_messages={"required": "Select yes if the concern arose from a patient safety incident"},
        label="Did the concern arise from a patient safety incident?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        help_text="If it did, complete NHS England's Being fair tool first to inform next steps.",
    )
    summary = forms.CharField(
        error_messages={"max_length": "The short summary must be 300 characters or fewer"},
        label="Short summary for the case list",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, organisations: list[Any], practitioners: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
        self.fields["practitioner"].choices = [("", "Choose a practitioner")] + [
            (
                str(p.pk),
                f"{p.full_name} ({p.get_regulator_display().split('(')[-1].rstrip(')')} "
                f"{p.registration_number}) \u2013 {p.organisation.name}",
            )
            for p in practitioners
        ]


class NamePersonForm(NhsForm):
    role = forms.ChoiceField(
        error_messages={"required": "Select the person's role on this case"},
        label="Role on this case",
        choices=CaseRole.choices,
        widget=forms.RadioSelect,
    )
    user = forms.ChoiceField(
        error_messages={"required": "Select the person to name on this case"}, label="Person"
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", "Choose a person")] + [
            (str(p.pk), p.display_name) for p in people
        ]


class ExcludeForm(NhsForm):
    user = forms.ChoiceField(
        error_messages={"required": "Select the person with a conflict of interest"},
        label="Person with a conflict of interest",
        help_text="They will not be able to see this case at all, whatever their role.",
    )
    reason = forms.CharField(
        error_messages={"required": "Enter what the conflict of interest is"},
        label="What is the conflict of interest?",
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    take_over_by = forms.ChoiceField(
        error_messages={"invalid_choice": "Select who takes over their open work from the list"},
        label="Who takes over their open work on this case?",
        required=False,
        help_text="Needed only if they own open follow-ups or actions from Advice on this case: these pass to "
        "this person when they are excluded. Only people who can see the case are listed.",
    )

    def __init__(self, *args: Any, people: list[Any], owners: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.owners = {str(p.pk): p for p in owners}
        self.fields["user"].choices = [("", "Choose a person")] + [
            (str(p.pk), p.display_name) for p in people
        ]
        self.fields["take_over_by"].choices = [("", "Choose a person")] + [
            (str(p.pk), p.display_name) for p in owners
        ]

    def person(self) -> Any:
        return self.people[self.cleaned_data["user"]]

    def taking_over(self) -> Any:
        return self.owners.get(self.cleaned_data.get("take_over_by") or "")


class BeingFairForm(NhsForm):
    completed = forms.ChoiceField(
        error_messages={"required": "Select whether the Being fair tool has been completed"},
        label="Has the Being fair tool been completed?",
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
    )


class MoveStageForm(NhsForm):
    to_stage = forms.ChoiceField(
        error_messages={"required": "Select the stage to move to"},
        label="Move the case to",
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        error_messages={
            "required": "Enter the decision",
            "max_length": "The decision must be 300 characters or fewer",
        },
        label="Decision",
        max_length=300,
        help_text="For example, proceed to a formal investigation under MHPS Part I",
    )
    reasons = forms.CharField(
        error_messages={"required": "Enter the reasons for the decision"},
        label="Reasons for the decision",
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    open_follow_ups_reason = forms.CharField(
        label="Why should the case move on while follow-ups are open?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This reason appears in the disclosable record.",
    )
    outcome = forms.ChoiceField(
        error_messages={"invalid_choice": "Select the outcome of the case"},
        label="Outcome (when closing the case)",
        required=False,
        choices=[("", "Choose an outcome"), *Outcome.choices],
    )
    outcome_note = forms.CharField(
        label="Outcome details (when closing the case)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self, *args: Any, moves: list[tuple[str, str]], open_follow_ups: int, closes: bool, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["to_stage"].choices = moves
        if not open_follow_ups:
            del self.fields["open_follow_ups_reason"]
        if not closes:
            del self.fields["outcome"]
            del self.fields["outcome_note"]
