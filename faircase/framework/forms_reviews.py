import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core.forms import apply_errors
from faircase.framework import presenters, services
from faircase.framework.principles import Answer, ReviewPoint
from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class StartReviewForm(NhsForm):
    review_point = forms.ChoiceField(
        label=gettext_lazy("Which decision is this review for?"),
        choices=ReviewPoint.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Select the decision this review is for"),
            "invalid_choice": gettext_lazy("Select the decision this review is for"),
        },
    )


CLOSE_CHOICES = [("open", gettext_lazy("No, leave it open")), ("close", gettext_lazy("Yes, close it"))]
FOLLOW_UP_ANSWERS = (Answer.NO.value, Answer.UNKNOWN.value)
FOLLOW_UP_PARTS = ("follow_up_action", "follow_up_owner", "follow_up_due_on")

# A "no" and an "unknown" each reveal a follow-up of their own, asked in words that fit: putting right what is
# missing, or finding out. Every label names the consideration, so no two on the page are the same.
FOLLOW_UP_WORDS = {
    Answer.NO.value: {
        "action": gettext_lazy("What will be done to put %(code)s right?"),
        "owner": gettext_lazy("Who will put %(code)s right?"),
        "due": gettext_lazy("By when will %(code)s be put right?"),
        "due_subject": gettext_lazy("The date %(code)s will be put right by"),
        "action_missing": gettext_lazy("Say what will be done to put %(code)s right"),
        "owner_missing": gettext_lazy("Choose who will put %(code)s right"),
        "due_missing": gettext_lazy("Enter the date %(code)s will be put right by"),
    },
    Answer.UNKNOWN.value: {
        "action": gettext_lazy("What will be done to find out about %(code)s?"),
        "owner": gettext_lazy("Who will find out about %(code)s?"),
        "due": gettext_lazy("By when will %(code)s be found out?"),
        "due_subject": gettext_lazy("The date %(code)s will be found out by"),
        "action_missing": gettext_lazy("Say what will be done to find out about %(code)s"),
        "owner_missing": gettext_lazy("Choose who will find out about %(code)s"),
        "due_missing": gettext_lazy("Enter the date %(code)s will be found out by"),
    },
}


class DueDateField(NhsDateField):
    """The date a follow-up is due, with messages naming its consideration ("The date UI3 will be put right by
    must be a real date") rather than Django's generic ones. A part left empty is named, not "incomplete"."""

    def __init__(self, *, subject: str, **kwargs: Any):
        self.subject = subject
        super().__init__(**kwargs)
        for part in self.fields:
            part.required = False

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name for name, part in zip(("day", "month", "year"), (day, month, year), strict=True) if not part
        ]
        if missing:
            parts = {"day": _("day"), "month": _("month"), "year": _("year")}
            raise forms.ValidationError(
                _("%(subject)s must include a %(parts)s")
                % {"subject": self.subject, "parts": _(" and ").join(parts[m] for m in missing)}
            )
        try:
            if len(year) != 4:
                raise ValueError
            return dt.date(int(year), int(month), int(day))
        except ValueError as error:
            example = timezone.localdate().year + 1
            raise forms.ValidationError(
                _("%(subject)s must be a real date, like 27 3 %(example)s")
                % {"subject": self.subject, "example": example}
            ) from error


