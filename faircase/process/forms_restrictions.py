"""Forms for restrictions, period reviews, decisions not to exclude, Advice contacts and regulator referrals.
They collect values; the services decide what may be saved (their errors come back beside the fields)."""

from typing import Any

from django import forms

from faircase.core.formatting import nhs_date
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.policy.kinds import EXCLUSION_KINDS, RestrictionKind
from faircase.process import clock

YES_NO = [("yes", "Yes"), ("no", "No")]
NOT_CONSULTED = "none"

KIND_HINTS = {
    RestrictionKind.IMMEDIATE_EXCLUSION: "While the facts are established.",
    RestrictionKind.FORMAL_EXCLUSION: "Advice must be consulted before formal exclusion. Recorded while an "
    "immediate exclusion runs, it continues the same episode.",
    RestrictionKind.RESTRICTION: "Conditions, supervision or duties withdrawn, while the practitioner works.",
    RestrictionKind.VOLUNTARY_UNDERTAKING: "Agreed by the practitioner, for lower-level concerns.",
    RestrictionKind.PL_SUSPENSION: "Under the Performers Lists Regulations, after notice of an oral hearing.",
    RestrictionKind.PL_CONDITIONS: "Conditions on inclusion in the Performers List.",
}


def kind_hint(kind: str, limit: clock.PeriodLimit | None) -> str:
    """The hint for a kind, with its period as the case's policy pack sets it."""
    hint = KIND_HINTS[kind]
    if limit is None:
        return hint
    if limit.renewal == clock.NO_RENEWAL:
        return f"At most {limit.in_words}. {hint}"
    if limit.renewal == clock.BY_ORDER:
        return f"At most {limit.in_words}, unless extended by an order. {hint}"
    return f"In periods of at most {limit.in_words}, each reviewed before the next. {hint}"


