"""Forms for letters and the communication log."""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm
from faircase.practitioners import letters as L
from faircase.practitioners.models import Communication, LetterTemplate

# The log form sits on the case page beside other forms: a prefix keeps its field ids apart.
LOG_PREFIX = "comms"

TIME_PATTERN = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$", re.IGNORECASE)


def _time(value: str, label: str) -> dt.time | None:
    value = value.strip()
    if not value:
        return None
    match = TIME_PATTERN.match(value)
    if match:
        hour, minute, half = int(match[1]), int(match[2] or 0), (match[3] or "").lower()
        if half == "pm" and hour < 12:
            hour += 12
        elif half == "am" and hour == 12:
            hour = 0
        if hour < 24 and minute < 60 and (not half or int(match[1]) <= 12):
            return dt.time(hour, minute)
    raise ValidationError(gettext("%(label)s must be a real time, like 10am or 14:30") % {"label": label})


class StartLetterForm(NhsForm):
    """The letter to write, the concerns to name and the few details it needs: the first draft."""

    kind = forms.ChoiceField(
        label=_("Which letter?"),
        choices=LetterTemplate.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which letter to write")},
    )
    concerns = forms.MultipleChoiceField(
        error_messages={"invalid_choice": _("Select concerns from the list, or none")},
        label=_("Which concerns should the letter name?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only concerns already shared with the practitioner are listed, in the words they were given. "
            "Tick none to leave them out."
        ),
    )
    meeting_date = NhsDateField(
        label=_("Date of the meeting, interview or hearing"),
        required=False,
        help_text=_("For an invitation. For example, 15 3 2027"),
    )
    meeting_time = forms.CharField(
        label=_("Time"), required=False, max_length=20, help_text=_("For example, 10am or 14:30")
    )
    meeting_place = forms.CharField(
        label=_("Where it is"),
        required=False,
        max_length=300,
        help_text=_("For an invitation: the room and building, or how to join a video call"),
    )
    outcome = forms.CharField(
        label=_("The outcome or decision"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("For an outcome, decision or review letter: what was decided and why, in plain English"),
    )

    def __init__(self, *args, concern_choices: list[tuple[str, str]] = (), **kwargs):  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["concerns"].choices = list(concern_choices)
        if not concern_choices:
            self.fields["concerns"].help_text = _(
                "No concern has been shared with the practitioner yet, so the letter names none. Share a "
                "concern first, or write about it in the draft yourself."
            )

    def clean(self):
        data = super().clean()
        needs = L.FIELDS_FOR_KIND.get(data.get("kind") or "", ())
        if "meeting_date" in needs:
            if not data.get("meeting_date") and "meeting_date" not in self.errors:
                self.add_error("meeting_date", _("Enter the date"))
            if not (data.get("meeting_place") or "").strip():
                self.add_error("meeting_place", _("Enter where it is"))
            try:
                when = _time(data.get("meeting_time") or "", gettext("Time"))
            except ValidationError as error:
                self.add_error("meeting_time", error)
            else:
                data["meeting_time"] = _time_words(when)
        if "outcome" in needs and not (data.get("outcome") or "").strip():
            self.add_error("outcome", _("Enter the outcome or decision"))
        return data

    def letter_fields(self) -> dict:
        """Only the fields this kind of letter uses."""
        kind = self.cleaned_data["kind"]
        return {name: self.cleaned_data.get(name) for name in L.FIELDS_FOR_KIND[kind]}


class DraftLetterForm(NhsForm):
    """The draft as the author edits it, and their acknowledgement of the language check."""

    subject = forms.CharField(
        label=_("Subject"), max_length=300, error_messages={"required": _("Enter the letter's subject")}
    )
    body = forms.CharField(
        label=_("Letter"),
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=20000,
        help_text=_(
            "Leave a blank line between paragraphs. Start a line with # and a space for a heading, or with - "
            "and a space for a list item."
        ),
        error_messages={"required": _("Enter the letter")},
    )
    # The Welsh beside the English, for a letter that goes in Welsh or in both languages (ADR 42). Checked by
    # the service only when the draft goes in Welsh; the page shows them only then.
    subject_cy = forms.CharField(
        label=_("Subject in Welsh"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"lang": "cy"}),
    )
    body_cy = forms.CharField(
        label=_("Letter in Welsh"),
        widget=forms.Textarea(attrs={"rows": 24, "lang": "cy"}),
        max_length=20000,
        required=False,
    )
    acknowledge = forms.BooleanField(
        label=_("I have read the language check and want to send the letter as it is"),
        required=False,
    )
    # The flags the sender saw when they ticked the box: a word flagged later needs its own acknowledgement.
    flags_seen = forms.CharField(
        error_messages={
            "max_length": _("The page was changed before it was sent: go back to the letter and try again")
        },
        required=False,
        widget=forms.HiddenInput,
        max_length=2000,
    )

    def acknowledged_flags(self) -> list[str]:
        if not self.cleaned_data.get("acknowledge"):
            return []
        return [key for key in (self.cleaned_data.get("flags_seen") or "").split(",") if key]


class LetterLanguageForm(NhsForm):
    """The language the practitioner chose for their letters and record (blank: their account's, else the
    organisation's default)."""

    language = forms.ChoiceField(
        label=_("Which language does the practitioner want their letters in?"),
        choices=[
            ("cy", "Cymraeg (Welsh)"),
            ("en", "English (Saesneg)"),
            ("", _("As their account or the organisation's default sets")),
        ],
        widget=forms.RadioSelect,
        required=False,
        error_messages={"invalid_choice": _("Choose Cymraeg, English or the default")},
    )


class RepresentativeForm(NhsForm):
    name = forms.CharField(label=_("Name"), required=False, max_length=200)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Enter an email address in the correct format, like name@example.com")},
    )


def _time_words(value: dt.time | None) -> str:
    if value is None:
        return ""
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


class CommunicationForm(NhsForm):
    channel = forms.ChoiceField(
        label=_("How"),
        choices=Communication.Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the communication was made")},
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=[("to", _("To the practitioner")), ("from", _("From the practitioner"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether it was to or from the practitioner")},
    )
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("What was said or sent. Keep to the facts."),
        error_messages={"required": _("Enter a summary of the communication")},
    )
    occurred_on = NhsDateField(
        label=_("Date"),
        past_only=True,
        help_text=_("For example, 27 3 2026"),
        error_messages={"required": _("Enter the date of the communication")},
    )
    occurred_time = forms.CharField(
        label=_("Time (optional)"), required=False, max_length=20, help_text=_("For example, 10am or 14:30")
    )

    def clean_occurred_time(self):
        return _time(self.cleaned_data.get("occurred_time") or "", gettext("Time"))


class LetterTemplateForm(NhsForm):
    title = forms.CharField(
        label=_("Subject"), max_length=200, error_messages={"required": _("Enter the letter's subject")}
    )
    body = forms.CharField(
        label=_("Letter"),
        widget=forms.Textarea(attrs={"rows": 24}),
        max_length=20000,
        help_text=_(
            "Plain text. Leave a blank line between paragraphs. Start a line with # and a space for a heading, "
            "or with - and a space for a list item. Use only the placeholders listed."
        ),
        error_messages={"required": _("Enter the letter")},
    )

    def clean_title(self):
        title = self.cleaned_data["title"]
        L.check_placeholders(title)
        return title

    def clean_body(self):
        body = self.cleaned_data["body"]
        L.check_placeholders(body)
        return body
