"""Forms for adapting the framework. The Principle is always chosen from the fixed five, never typed."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.core.readers import size_text, yaml_max_bytes
from faircase.framework.principles import NAMES, PRINCIPLES_IN_ORDER, ReviewPoint
from faircase.nhsuk_forms.forms import NhsForm

REVIEW_POINTS_HINT = gettext_lazy("Leave them all unticked to ask it at every review point.")
WELSH_HINT = gettext_lazy(
    "Optional for organisations in England. Organisations in Wales are encouraged to write it, so that "
    "people who read faircase in Welsh see it in Welsh; where it is blank they see the English."
)


def welsh_text_field() -> forms.CharField:
    # The same limit as the English: a Welsh version is held to what the English is.
    return forms.CharField(
        label=gettext_lazy("Consideration in Welsh (optional)"),
        required=False,
        widget=forms.Textarea,
        max_length=2000,
        help_text=WELSH_HINT,
    )


def welsh_guidance_field() -> forms.CharField:
    return forms.CharField(
        label=gettext_lazy("Local guidance in Welsh (optional)"),
        required=False,
        widget=forms.Textarea,
        max_length=4000,
        help_text=WELSH_HINT,
    )


class ConsiderationFieldsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Fields may appear as ordered by subclasses; textareas keep a readable height.
        self.fields["text"].widget.attrs["rows"] = 4
        self.fields["guidance"].widget.attrs["rows"] = 3
        self.fields["text_cy"].widget.attrs["rows"] = 4
        self.fields["guidance_cy"].widget.attrs["rows"] = 3
        # Welsh text is marked as Welsh, so screen readers read it in a Welsh voice.
        self.fields["text_cy"].widget.attrs["lang"] = "cy"
        self.fields["guidance_cy"].widget.attrs["lang"] = "cy"
        # CheckboxSelectMultiple is a subclass of RadioSelect, so name the checkboxes template outright.
        self.fields["review_points"].template_name = "nhsuk_forms/checkboxes.jinja"


class AddConsiderationForm(ConsiderationFieldsMixin, NhsForm):
    principle = forms.ChoiceField(
        label=gettext_lazy("Principle"),
        choices=[
            (p.value, format_lazy("{}. {}", i, NAMES[p])) for i, p in enumerate(PRINCIPLES_IN_ORDER, start=1)
        ],
        widget=forms.RadioSelect,
        help_text=gettext_lazy("The five Principles are fixed: add the consideration under one of them."),
        error_messages={
            "required": gettext_lazy("Choose the Principle the consideration belongs to"),
            "invalid_choice": gettext_lazy("Choose one of the five Principles"),
        },
    )
    text = forms.CharField(
        label=gettext_lazy("Consideration"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=gettext_lazy(
            "A question answered yes, no, unknown or not applicable, written as a statement."
        ),
        error_messages={"required": gettext_lazy("Enter the consideration")},
    )
    text_cy = welsh_text_field()
    code = forms.CharField(
        label=gettext_lazy("Code (optional)"),
        required=False,
        max_length=20,
        help_text=gettext_lazy(
            "Leave it blank to have one made for you, like LOCAL-1. Capital letters, digits and hyphens."
        ),
    )
    guidance = forms.CharField(
        label=gettext_lazy("Local guidance (optional)"),
        required=False,
        widget=forms.Textarea,
        max_length=4000,
        help_text=gettext_lazy("Shown beside the consideration when a review is taken."),
    )
    guidance_cy = welsh_guidance_field()
    review_points = forms.MultipleChoiceField(
        label=gettext_lazy("Review points at which it is asked"),
        required=False,
        choices=ReviewPoint.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=REVIEW_POINTS_HINT,
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper()


class ChangeConsiderationForm(ConsiderationFieldsMixin, NhsForm):
    text = forms.CharField(
        label=gettext_lazy("Consideration"),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": gettext_lazy("Enter the consideration")},
    )
    text_cy = welsh_text_field()
    guidance = forms.CharField(
        label=gettext_lazy("Local guidance (optional)"),
        required=False,
        widget=forms.Textarea,
        max_length=4000,
        help_text=gettext_lazy("Shown beside the consideration when a review is taken."),
    )
    guidance_cy = welsh_guidance_field()
    review_points = forms.MultipleChoiceField(
        label=gettext_lazy("Review points at which it is asked"),
        required=False,
        choices=ReviewPoint.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=REVIEW_POINTS_HINT,
    )


class PublishForm(NhsForm):
    title = forms.CharField(
        label=gettext_lazy("Title of the version"),
        max_length=200,
        error_messages={"required": gettext_lazy("Enter a title for the version")},
    )
    change_note = forms.CharField(
        label=gettext_lazy("Change note"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=gettext_lazy(
            "What changed and why. It is kept in the version history and in the disclosable record."
        ),
        error_messages={"required": gettext_lazy("Say what changed and why: it goes in the version history")},
    )


class UploadForm(NhsForm):
    file = forms.FileField(
        label=gettext_lazy("Framework file (YAML)"),
        help_text=gettext_lazy(
            "A file in the faircase framework format, for example one you downloaded from this page and "
            "edited. It becomes your organisation's version in use as soon as it is accepted."
        ),
        error_messages={
            "required": gettext_lazy("Choose a framework file to upload"),
            "empty": gettext_lazy("The file you chose is empty"),
        },
    )
    change_note = forms.CharField(
        label=gettext_lazy("Change note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=gettext_lazy("Leave it blank to use the change note written in the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > yaml_max_bytes():
            raise forms.ValidationError(
                _("The file must be smaller than %(size)s") % {"size": size_text(yaml_max_bytes())}
            )
        try:
            self.cleaned_data["text"] = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("The file must be a text file saved as UTF-8")) from error
        return upload