def _textarea(
    label: str, *, help_text: str = "", required: bool = True, rows: int = 4, missing: str = ""
) -> forms.CharField:
    """A text box; `missing` says what to write when a required one is left empty."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing} if missing else {},
    )


class RestrictionForm(NhsForm):
    started_on = NhsDateField(
        error_messages={"required": "Enter the start date"},
        label="Start date",
        help_text="For example, 3 11 2026",
    )
    first_period_ends_on = NhsDateField(label="Last day of the first period", required=False)
    terms = _textarea(
        "What is restricted",
        missing="Enter what is restricted",
        help_text="The conditions, supervision or duties withdrawn, and what the practitioner may still do",
    )
    reasons = _textarea(
        "Reasons",
        missing="Enter the reasons for the restriction",
        help_text="Why this is needed to protect patients, staff or the investigation, "
        "and why nothing less restrictive would do",
    )
    criminal_investigation = forms.ChoiceField(
        error_messages={"required": "Select yes if there is a criminal investigation"},
        label="Is there a criminal investigation?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        help_text="Exclusion may then run beyond six months; it is still reviewed at least every six months.",
    )
    advice_contact = forms.ChoiceField(
        error_messages={
            "required": "Select the contact with Practitioner Performance Advice, or that Advice was not consulted"
        },
        label="Which contact with Practitioner Performance Advice was this discussed in?",
        widget=forms.RadioSelect,
        help_text="Advice must be consulted before formal exclusion. Record the contact first, or say why "
        "Advice was not consulted.",
    )
    advice_not_consulted_reason = _textarea("Why was Advice not consulted?", required=False, rows=3)
    oral_hearing_notice_on = NhsDateField(
        error_messages={"required": "Enter the date notice of the oral hearing was given"},
        label="Date notice of the oral hearing was given",
    )
    oral_hearing_on = NhsDateField(
        error_messages={"required": "Enter the date of the oral hearing"},
        label="Date of the oral hearing",
        help_text="Notice must be given at least 2 working days before the hearing.",
    )

    def __init__(
        self,
        *args: Any,
        kind: str,
        advice_contacts: list[Any],
        limit: clock.PeriodLimit | None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if limit is not None:
            field = self.fields["first_period_ends_on"]
            if limit.renewal == clock.NO_RENEWAL:
                field.label = f"Last day of the {RestrictionKind(kind).label.lower()}"
                field.help_text = f"At most {limit.in_words}: leave blank for the full {limit.in_words}."
            else:
                field.label = "Last day of the first period"
                field.help_text = (
                    f"The review is due by this day. At most {limit.in_words}: leave blank for the full "
                    f"{limit.in_words}."
                )
        else:
            del self.fields["first_period_ends_on"]
        if kind not in EXCLUSION_KINDS:
            del self.fields["criminal_investigation"]
        if kind == RestrictionKind.FORMAL_EXCLUSION:
            self.fields["advice_contact"].choices = [
                (str(c.pk), f"{nhs_date(c.contacted_on)}, {c.adviser}") for c in advice_contacts
            ] + [(NOT_CONSULTED, "Advice was not consulted")]
            self.fields["advice_contact"].required = True
        else:
            del self.fields["advice_contact"]
            del self.fields["advice_not_consulted_reason"]
        if kind != RestrictionKind.PL_SUSPENSION:
            del self.fields["oral_hearing_notice_on"]
            del self.fields["oral_hearing_on"]

    def service_values(self, advice_contacts: list[Any]) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {
            "started_on": data["started_on"],
            "terms": data["terms"],
            "reasons": data["reasons"],
        }
        if "first_period_ends_on" in data:
            values["first_period_ends_on"] = data["first_period_ends_on"]
        if "criminal_investigation" in data:
            values["criminal_investigation"] = data["criminal_investigation"] == "yes"
        if "advice_contact" in data:
            chosen = data["advice_contact"]
            values["advice_contact"] = next((c for c in advice_contacts if str(c.pk) == chosen), None)
            values["advice_not_consulted_reason"] = (
                data["advice_not_consulted_reason"] if chosen == NOT_CONSULTED else ""
            )
        if "oral_hearing_on" in data:
            values["oral_hearing_notice_on"] = data["oral_hearing_notice_on"]
            values["oral_hearing_on"] = data["oral_hearing_on"]
        return values


class ReviewPeriodForm(NhsForm):
    reviewed_on = NhsDateField(
        error_messages={"required": "Enter the date of the review"}, label="Date of the review"
    )
    review = forms.ChoiceField(
        error_messages={"required": "Select the framework review at the restriction review point"},
        label="Framework review at the restriction review point",
        widget=forms.RadioSelect,
        help_text="Each review of a restriction is a framework review. Only completed restriction reviews not "
        "already used for another period are listed.",
    )
    outcome = _textarea(
        "What the review found and decided",
        missing="Enter what the review found and decided",
        help_text="Whether the reasons still stand, and why nothing less restrictive would do",
    )
    continues = forms.ChoiceField(
        error_messages={"required": "Select yes if the restriction continues"},
        label="Does the restriction continue?",
        widget=forms.RadioSelect,
        choices=[("yes", "Yes, for a further period"), ("no", "No, it ends")],
    )
    next_end = NhsDateField(
        label="Last day of the next period (if it continues)",
        required=False,
        help_text="Leave blank for the longest period allowed.",
    )
    extension_order = _textarea(
        "The order that extends it (if it continues)",
        required=False,
        rows=2,
        help_text="For example: First-tier Tribunal order of 3 March 2027, extending the suspension to 2 September "
        "2027.",
    )
    end_reason = _textarea("Why it ends (if it ends)", required=False, rows=3)

    def __init__(self, *args: Any, reviews: list[Any], renewal: str = clock.REVIEW, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if renewal != clock.BY_ORDER:
            del self.fields["extension_order"]
        if renewal == clock.NO_RENEWAL:
            self.fields["continues"].help_text = (
                "It cannot be renewed under the policy pack: end it here, or record a formal exclusion, which "
                "continues the same episode."
            )
        self.fields["review"].choices = [
            (str(r.pk), f"Completed {nhs_date(r.completed_at)} by {r.completed_by.display_name}")
            for r in reviews
        ]


class EndRestrictionForm(NhsForm):
    ended_on = NhsDateField(
        error_messages={"required": "Enter the date the restriction ended"}, label="Date it ended"
    )
    end_reason = _textarea("Why it ended", missing="Enter why the restriction ended", rows=3)


class DecisionForm(NhsForm):
    decided_on = NhsDateField(
        error_messages={"required": "Enter the date of the decision"}, label="Date of the decision"
    )
    considered = forms.ChoiceField(
        error_messages={"required": "Select what was considered"},
        label="What was considered",
        widget=forms.RadioSelect,
        choices=RestrictionKind.choices,
    )
    reasons = _textarea(
        "Reasons for not excluding or restricting",
        missing="Enter the reasons for not excluding or restricting",
        help_text="MHPS expects a decision not to exclude to be documented with its rationale.",
    )
    alternative = _textarea("What was done instead, if anything", required=False, rows=3)


class AdviceContactForm(NhsForm):
    contacted_on = NhsDateField(
        error_messages={"required": "Enter the date of the contact"}, label="Date of the contact"
    )
    adviser = forms.CharField(
        error_messages={"required": "Enter the adviser's name"},
        label="Adviser",
        max_length=200,
        help_text="The Practitioner Performance Advice adviser, or the equivalent body",
    )
    question = _textarea("What was asked", missing="Enter what was asked")
    advice = _textarea("Advice given", missing="Enter the advice given")


class AdviceActionForm(NhsForm):
    action = _textarea("What will be done", missing="Enter what will be done", rows=3)
    owner = forms.ChoiceField(error_messages={"required": "Select who will do it"}, label="Who will do it")
    due_on = NhsDateField(error_messages={"required": "Enter the date it is due"}, label="Due date")

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", "Choose a person")] + [
            (str(p.pk), p.display_name) for p in people
        ]


class CloseAdviceActionForm(NhsForm):
    outcome = _textarea("Outcome", rows=3, missing="Enter the outcome of the action")


class ReferralForm(NhsForm):
    regulator = forms.ChoiceField(
        error_messages={"required": "Select the regulator"}, label="Regulator", widget=forms.RadioSelect
    )
    referred_on = NhsDateField(
        error_messages={"required": "Enter the date of the referral"}, label="Date of the referral"
    )
    reasons = _textarea("Reasons for the referral", missing="Enter the reasons for the referral")
    systemic_factors = _textarea(
        "What systemic or environmental factors were considered, and what was found?",
        required=False,
        help_text="For example, staffing, workload, systems, team culture.",
    )
    induction = _textarea(
        "What induction and support did the practitioner have?",
        required=False,
        help_text="Especially for a practitioner new to the UK or to the NHS.",
    )
    impartial_check = _textarea(
        "Who checked the decision to refer impartially, and what was their view?",
        required=False,
        help_text="Someone not involved in the case.",
    )

    def __init__(self, *args: Any, regulators: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        labels = {
            "gmc": "General Medical Council (GMC)",
            "gdc": "General Dental Council (GDC)",
            "gphc": "General Pharmaceutical Council (GPhC)",
        }
        self.fields["regulator"].choices = [(r, labels[r]) for r in regulators]


class ReturnChoiceForm(NhsForm):
    """Which month's exclusions return to show, counted to which day (read from the page's query string)."""

    month = forms.CharField(
        error_messages={"required": "Enter the month, like 2026-11"},
        label="Month",
        max_length=7,
        help_text="As YYYY-MM, for example 2026-11",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    as_of = NhsDateField(
        error_messages={"required": "Enter the day to count to"},
        label="Count to (as of)",
        required=False,
        help_text="A day in the month, not after today. Leave it blank for today in the current month, or the "
        "month's last day for a past month. For example, 1 12 2026",
    )
