"""Forms for restrictions, period reviews, decisions not to exclude, Advice contacts and regulator referrals.
They collect values; the services decide what may be saved (their errors come back beside the fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faircase.core.formatting import nhs_date
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.policy.kinds import EXCLUSION_KINDS, RestrictionKind
from faircase.process import clock

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
NOT_CONSULTED = "none"

KIND_HINTS = {
    RestrictionKind.IMMEDIATE_EXCLUSION: _("While the facts are established."),
    RestrictionKind.FORMAL_EXCLUSION: _(
        "Advice must be consulted before formal exclusion. Recorded while an "
        "immediate exclusion runs, it continues the same episode."
    ),
    RestrictionKind.RESTRICTION: _(
        "Conditions, supervision or duties withdrawn, while the practitioner works."
    ),
    RestrictionKind.VOLUNTARY_UNDERTAKING: _("Agreed by the practitioner, for lower-level concerns."),
    RestrictionKind.PL_SUSPENSION: _(
        "Under the Performers Lists Regulations, after notice of an oral hearing."
    ),
    RestrictionKind.PL_CONDITIONS: _("Conditions on inclusion in the Performers List."),
}


def kind_hint(kind: str, limit: clock.PeriodLimit | None) -> str:
    """The hint for a kind, with its period as the case's policy pack sets it."""
    hint = str(KIND_HINTS[kind])
    if limit is None:
        return hint
    values = {"period": limit.in_words, "hint": hint}
    if limit.renewal == clock.NO_RENEWAL:
        return gettext("At most %(period)s. %(hint)s") % values
    if limit.renewal == clock.BY_ORDER:
        return gettext("At most %(period)s, unless extended by an order. %(hint)s") % values
    return gettext("In periods of at most %(period)s, each reviewed before the next. %(hint)s") % values


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
        error_messages={"required": _("Enter the start date")},
        label=_("Start date"),
        help_text=_("For example, 3 11 2026"),
    )
    first_period_ends_on = NhsDateField(label=_("Last day of the first period"), required=False)
    terms = _textarea(
        _("What is restricted"),
        missing=_("Enter what is restricted"),
        help_text=_(
            "The conditions, supervision or duties withdrawn, and what the practitioner may still do"
        ),
    )
    reasons = _textarea(
        _("Reasons"),
        missing=_("Enter the reasons for the restriction"),
        help_text=_(
            "Why this is needed to protect patients, staff or the investigation, "
            "and why nothing less restrictive would do"
        ),
    )
    criminal_investigation = forms.ChoiceField(
        error_messages={"required": _("Select yes if there is a criminal investigation")},
        label=_("Is there a criminal investigation?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        initial="no",
        help_text=_(
            "Exclusion may then run beyond six months; it is still reviewed at least every six months."
        ),
    )
    advice_contact = forms.ChoiceField(
        error_messages={
            "required": _(
                "Select the contact with Practitioner Performance Advice, or that Advice was not consulted"
            )
        },
        label=_("Which contact with Practitioner Performance Advice was this discussed in?"),
        widget=forms.RadioSelect,
        help_text=_(
            "Advice must be consulted before formal exclusion. Record the contact first, or say why "
            "Advice was not consulted."
        ),
    )
    advice_not_consulted_reason = _textarea(_("Why was Advice not consulted?"), required=False, rows=3)
    oral_hearing_notice_on = NhsDateField(
        error_messages={"required": _("Enter the date notice of the oral hearing was given")},
        label=_("Date notice of the oral hearing was given"),
    )
    oral_hearing_on = NhsDateField(
        error_messages={"required": _("Enter the date of the oral hearing")},
        label=_("Date of the oral hearing"),
        help_text=_("Notice must be given at least 2 working days before the hearing."),
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
                field.label = gettext("Last day of the %(kind)s") % {
                    "kind": RestrictionKind(kind).label.lower()
                }
                field.help_text = gettext("At most %(period)s: leave blank for the full %(period)s.") % {
                    "period": limit.in_words
                }
            else:
                field.label = gettext("Last day of the first period")
                field.help_text = gettext(
                    "The review is due by this day. At most %(period)s: leave blank for the full %(period)s."
                ) % {"period": limit.in_words}
        else:
            del self.fields["first_period_ends_on"]
        if kind not in EXCLUSION_KINDS:
            del self.fields["criminal_investigation"]
        if kind == RestrictionKind.FORMAL_EXCLUSION:
            self.fields["advice_contact"].choices = [
                (str(c.pk), f"{nhs_date(c.contacted_on)}, {c.adviser}") for c in advice_contacts
            ] + [(NOT_CONSULTED, gettext("Advice was not consulted"))]
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
        error_messages={"required": _("Enter the date of the review")}, label=_("Date of the review")
    )
    review = forms.ChoiceField(
        error_messages={"required": _("Select the framework review at the restriction review point")},
        label=_("Framework review at the restriction review point"),
        widget=forms.RadioSelect,
        help_text=_(
            "Each review of a restriction is a framework review. Only completed restriction reviews not "
            "already used for another period are listed."
        ),
    )
    outcome = _textarea(
        _("What the review found and decided"),
        missing=_("Enter what the review found and decided"),
        help_text=_("Whether the reasons still stand, and why nothing less restrictive would do"),
    )
    continues = forms.ChoiceField(
        error_messages={"required": _("Select yes if the restriction continues")},
        label=_("Does the restriction continue?"),
        widget=forms.RadioSelect,
        choices=[("yes", _("Yes, for a further period")), ("no", _("No, it ends"))],
    )
    next_end = NhsDateField(
        label=_("Last day of the next period (if it continues)"),
        required=False,
        help_text=_("Leave blank for the longest period allowed."),
    )
    extension_order = _textarea(
        _("The order that extends it (if it continues)"),
        required=False,
        rows=2,
        help_text=_(
            "For example: First-tier Tribunal order of 3 March 2027, extending the suspension to 2 September "
            "2027."
        ),
    )
    end_reason = _textarea(_("Why it ends (if it ends)"), required=False, rows=3)

    def __init__(self, *args: Any, reviews: list[Any], renewal: str = clock.REVIEW, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if renewal != clock.BY_ORDER:
            del self.fields["extension_order"]
        if renewal == clock.NO_RENEWAL:
            self.fields["continues"].help_text = _(
                "It cannot be renewed under the policy pack: end it here, or record a formal exclusion, which "
                "continues the same episode."
            )
        self.fields["review"].choices = [
            (
                str(r.pk),
                gettext("Completed %(date)s by %(name)s")
                % {"date": nhs_date(r.completed_at), "name": r.completed_by.display_name},
            )
            for r in reviews
        ]


class EndRestrictionForm(NhsForm):
    ended_on = NhsDateField(
        error_messages={"required": _("Enter the date the restriction ended")}, label=_("Date it ended")
    )
    end_reason = _textarea(_("Why it ended"), missing=_("Enter why the restriction ended"), rows=3)


class DecisionForm(NhsForm):
    decided_on = NhsDateField(
        error_messages={"required": _("Enter the date of the decision")}, label=_("Date of the decision")
    )
    considered = forms.ChoiceField(
        error_messages={"required": _("Select what was considered")},
        label=_("What was considered"),
        widget=forms.RadioSelect,
        choices=RestrictionKind.choices,
    )
    reasons = _textarea(
        _("Reasons for not excluding or restricting"),
        missing=_("Enter the reasons for not excluding or restricting"),
        help_text=_("MHPS expects a decision not to exclude to be documented with its rationale."),
    )
    alternative = _textarea(_("What was done instead, if anything"), required=False, rows=3)


class AdviceContactForm(NhsForm):
    contacted_on = NhsDateField(
        error_messages={"required": _("Enter the date of the contact")}, label=_("Date of the contact")
    )
    adviser = forms.CharField(
        error_messages={"required": _("Enter the adviser's name")},
        label=_("Adviser"),
        max_length=200,
        help_text=_("The Practitioner Performance Advice adviser, or the equivalent body"),
    )
    question = _textarea(_("What was asked"), missing=_("Enter what was asked"))
    advice = _textarea(_("Advice given"), missing=_("Enter the advice given"))


class AdviceActionForm(NhsForm):
    action = _textarea(_("What will be done"), missing=_("Enter what will be done"), rows=3)
    owner = forms.ChoiceField(
        error_messages={"required": _("Select who will do it")}, label=_("Who will do it")
    )
    due_on = NhsDateField(error_messages={"required": _("Enter the date it is due")}, label=_("Due date"))

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]


class CloseAdviceActionForm(NhsForm):
    outcome = _textarea(_("Outcome"), rows=3, missing=_("Enter the outcome of the action"))


class ReferralForm(NhsForm):
    regulator = forms.ChoiceField(
        error_messages={"required": _("Select the regulator")}, label=_("Regulator"), widget=forms.RadioSelect
    )
    referred_on = NhsDateField(
        error_messages={"required": _("Enter the date of the referral")}, label=_("Date of the referral")
    )
    reasons = _textarea(_("Reasons for the referral"), missing=_("Enter the reasons for the referral"))
    systemic_factors = _textarea(
        _("What systemic or environmental factors were considered, and what was found?"),
        required=False,
        help_text=_("For example, staffing, workload, systems, team culture."),
    )
    induction = _textarea(
        _("What induction and support did the practitioner have?"),
        required=False,
        help_text=_("Especially for a practitioner new to the UK or to the NHS."),
    )
    impartial_check = _textarea(
        _("Who checked the decision to refer impartially, and what was their view?"),
        required=False,
        help_text=_("Someone not involved in the case."),
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
        error_messages={"required": _("Enter the month, like 2026-11")},
        label=_("Month"),
        max_length=7,
        help_text=_("As YYYY-MM, for example 2026-11"),
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
    )
    as_of = NhsDateField(
        error_messages={"required": _("Enter the day to count to")},
        label=_("Count to (as of)"),
        required=False,
        help_text=_(
            "A day in the month, not after today. Leave it blank for today in the current month, or the "
            "month's last day for a past month. For example, 1 12 2026"
        ),
    )
