"""Upload forms for workforce baselines and historic cases."""

from typing import Any

from django import forms

from faircase.nhsuk_forms.forms import NhsForm

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(NhsForm):
    """The organisation (when the user handles equality data for more than one) and the file."""

    organisation = forms.ChoiceField(
        label="Organisation",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the organisation the file is for"},
    )
    file = forms.FileField(
        label="File",
        error_messages={"required": "Choose a file to upload", "empty": "The file you chose is empty"},
    )

    def __init__(self, *args: Any, organisations: list[Any], help_text: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        if len(organisations) == 1:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [(o.slug, o.name) for o in organisations]
        self.fields["file"].help_text = help_text

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file must be smaller than 200 MB: split it, or use the faircase command"
            )
        return upload

    def chosen_organisation(self) -> Any:
        if "organisation" not in self.fields:
            return next(iter(self.organisations.values()))
        return self.organisations[self.cleaned_data["organisation"]]


def workforce_form(*args: Any, organisations: list[Any], **kwargs: Any) -> ImportForm:
    form = ImportForm(
        *args,
        organisations=organisations,
        help_text="A CSV file whose first row is the columns above.",
        **kwargs,
    )
    form.fields["file"].label = "Workforce baseline file (CSV)"
    return form


def cases_form(*args: Any, organisations: list[Any], **kwargs: Any) -> ImportForm:
    form = ImportForm(
        *args,
        organisations=organisations,
        help_text="A CSV file, or an Excel workbook (.xlsx) whose first sheet holds the cases. Its first row is the "
        "columns above.",
        **kwargs,
    )
    form.fields["file"].label = "Historic cases file (CSV or XLSX)"
    return form
