"""The equality data form: one question per answer, "prefer not to say" and "not known" among the answers."""

from django import forms

from faircase.nhsuk_forms.forms import NhsForm

from .choices import AgeBand, Disability, EthnicCategory, Pmq, Sex
from .models import EqualityRecord
from .services_data import REQUIRED_MESSAGES


def _radios(label: str, choices: list[tuple[str, str]], name: str, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": REQUIRED_MESSAGES[name], "invalid_choice": REQUIRED_MESSAGES[name]},
    )


class EqualityDataForm(NhsForm):
    ethnicity = _radios(
        "Ethnic group",
        EthnicCategory.choices,
        "ethnicity",
        "The NHS Data Dictionary ethnic categories. Record what the practitioner said, or their staff record says.",
    )
    sex = _radios("Sex", Sex.choices, "sex")
    age_band = _radios("Age band", AgeBand.choices, "age_band")
    disability = _radios(
        "Disability",
        Disability.choices,
        "disability",
        "Whether the practitioner considers themselves disabled (a physical or mental condition with a "
        "substantial, long-term effect on day-to-day activities).",
    )
    pmq = _radios(
        "Place of primary qualification",
        Pmq.choices,
        "pmq",
        "Where the practitioner gained their first medical, dental or pharmacy qualification.",
    )
    source = _radios("Where do these answers come from?", EqualityRecord.Source.choices, "source")
