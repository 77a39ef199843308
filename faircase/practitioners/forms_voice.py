"""Forms for the practitioner's submissions and the welfare record. They collect values; the services decide
what may be saved (their errors come back beside the fields)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.practitioners.models import Submission, WelfareContact
from faircase.practitioners.services_voice import COMPANION_ROLES


def _textarea(
    label: Any, *, help_text: Any = "", required: bool = True, rows: int = 6, missing: Any = ""
) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing or f"Enter {label[0].lower()}{label[1:]}"},
    )


TEXT_LABELS = {
    Submission.Kind.ACCOUNT: (
        _("Your account"),
        _(
            "Tell us what happened, in your own words. Include anything you think the case team should know, "
            "such as the context, or things that affected you at the time."
        ),
    ),
    Submission.Kind.FACTUAL_ACCURACY: (
        _("Your comments"),
        _("Tell us which parts of the report you think are wrong or missing, and why."),
    ),
    Submission.Kind.ADJUSTMENTS: (
        _("What would help you take part"),
        _("For example, more time to read papers, breaks in meetings, a quiet room or meetings by video."),
    ),
}


class SubmissionForm(NhsForm):
    def __init__(self, *args: Any, kind: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if kind == Submission.Kind.COMPANION:
            self.fields["companion_name"] = forms.CharField(
                label=_("Their name"),
                max_length=200,
                error_messages={"required": _("Enter the name of the person who will go with you")},
            )
            self.fields["companion_role"] = forms.ChoiceField(
                label=_("Who are they?"),
                choices=COMPANION_ROLES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Select who they are")},
            )
            self.fields["text"] = _textarea(
                _("Anything else we should know (optional)"),
                help_text=_("For example, how to contact them to arrange a meeting."),
                required=False,
                missing=" ",
                rows=3,
            )
        else:
            label, hint = TEXT_LABELS[kind]
            self.fields["text"] = _textarea(
                label, help_text=hint, missing=_("Enter what you want to tell the case team")
            )


class CorrectionForm(NhsForm):
    text = _textarea(
        _("Your correction"),
        help_text=_(
            "Say what was wrong or missing in what you sent, and what it should say. What you sent stays "
            "as it was: the case team will see your correction beside it."
        ),
        missing=_("Enter your correction"),
    )


class RespondForm(NhsForm):
    text = _textarea(
        _("How it was taken into account"),
        missing=_("Enter how it was taken into account"),
        help_text=_("The practitioner will see these words. Write to them, in plain English."),
    )


class WelfarePlanForm(NhsForm):
    named_contact = forms.ChoiceField(
        label=_("Named contact"),
        error_messages={"required": _("Choose the named contact")},
        help_text=_("Someone independent of the investigation, who keeps in touch with the practitioner."),
    )
    contact_every_days = forms.IntegerField(
        label=_("Agreed contact frequency, in days"),
        min_value=1,
        max_value=90,
        help_text=_("For example, 7"),
        error_messages={
            "required": _("Enter how often, in days"),
            "invalid": _("Enter a whole number of days"),
            "min_value": _("The contact frequency must be between 1 and 90 days"),
            "max_value": _("The contact frequency must be between 1 and 90 days"),
        },
    )
    agreed_on = NhsDateField(
        error_messages={"required": _("Enter the date the plan was agreed")},
        label=_("Date agreed"),
        help_text=_("For example, 3 11 2026"),
    )
    notes = _textarea(_("Notes (optional)"), required=False, rows=3)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["named_contact"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]
        self.fields["contact_every_days"].widget.attrs.update({"class": "nhsuk-input--width-3"})


class WelfareContactForm(NhsForm):
    contacted_on = NhsDateField(
        error_messages={"required": _("Enter the date of contact")},
        label=_("Date of contact"),
        help_text=_("For example, 3 11 2026"),
    )
    contact_by = forms.ChoiceField(
        label=_("Who was in touch"), error_messages={"required": _("Choose who was in touch")}
    )
    method = forms.ChoiceField(
        label=_("How"),
        choices=WelfareContact.Method.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Select how you were in touch")},
    )
    raised = _textarea(_("What was raised"), required=False, rows=4)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["contact_by"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]


class ReferralForm(NhsForm):
    referred_on = NhsDateField(
        error_messages={"required": _("Enter the date of referral")},
        label=_("Date of referral"),
        help_text=_("For example, 3 11 2026"),
    )
    reason = _textarea(_("Reason for the referral"), rows=4, missing=_("Enter the reason for the referral"))


class ReferralOutcomeForm(NhsForm):
    outcome_on = NhsDateField(
        error_messages={"required": _("Enter the date of the outcome")},
        label=_("Date of the outcome"),
        help_text=_("For example, 3 11 2026"),
    )
    outcome = _textarea(_("Outcome"), rows=4, missing=_("Enter the outcome of the referral"))


class DistressForm(NhsForm):
    occurred_on = NhsDateField(
        error_messages={"required": _("Enter the date it happened")},
        label=_("Date"),
        help_text=_("For example, 3 11 2026"),
    )
    what_happened = _textarea(_("What happened"), missing=_("Enter what happened"))
    action_taken = _textarea(
        _("Action taken"),
        missing=_("Enter the action taken"),
        help_text=_("What you did at once, and who you contacted."),
    )
