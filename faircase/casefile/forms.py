"""The note form, rendered as NHS.UK components. It collects the text; the service decides what is refused, so
the web and any other caller refuse alike."""

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.casefile.services import EMPTY, MAX_TEXT
from faircase.nhsuk_forms.forms import NhsForm


class NoteForm(NhsForm):
    text = forms.CharField(
        label=_("Note"),
        help_text=_(
            "What happened, what was said or decided, and by whom. Notes are seen by staff on the case, "
            "never on the practitioner's own pages, and are part of the disclosable record."
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _(EMPTY)},
        # The limit is checked by the service too; here it only stops an enormous post before it is read.
        max_length=MAX_TEXT,
    )


class SearchForm(NhsForm):
    q = forms.CharField(
        label=_("Search your cases"),
        help_text=_(
            "A case reference, a practitioner's name, or words from a concern, a case note or a "
            "document's name."
        ),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "spellcheck": "false"}),
    )
