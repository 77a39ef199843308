"""Django forms that render NHS.UK design system components.

Each field picks a Jinja2 template by its widget, so `{{ form.field.as_field_group() }}` gives the right label,
hint, error message and component; `{{ form.error_summary() }}` gives the error summary linking to each field.
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils.safestring import mark_safe

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
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        kwargs.setdefault("require_all_fields", False)
        kwargs.setdefault("template_name", "nhsuk_forms/date.jinja")
        super().__init__(fields=fields, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (part.strip() if part else "" for part in data_list)
        missing = [
            name for name, part in zip(("day", "month", "year"), (day, month, year), strict=True) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        try:
            if len(year) != 4:
                raise ValueError
            value = dt.date(int(year), int(month), int(day))
        except ValueError as error:
            raise forms.ValidationError(f"{self.label} must be a real date, like 27 3 2025") from error
        if self.past_only:
            from django.utils import timezone

            if value > timezone.localdate():
                raise forms.ValidationError(f"{self.label} must be today or in the past")
        return value


class NhsFileField(forms.FileField):
    """The NHS.UK file upload, for one file. `accept` names the endings the file chooser offers first (".pdf,.docx");
    it only helps people choose: what a file is must still be checked from its content on the server."""

    widget = forms.FileInput

    def __init__(self, *, accept: str = "", **kwargs: Any):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": accept} if accept else {}))
        kwargs.setdefault("template_name", "nhsuk_forms/file.jinja")
        error_messages = {"empty": "The file is empty", **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=error_messages, **kwargs)


class NhsFormMixin:
    """Give every field its NHS.UK template and the form an error summary."""

    def __getitem__(self, name: str) -> Any:
        # Assigned when a bound field is made, so fields added after __init__ are covered too.
        field = self.fields[name]
        if not getattr(field, "template_name", None):
            field.template_name = template_for(field)
        return super().__getitem__(name)

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