class PrincipleAnswersForm(NhsForm):
    """The considerations of one Principle in one review. A "no" or "unknown" reveals its follow-up (what will be
    done, who will do it, by when); where a follow-up is already open for a consideration, a "yes" offers to close
    it, with a reason. Every problem on the page is found in one pass, each named by its consideration."""

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
        for c in considerations:
            self._add_fields(c, people)

    def _add_fields(self, c: Any, people: list[Any]) -> None:
        prefix, code, name = f"c{c.pk}", c.code, presenters.short_name(c)
        self.fields[f"{prefix}-answer"] = forms.ChoiceField(
            label=name,
            choices=Answer.choices,
            required=False,
            widget=forms.RadioSelect,
            error_messages={"invalid_choice": _("Select an answer for %(name)s") % {"name": name}},
        )
        for answer in FOLLOW_UP_ANSWERS:
            words = {key: str(text) % {"code": code} for key, text in FOLLOW_UP_WORDS[answer].items()}
            self.fields[f"{prefix}-{answer}-follow_up_action"] = forms.CharField(
                label=words["action"], required=False, widget=forms.Textarea(attrs={"rows": 2})
            )
            self.fields[f"{prefix}-{answer}-follow_up_owner"] = forms.ChoiceField(
                label=words["owner"],
                choices=[("", _("Choose a person"))] + [(str(p.pk), p.display_name) for p in people],
                required=False,
                help_text=_("Only people who can see this case: nobody excluded from it."),
                error_messages={
                    "invalid_choice": _("%(message)s: only people who can see this case")
                    % {"message": words["owner_missing"]}
                },
            )
            self.fields[f"{prefix}-{answer}-follow_up_due_on"] = DueDateField(
                label=words["due"], subject=words["due_subject"], required=False
            )
        self.fields[f"{prefix}-note"] = forms.CharField(
            label=format_html(
                _('Note on {code}<span class="nhsuk-u-visually-hidden">{rest}</span>'),
                code=code,
                rest=name[len(code) :],
            ),
            required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
            help_text=_("Required if the consideration does not apply: say why."),
        )
        if code in self.open_follow_ups:
            self.fields[f"{prefix}-close_follow_up"] = forms.ChoiceField(
                label=_("Close the follow-up for %(code)s?") % {"code": code},
                choices=CLOSE_CHOICES,
                initial="open",
                required=False,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": _("Select whether to close the follow-up for %(code)s") % {"code": code}
                },
            )
            self.fields[f"{prefix}-close_reason"] = forms.CharField(
                label=_("Say why the follow-up for %(code)s can close") % {"code": code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("This reason appears in the disclosable record."),
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
                    # What each answer reveals, by answer value: the NHS.UK radios' conditional content.
                    "follow_up": {
                        answer: [self[f"{prefix}-{answer}-{part}"] for part in FOLLOW_UP_PARTS]
                        for answer in FOLLOW_UP_ANSWERS
                    },
                    "open_follow_up": self.open_follow_ups.get(c.code),
                    "close": [self[f"{prefix}-close_follow_up"], self[f"{prefix}-close_reason"]]
                    if has_open
                    else [],
                }
            )
        return rows

    def _values(self, c: Any, data: dict[str, Any]) -> dict[str, Any]:
        prefix = f"c{c.pk}"
        answer = data.get(f"{prefix}-answer") or ""
        follow_up = answer if answer in FOLLOW_UP_ANSWERS else None
        return {
            "answer": answer,
            "note": data.get(f"{prefix}-note", ""),
            "follow_up_action": data.get(f"{prefix}-{follow_up}-follow_up_action", "") if follow_up else "",
            "follow_up_owner": self.people.get(data.get(f"{prefix}-{follow_up}-follow_up_owner") or "")
            if follow_up
            else None,
            "follow_up_due_on": data.get(f"{prefix}-{follow_up}-follow_up_due_on") if follow_up else None,
            "close_follow_up": data.get(f"{prefix}-close_follow_up") == "close",
            "close_reason": data.get(f"{prefix}-close_reason", ""),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for c in self.considerations:
            self._check(c, data)
        return data

    def _check(self, c: Any, data: dict[str, Any]) -> None:
        prefix, code = f"c{c.pk}", c.code
        answer = data.get(f"{prefix}-answer") or ""
        # What sits behind an answer not chosen is not part of the answer: neither its values nor its errors.
        behind_others = [
            f"{prefix}-{other}-{part}"
            for other in FOLLOW_UP_ANSWERS
            if other != answer
            for part in FOLLOW_UP_PARTS
        ]
        typed = any(self.data.get(f"{name}_0" if name.endswith("due_on") else name) for name in behind_others)
        for name in behind_others:
            self._errors.pop(name, None)
            data.pop(name, None)
        if f"{prefix}-answer" in self._errors:
            return
        if not answer:
            if typed or data.get(f"{prefix}-note", "").strip():
                self.add_error(
                    f"{prefix}-answer",
                    _("Select an answer for %(name)s") % {"name": presenters.short_name(c)},
                )
            return
        open_follow_up = self.open_follow_ups.get(code)
        values = self._values(c, data)
        where = {
            "note": f"{prefix}-note",
            "close_reason": f"{prefix}-close_reason",
            **{part: f"{prefix}-{answer}-{part}" for part in FOLLOW_UP_PARTS},
        }
        words = {key: str(text) % {"code": code} for key, text in FOLLOW_UP_WORDS.get(answer, {}).items()}
        messages = {
            "note": _("Say why %(code)s does not apply") % {"code": code},
            "close_reason": _("Say why the follow-up for %(code)s can close") % {"code": code},
            "follow_up_action": words.get("action_missing", ""),
            "follow_up_owner": words.get("owner_missing", ""),
            "follow_up_due_on": words.get("due_missing", ""),
        }
        for missing in services.missing_from_answer(values, has_open_follow_up=open_follow_up is not None):
            if where[missing] not in self._errors:
                self.add_error(where[missing], messages[missing])
        due = values["follow_up_due_on"]
        # An open follow-up may keep the due date it has, even once passed: it shows as overdue.
        kept = open_follow_up is not None and due == open_follow_up.due_on
        if due and due < timezone.localdate() and not kept:
            self.add_error(
                where["follow_up_due_on"],
                _("%(subject)s must be today or later") % {"subject": words["due_subject"]},
            )

    def error_items(self) -> list[dict[str, str]]:
        """In the order of the page, whichever check found them."""
        order = {f"#{self[name].auto_id}": index for index, name in enumerate(self.fields)}

        def position(item: dict[str, str]) -> int:
            return order.get(item["href"].removesuffix("_0"), -1)

        return sorted(super().error_items(), key=position)

    def apply_service_errors(self, error: ValidationError) -> None:
        """A service's refusal, put beside the field it names: its names are the answer's (`c1-follow_up_action`),
        the page's say which answer revealed the field (`c1-no-follow_up_action`)."""
        if not hasattr(error, "error_dict"):
            apply_errors(self, error)
            return
        placed: dict[str, list[str]] = {}
        for name, messages in error.message_dict.items():
            prefix, __, part = name.partition("-")
            answer = self.data.get(f"{prefix}-answer")
            if part in FOLLOW_UP_PARTS and answer in FOLLOW_UP_ANSWERS:
                name = f"{prefix}-{answer}-{part}"
            placed.setdefault(name, []).extend(messages)
        apply_errors(self, ValidationError(placed))

    def answers(self) -> dict[int, dict[str, Any]]:
        """The answers given on this page, for faircase.framework.services.save_answers."""
        result = {}
        for c in self.considerations:
            values = self._values(c, self.cleaned_data)
            if values["answer"]:
                result[c.pk] = values
        return result


class CompleteReviewForm(NhsForm):
    """Completing a review asks nothing; refused, it shows what is still to answer as an error summary."""

    @classmethod
    def refused(cls, items: list[dict[str, str]]) -> "CompleteReviewForm":
        form = cls(data={})
        form.is_valid()
        form.error_links = {item["text"]: item["href"] for item in items}
        for item in items:
            form.add_error(None, item["text"])
        return form


class CloseFollowUpForm(NhsForm):
    outcome = forms.CharField(
        label=gettext_lazy("Say why the follow-up can close"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What was found or done. This appears in the disclosable record."),
        error_messages={"required": gettext_lazy("Say why the follow-up can close")},
    )


class CarryFollowUpForm(NhsForm):
    reason = forms.CharField(
        label=gettext_lazy("Why is the follow-up carried beyond the case, and to whom?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "For example, handed to the practitioner's appraiser to pick up at their next appraisal. "
            "This reason appears in the disclosable record."
        ),
        error_messages={
            "required": gettext_lazy("Say why the follow-up is carried beyond the case, and to whom")
        },
    )


class ReassignFollowUpForm(NhsForm):
    owner = forms.ChoiceField(
        label=gettext_lazy("Who will own the follow-up?"),
        help_text=gettext_lazy("Only people who can see this case: nobody excluded from it."),
        error_messages={
            "required": gettext_lazy("Choose who will own the follow-up"),
            "invalid_choice": gettext_lazy(
                "Choose who will own the follow-up: only people who can see this case"
            ),
        },
    )

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        self.fields["owner"].choices = [("", _("Choose a person"))] + [
            (str(p.pk), p.display_name) for p in people
        ]

    def chosen(self) -> Any:
        return self.people.get(self.cleaned_data["owner"])
