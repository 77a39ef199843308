"""Upload forms for workforce baselines and historic cases."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.nhsuk_forms.forms import NhsForm

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(NhsForm):
    """The organisation (when the user handles equality data for more than one) and the file."""

    organisation = forms.ChoiceField(
        label=gettext_lazy("Organisation"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the organisation the file is for")},
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        error_messages={
            "required": gettext_lazy("Choose a file to upload"),
            "empty": gettext_lazy("The file you chose is empty"),
        },
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
                _("The file must be smaller than 200 MB: split it, or use the faircase command")
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
        help_text=_("A CSV file whose first row is the columns above."),
        **kwargs,
    )
    form.fields["file"].label = _("Workforce baseline file (CSV)")
    return form


def cases_form(*args: Any, organisations: list[Any], **kwargs: Any) -> ImportForm:
    form = ImportForm(
        *args,
        organisations=organisations,
        help_text=_(
            "A CSV file, or an Excel workbook (.xlsx) whose first sheet holds the cases. Its first row is the "
            "columns above."
        ),
        **kwargs,
    )
    form.fields["file"].label = _("Historic cases file (CSV or XLSX)")
    return form
