"""The equality data form: one question per answer, "prefer not to say" and "not known" among the answers."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.nhsuk_forms.forms import NhsForm

from .choices import AgeBand, Disability, EthnicCategory, Pmq, Sex
from .models import EqualityRecord
from .services_data import REQUIRED_MESSAGES


def _radios(label: Any, choices: Any, name: str, help_text: Any = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": REQUIRED_MESSAGES[name], "invalid_choice": REQUIRED_MESSAGES[name]},
    )


class EqualityDataForm(NhsForm):
    ethnicity = _radios(
        _("Ethnic group"),
        EthnicCategory.choices,
        "ethnicity",
        _(
            "The NHS Data Dictionary ethnic categories. Record what the practitioner said, or their staff record says."
        ),
    )
    sex = _radios(_("Sex"), Sex.choices, "sex")
    age_band = _radios(_("Age band"), AgeBand.choices, "age_band")
    disability = _radios(
        _("Disability"),
        Disability.choices,
        "disability",
        _(
            "Whether the practitioner considers themselves disabled (a physical or mental condition with a "
            "substantial, long-term effect on day-to-day activities)."
        ),
    )
    pmq = _radios(
        _("Place of primary qualification"),
        Pmq.choices,
        "pmq",
        _("Where the practitioner gained their first medical, dental or pharmacy qualification."),
    )
    source = _radios(_("Where do these answers come from?"), EqualityRecord.Source.choices, "source")
