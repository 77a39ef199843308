"""The documents' forms, rendered as NHS.UK components by faircase.nhsuk_forms. They collect what was entered;
the services decide (a file's size, type and scan are checked there, for the web and the command line alike)."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from faircase.documents.choices import Kind, Marking
from faircase.documents.services import NO_FILE
from faircase.documents.sniffing import ACCEPT
from faircase.nhsuk_forms.forms import NhsDateField, NhsFileField, NhsForm


def _file_field(label: str, *, max_size: str) -> NhsFileField:
    # Built with each form, in the language in use (ALLOWED_TEXT, in a sentence of its own).
    return NhsFileField(
        label=label,
        help_text=gettext(
            "A PDF, Word document (DOC or DOCX), image (PNG or JPEG) or email (EML or MSG), smaller than %(size)s."
        )
        % {"size": max_size},
        accept=ACCEPT,
        error_messages={"required": NO_FILE},
    )


class _WithFile(NhsForm):
    def __init__(self, *args: Any, max_size: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields = {"file": _file_field(str(self.file_label), max_size=max_size), **self.fields}

    file_label = _("Choose the file")


class UploadForm(_WithFile):
    file_label = _("Upload a file")

    kind = forms.ChoiceField(
        label=_("What kind of document is it?"),
        choices=Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of document it is")},
    )
    dated = NhsDateField(
        label=_("Date of the document"),
        help_text=_("The date it was written, signed or sent. For example, 27 3 2026"),
        past_only=True,
        error_messages={"required": _("Enter the date of the document")},
    )
    marking = forms.ChoiceField(
        label=_("May it be disclosed?"),
        help_text=_(
            "To the practitioner, a panel or a tribunal. You can change this later, and add a redacted copy."
        ),
        choices=[
            (Marking.DISCLOSABLE, _("Yes, it is disclosable")),
            (Marking.WITHHELD, _("No, it is withheld")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether the document may be disclosed")},
    )
    withheld_reason = forms.CharField(
        label=_("If it is withheld, why?"),
        help_text=_("The disclosable record lists the document with this reason."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VersionForm(_WithFile):
    file_label = _("Upload the new version")

    note = forms.CharField(
        label=_("What changed? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RedactedCopyForm(_WithFile):
    file_label = _("Upload the redacted copy")

    reason = forms.CharField(
        label=_("What was redacted, and why?"),
        help_text=_("For example, the names of patients and of a witness who asked not to be named."),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what was redacted and why")},
    )


class MarkingForm(NhsForm):
    marking = forms.ChoiceField(
        label=_("May the document be disclosed?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the document may be disclosed")},
    )
    reason = forms.CharField(
        label=_("Why?"),
        help_text=_(
            "Kept in the document's marking history. When it is withheld, the disclosable record shows it."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say why the marking is changing")},
    )

    def __init__(self, *args: Any, redacted_copy: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(Marking.DISCLOSABLE, _("Disclosable")), (Marking.WITHHELD, _("Withheld"))]
        if redacted_copy:
            choices.append((Marking.REDACTED, _("Disclosed through its redacted copy")))
        self.fields["marking"].choices = choices
