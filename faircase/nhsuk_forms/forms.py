"""Django forms that render NHS.UK design system components.

Each field picks a Jinja2 template by its widget, so `{{ form.field.as_field_group() }}` gives the right label,
hint, error message and component; `{{ form.error_summary() }}` gives the error summary linking to each field.

Error messages say what is wrong and how to put it right (NHS service manual; WCAG 3.3.1 and 3.3.3). Each
required field is given its own `required` message ("Enter the practitioner's GMC number", "Select the stage to
move to"); the form derives the rest from it (a choice that is not offered, a number that is not a number, text
that is too long), so Django's generic messages never reach a page. See docs/adr/0021-specific-error-messages.md;
faircase/nhsuk_forms/tests/test_every_form_says_what_is_wrong.py fails when a form could show one.
"""

import datetime as dt
import re
from typing import Any

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core import languages

# Most specific first: CheckboxSelectMultiple is a subclass of RadioSelect.
TEMPLATE_FOR_WIDGET: list[tuple[type, str]] = [
    (forms.CheckboxSelectMultiple, "nhsuk_forms/checkboxes.jinja"),
    (forms.RadioSelect, "nhsuk_forms/radios.jinja"),
    (forms.CheckboxInput, "nhsuk_forms/checkbox.jinja"),
    (forms.Select, "nhsuk_forms/select.jinja"),
    (forms.Textarea, "nhsuk_forms/textarea.jinja"),
    (forms.PasswordInput, "nhsuk_forms/password.jinja"),
    (forms.FileInput, "nhsuk_forms/file.jinja"),
]


def template_for(field: forms.Field) -> str:
    for widget_class, template in TEMPLATE_FOR_WIDGET:
        if isinstance(field.widget, widget_class):
            return template
    return "nhsuk_forms/input.jinja"


class DateParts(forms.MultiWidget):
    """The NHS.UK date input: day, month and year boxes."""

    def __init__(self, attrs: dict | None = None):
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class NhsDateField(forms.MultiValueField):
    widget = DateParts

    def __init__(self, *, past_only: bool = False, **kwargs: Any):
        self.past_only = past_only
        # The parts are optional one by one: compress() names the missing part ("must include a year") rather
        # than Django's "Enter a complete value."
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault("template_name", "nhsuk_forms/date.jinja")
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name
            for name, part in zip((_("day"), _("month"), _("year")), (day, month, year), strict=True)
            if not part
        ]
        # "The date the concern was raised must include a year": named as the required message names it.
        subject = _subject(self)
        name = _sentence(subject) if subject else str(self.label)
        if missing:
            raise forms.ValidationError(
                _say(_("%(name)s must include a %(parts)s"), name=name, parts=_(" and ").join(missing))
            )
        try:
            if len(year) != 4:
                raise ValueError
            value = dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(
                _say(_("%(name)s must be a real date, like 27 3 2025"), name=name)
            ) from error
        if self.past_only:
            from django.utils import timezone

            if value > timezone.localdate():
                raise forms.ValidationError(_say(_("%(name)s must be today or in the past"), name=name))
        return value


class NhsFileField(forms.FileField):
    """The NHS.UK file upload, for one file. `accept` names the endings the file chooser offers first (".pdf,.docx");
    it only helps people choose: what a file is must still be checked from its content on the server."""

    widget = forms.FileInput

    def __init__(self, *, accept: str = "", **kwargs: Any):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": accept} if accept else {}))
        kwargs.setdefault("template_name", "nhsuk_forms/file.jinja")
        error_messages = {"empty": gettext_lazy("The file is empty"), **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=error_messages, **kwargs)


def _is_django_default(field: forms.Field, code: str) -> bool:
    """True when the field's message for `code` is still the one Django ships (no one wrote a specific one)."""
    message = field.error_messages.get(code)
    if message is None:
        return True
    for klass in type(field).__mro__:
        default = vars(klass).get("default_error_messages", {}).get(code)
        if default is not None and message is default:
            return True
    return False


