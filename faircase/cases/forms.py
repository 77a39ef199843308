from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
        error_messages={"required": _("Enter the practitioner's full name")},
        label=_("Full name"),
        max_length=200,
    )
    profession = forms.ChoiceField(
        error_messages={"required": _("Select the practitioner's profession")},
        label=_("Profession"),
        choices=Profession.choices,
        widget=forms.RadioSelect,
    )
    regulator = forms.ChoiceField(
        error_messages={"required": _("Select the practitioner's regulator")},
        label=_("Regulator"),
        choices=_choices(Regulator.choices, blank=_("Choose a regulator")),
    )
    registration_number = forms.CharField(
        error_messages={"required": _("Enter the practitioner's registration number")},
        label=_("Registration number"),
        max_length=20,
        help_text=_("GMC and GPhC numbers are 7 digits. GDC numbers are numeric."),
    )
    grade = forms.CharField(
        error_messages={"max_length": _("The grade or role must be 100 characters or fewer")},
        label=_("Grade or role"),
        max_length=100,
        required=False,
        help_text=_("For example, consultant, specialty doctor, GP partner, foundation dentist"),
    )
    specialty = forms.CharField(
        error_messages={"max_length": _("The specialty must be 100 characters or fewer")},
        label=_("Specialty"),
        max_length=100,
        required=False,
    )
    setting = forms.ChoiceField(
        error_messages={"required": _("Select the setting the practitioner works in")},
        label=_("Setting"),
        choices=Setting.choices,
        widget=forms.RadioSelect,
    )
    contract_type = forms.ChoiceField(
        error_messages={"required": _("Select the practitioner's contract type")},
        label=_("Contract type"),
        choices=ContractType.choices,
        widget=forms.RadioSelect,
    )
    started_on = NhsDateField(label=_("Start date in the organisation"), required=False, past_only=True)
    induction = forms.ChoiceField(
        error_messages={"required": _("Select whether they had an induction for this role")},
        label=_("Did they have an induction for this role?"),
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
        initial=YesNoUnknown.UNKNOWN,
    )
    induction_on = NhsDateField(
        label=_("Date of induction"),
        required=False,
        past_only=True,
        help_text=_("Only if they had one. For example, 15 3 2025"),
    )
    qualification_region = forms.ChoiceField(
        error_messages={"required": _("Select where the practitioner gained their primary qualification")},
        label=_("Place of primary qualification"),
        choices=QualificationRegion.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Asked for every practitioner, so context is considered for everyone, not only some groups."
        ),
    )
    qualification_country = forms.CharField(
        error_messages={
            "max_length": _("The country of primary qualification must be 100 characters or fewer")
        },
        label=_("Country of primary qualification"),
        max_length=100,
        required=False,
    )
    email = forms.EmailField(
        error_messages={
            "invalid": _(
                "Enter the practitioner's email address in the correct format, like name@example.com"
            )
        },
        label=_("Email address"),
        required=False,
    )
    # Welsh Language Standards: the practitioner may choose the language they deal with the organisation in.
    language = forms.ChoiceField(
        error_messages={"invalid_choice": _("Select the language for letters and the record")},
        label=_("Language for letters and the record"),
        choices=[("", _("Organisation default")), ("en", "English"), ("cy", "Cymraeg")],
        required=False,
        widget=forms.RadioSelect,
        initial="",
        help_text=_(
            "Their letters and record are produced in it. Until one is chosen, their own account's choice "
            "applies, else the organisation's default."
        ),
    )