def _subject(field: forms.Field) -> str | None:
    """What the field asks for, as words that fit in a message: "the practitioner's GMC number".

    From the field's own required message ("Enter the practitioner's GMC number"), else from its label when the
    label names a thing ("Email address"); a question ("How many days?") names nothing, so no subject.

    In Welsh, from the Welsh required message ("Rhowch rif GMC yr ymarferydd"): the words after the verb are
    already in the soft-mutated form the Welsh messages put them in ("Rhaid i rif GMC yr ymarferydd ...")."""
    welsh = languages.active() == languages.WELSH
    if not _is_django_default(field, "required"):
        required = str(field.error_messages["required"]).rstrip(".")
        for verb in WELSH_VERBS if welsh else ("Enter ", "Select "):
            if required.startswith(verb):
                # "Enter the month, like 2026-11": the thing is what comes before the example.
                return required.removeprefix(verb).split(", ")[0]
    label = re.sub(r"\s*\([^)]*\)$", "", str(field.label or "")).strip()
    if not label or label.endswith("?"):
        return None
    if label[1:2].isupper():  # an abbreviation: "GMC number"
        return label
    if welsh:
        return _soft_mutated(label)
    label = label[0].lower() + label[1:]
    # "Date of induction" reads as "the date of induction" in a sentence.
    return f"the {label}" if label.split()[0] in THE_LABELS else label


THE_LABELS = {"date", "start", "last", "first", "next", "end", "due"}
# The imperatives Welsh required messages start with (Enter, Select, Choose), as the glossary writes them.
WELSH_VERBS = ("Rhowch ", "Dewiswch ")


# Soft mutation of a label's first letter, for a Welsh subject taken from a label: the messages put it where the
# soft mutation falls ("Dewiswch ...", "Rhaid i ..."), as the required messages' own subjects already are.
SOFT_MUTATION = (
    ("ll", "l"),
    ("rh", "r"),
    ("p", "b"),
    ("t", "d"),
    ("c", "g"),
    ("b", "f"),
    ("d", "dd"),
    ("m", "f"),
)


def _soft_mutated(words: str) -> str:
    lower = words[0].lower() + words[1:]
    if lower.startswith("g"):  # g is dropped: "gwerth" -> "werth"
        return lower[1:]
    for radical, mutated in SOFT_MUTATION:
        if lower.startswith(radical):
            return mutated + lower[len(radical) :]
    return lower


def _say(message: str, **values: Any) -> str:
    """A message with its values; in Welsh, "i" before the article is written "i'r" ("Rhaid i'r dyddiad ...")."""
    text = message % values
    if languages.active() == languages.WELSH:
        text = re.sub(r"\bi yr? ", "i'r ", text)
    return text


def _sentence(subject: str) -> str:
    """The subject at the head of an English message. A Welsh message puts it after "Rhaid i", so as it is."""
    if languages.active() == languages.WELSH:
        return subject
    return subject[0].upper() + subject[1:]


def derived_messages(field: forms.Field) -> dict[str, str]:
    """Specific messages for the codes whose text Django would otherwise write, made from the field's required
    message or label. A code someone has already written a message for is left as it is."""
    choose = None if _is_django_default(field, "required") else str(field.error_messages["required"])
    subject = _subject(field)
    if choose is None and subject is not None:
        choose = _say(_("Select %(subject)s"), subject=subject)
    messages: dict[str, str | None] = {}
    if isinstance(field, forms.ChoiceField | forms.MultipleChoiceField) or hasattr(field, "queryset"):
        messages |= {"invalid_choice": choose, "invalid_list": choose, "invalid_pk_value": choose}
    if isinstance(field, forms.FileField):
        messages |= {"missing": choose, "invalid": choose, "empty": _("The selected file is empty")}
        if field.max_length is not None:
            messages["max_length"] = _say(
                _("The file name must be %(count)s characters or fewer"), count=field.max_length
            )
    if isinstance(field, forms.CharField):
        # A null character comes from pasting out of another program; it cannot be stored.
        messages["null_characters_not_allowed"] = _(
            "The text has a hidden character that cannot be saved: type it again rather than pasting it"
        )
    if subject is not None:
        name = _sentence(subject)
        named = {"name": name, "subject": subject}
        if isinstance(field, forms.IntegerField):
            messages["invalid"] = _say(_("%(name)s must be a whole number"), **named)
        elif isinstance(field, forms.DecimalField | forms.FloatField):
            messages["invalid"] = _say(_("%(name)s must be a number"), **named)
        elif isinstance(field, forms.EmailField):
            messages["invalid"] = _say(
                _("Enter %(subject)s in the correct format, like name@example.com"), **named
            )
        elif isinstance(field, forms.URLField):
            messages["invalid"] = _say(
                _("Enter %(subject)s in the correct format, like https://www.example.nhs.uk"), **named
            )
        elif isinstance(field, forms.DateField):
            messages["invalid"] = _say(_("%(name)s must be a real date, like 27 3 2025"), **named)
        # One whole message each, so that Welsh can order its words.
        bounds = (
            ("max_length", "max_length", _("%(name)s must be %(limit)s characters or fewer")),
            ("min_length", "min_length", _("%(name)s must be %(limit)s characters or more")),
            ("max_value", "max_value", _("%(name)s must be %(limit)s or less")),
            ("min_value", "min_value", _("%(name)s must be %(limit)s or more")),
        )
        for code, attribute, message in bounds:
            if not isinstance(field, forms.FileField) and getattr(field, attribute, None) is not None:
                messages[code] = _say(message, **named, limit=getattr(field, attribute))
        if isinstance(field, forms.DecimalField):
            messages |= {
                "max_digits": _say(
                    _("%(name)s must have no more than %(count)s digits"), **named, count=field.max_digits
                ),
                "max_decimal_places": _say(
                    _("%(name)s must have no more than %(count)s decimal places"),
                    **named,
                    count=field.decimal_places,
                ),
                "max_whole_digits": _say(_("%(name)s is too large"), **named),
            }
    return {
        code: text
        for code, text in messages.items()
        if text is not None and (code not in field.error_messages or _is_django_default(field, code))
    }


def make_messages_specific(field: forms.Field) -> None:
    if getattr(field, "_nhs_messages", False):
        return
    field.error_messages.update(derived_messages(field))
    field._nhs_messages = True  # type: ignore[attr-defined]


class NhsFormMixin:
    """Give every field its NHS.UK template and specific error messages, and the form an error summary."""

    def __getitem__(self, name: str) -> Any:
        # Assigned when a bound field is made, so fields added after __init__ are covered too.
        field = self.fields[name]
        if not getattr(field, "template_name", None):
            field.template_name = template_for(field)
        make_messages_specific(field)
        return super().__getitem__(name)

    def full_clean(self) -> None:
        for field in self.fields.values():
            make_messages_specific(field)
        super().full_clean()  # type: ignore[misc]

    def error_summary(self) -> str:
        if not self.is_bound or not self.errors:
            return ""
        return mark_safe(self.renderer.render("nhsuk_forms/error_summary.jinja", {"form": self}))

    def error_items(self) -> list[dict[str, str]]:
        # A non-field error may name the page where it is put right (`error_links`, message -> href): a refused
        # closure links each open follow-up, restriction or letter from the error summary.
        links = getattr(self, "error_links", {})
        items = [{"text": str(e), "href": links.get(str(e), "#")} for e in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            # The date's first input is the day (id_x_0); NHS.UK radios and checkboxes give their first option
            # the field's own id (the next ones id_x-2, id_x-3...), so the link lands on the first option.
            anchor = bound.auto_id + ("_0" if isinstance(bound.field, NhsDateField) else "")
            items += [{"text": str(e), "href": f"#{anchor}"} for e in errors]
        return items


class NhsForm(NhsFormMixin, forms.Form):
    pass