class ConcernFields(NhsForm):
    category = forms.ChoiceField(
        error_messages={"required": _("Select the category of concern")},
        label=_("Category of concern"),
        choices=ConcernCategory.choices,
        widget=forms.RadioSelect,
    )
    source = forms.ChoiceField(
        error_messages={"required": _("Select where the concern came from")},
        label=_("Where the concern came from"),
        choices=ConcernSource.choices,
        widget=forms.RadioSelect,
    )
    severity = forms.ChoiceField(
        error_messages={"required": _("Select how serious the concern is")},
        label=_("How serious is it?"),
        choices=Severity.choices,
        widget=forms.RadioSelect,
    )
    occurred_on = NhsDateField(
        error_messages={"required": _("Enter the date it happened")},
        label=_("When it happened"),
        past_only=True,
    )
    raised_on = NhsDateField(
        error_messages={"required": _("Enter the date the concern was raised")},
        label=_("When it was raised"),
        past_only=True,
    )
    description = forms.CharField(
        error_messages={"required": _("Enter what is alleged")},
        label=_("What is alleged"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Describe what happened, when, the source and the standard it is said not to meet. "
            "Describe observable behaviour rather than opinions about the person."
        ),
    )

    def clean_description(self) -> str:
        value = self.cleaned_data["description"].strip()
        if not value:
            raise forms.ValidationError(_("Enter what is alleged"))
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
        error_messages={"required": _("Select the organisation the case belongs to")}, label=_("Organisation")
    )
    practitioner = forms.ChoiceField(
        error_messages={"required": _("Select the practitioner the concern is about")},
        label=_("Practitioner"),
        help_text=_("The practitioner the concern is about"),
    )
    reference = forms.CharField(
        error_messages={
            "required": _("Enter a case reference"),
            "max_length": _("The case reference must be 40 characters or fewer"),
        },
        label=_("Case reference"),
        max_length=40,
        help_text=_("Unique in your organisation, for example RFT-2025-014"),
    )
    policy = forms.ChoiceField(
        error_messages={"required": _("Select the policy the case is handled under")},
        label=_("Policy the case is handled under"),
        choices=Policy.choices,
        widget=forms.RadioSelect,
    )
    patient_safety_incident = forms.ChoiceField(
        error_messages={"required": _("Select yes if the concern arose from a patient safety incident")},
        label=_("Did the concern arise from a patient safety incident?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        help_text=_("If it did, complete NHS England's Being fair tool first to inform next steps."),
    )
    summary = forms.CharField(
        error_messages={"max_length": _("The short summary must be 300 characters or fewer")},
        label=_("Short summary for the case list"),
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, organisations: list[Any], practitioners: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in organisations]
        if len(organisations) == 1:
            self.fields["organisation"].initial = str(organisations[0].pk)
        self.fields["practitioner"].choices = [("", _("Choose a practitioner"))] + [
            (
                str(p.pk),
                f"{p.full_name} ({p.get_regulator_display().split('(')[-1].rstrip(')')} "
                f"{p.registration_number}) \u2013 {p.organisation.name}",
            )
            for p in practitioners
        ]


class NamePersonForm(NhsForm):
    role = forms.ChoiceField(
        error_messages={"required": _("Select the person's role on this case")},
        label=_("Role on this case"),
        choices=CaseRole.choices,
        widget=forms.RadioSelect,
    )
    user = forms.ChoiceField(
        error_messages={"required": _("Select the person to name on this case")}, label=_("Person")
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]


class ExcludeForm(NhsForm):
    user = forms.ChoiceField(
        error_messages={"required": _("Select the person with a conflict of interest")},
        label=_("Person with a conflict of interest"),
        help_text=_("They will not be able to see this case at all, whatever their role."),
    )
    reason = forms.CharField(
        error_messages={"required": _("Enter what the conflict of interest is")},
        label=_("What is the conflict of interest?"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    take_over_by = forms.ChoiceField(
        error_messages={"invalid_choice": _("Select who takes over their open work from the list")},
        label=_("Who takes over their open work on this case?"),
        required=False,
        help_text=_(
            "Needed only if they own open follow-ups or actions from Advice on this case: these pass to "
            "this person when they are excluded. Only people who can see the case are listed."
        ),
    )

    def __init__(self, *args: Any, people: list[Any], owners: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.owners = {str(p.pk): p for p in owners}
        self.fields["user"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]
        self.fields["take_over_by"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in owners
        ]

    def person(self) -> Any:
        return self.people[self.cleaned_data["user"]]

    def taking_over(self) -> Any:
        return self.owners.get(self.cleaned_data.get("take_over_by") or "")


class BeingFairForm(NhsForm):
    completed = forms.ChoiceField(
        error_messages={"required": _("Select whether the Being fair tool has been completed")},
        label=_("Has the Being fair tool been completed?"),
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
    )


class MoveStageForm(NhsForm):
    to_stage = forms.ChoiceField(
        error_messages={"required": _("Select the stage to move to")},
        label=_("Move the case to"),
        widget=forms.RadioSelect,
    )
    decision = forms.CharField(
        error_messages={
            "required": _("Enter the decision"),
            "max_length": _("The decision must be 300 characters or fewer"),
        },
        label=_("Decision"),
        max_length=300,
        help_text=_("For example, proceed to a formal investigation under MHPS Part I"),
    )
    reasons = forms.CharField(
        error_messages={"required": _("Enter the reasons for the decision")},
        label=_("Reasons for the decision"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    open_follow_ups_reason = forms.CharField(
        label=_("Why should the case move on while follow-ups are open?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This reason appears in the disclosable record."),
    )
    outcome = forms.ChoiceField(
        error_messages={"invalid_choice": _("Select the outcome of the case")},
        label=_("Outcome (when closing the case)"),
        required=False,
        choices=[("", _("Choose an outcome")), *Outcome.choices],
    )
    outcome_note = forms.CharField(
        label=_("Outcome details (when closing the case)"),
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
