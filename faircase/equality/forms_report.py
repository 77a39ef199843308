"""The choices for a disproportionality report: a GET form, so a report has an address that can be bookmarked,
and the same form works with or without JavaScript."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from faircase.cases.choices import Profession
from faircase.nhsuk_forms.forms import NhsForm

from .choices import GROUPS, NOT_COMPARED, Dimension, Stage, period_for
from .disclosure import BLOCK_YEARS, PUBLISHED_WINDOWS, block_ends
from .reports import ReportError, check_choices

RECENT_PERIODS = 5


def period_choices(held: list[str]) -> list[tuple[str, str]]:
    """The periods with a baseline held, and the last five financial years, newest first."""
    today = timezone.localdate()
    start = int(period_for(today)[:4])
    recent = {f"{y}-{(y + 1) % 100:02d}" for y in range(start - RECENT_PERIODS + 1, start + 1)}
    return [(p, p) for p in sorted(recent | set(held), reverse=True)]


def reference_choices() -> list[tuple[str, str]]:
    choices = [("", _("The usual one: white, UK graduates, female, aged 40 to 49, or not disabled"))]
    for dimension in Dimension:
        for group in GROUPS[dimension]:
            if group.value not in NOT_COMPARED:
                choices.append(
                    (
                        group.value,
                        _("%(dimension)s: %(group)s") % {"dimension": dimension.label, "group": group.label},
                    )
                )
    return choices


class ReportForm(NhsForm):
    org = forms.MultipleChoiceField(
        label=gettext_lazy("Organisations"),
        help_text=gettext_lazy("Choose one, or several for a regional or national view with a funnel plot"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": gettext_lazy("Choose at least one organisation"),
            "invalid_choice": gettext_lazy("Choose organisations from the list"),
        },
    )
    period = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select the period (financial year)")},
        label=gettext_lazy("Period (financial year)"),
    )
    profession = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select the profession")},
        label=gettext_lazy("Profession"),
        choices=Profession.choices,
        initial=Profession.DOCTOR,
    )
    dimension = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select what to compare by")},
        label=gettext_lazy("Compare by"),
        choices=Dimension.choices,
        initial=Dimension.ETHNICITY,
    )
    stage = forms.ChoiceField(
        error_messages={"required": gettext_lazy("Select the stage")},
        label=gettext_lazy("Stage"),
        choices=Stage.choices,
        initial=Stage.FORMAL_INVESTIGATION,
    )
    window = forms.TypedChoiceField(
        error_messages={"invalid_choice": gettext_lazy("Select how many years to gather")},
        label=gettext_lazy("Years to gather"),
        choices=[
            ("1", gettext_lazy("1 year: the period chosen")),
            ("2", gettext_lazy("2 years: the period chosen and the one before")),
            ("5", gettext_lazy("5 years: the period chosen and the four before")),
        ],
        coerce=int,
        initial="1",
        widget=forms.RadioSelect,
        required=False,
        empty_value=1,
        # help_text: set in __init__, as it names the years a published report may gather.
    )
    reference = forms.ChoiceField(
        error_messages={
            "invalid_choice": gettext_lazy("Select a reference group from the list, or the usual one")
        },
        label=gettext_lazy("Reference group"),
        required=False,
        help_text=gettext_lazy(
            "The group the others are compared with. It must be one of the groups compared"
        ),
    )
    published = forms.BooleanField(
        label=gettext_lazy("Show the published version (small numbers left out), as the board sees it"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        organisations: list[Any],
        periods_held: list[str],
        handles_data: bool,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {o.slug: o for o in organisations}
        self.fields["org"].choices = [(o.slug, o.name) for o in organisations]
        if len(organisations) == 1:
            self.fields["org"].initial = [organisations[0].slug]
        self.fields["period"].choices = period_choices(periods_held)
        self.fields["period"].initial = periods_held[-1] if periods_held else period_for(timezone.localdate())
        self.fields["reference"].choices = reference_choices()
        self.fields["window"].help_text = _(
            "In one year the numbers for a group are often too small to compare. Gathering 2 or 5 years counts each "
            "practitioner once over the years and uses the mean workforce headcount. A published report gathers 1 "
            "year, or %(years)s ending with %(ends)s, so that one window cannot be subtracted from another"
        ) % {"years": BLOCK_YEARS, "ends": block_ends()}
        if not handles_data:
            # They see published reports only: offer just the windows those gather (disclosure.py).
            del self.fields["published"]
            window = self.fields["window"]
            window.choices = [(v, text) for v, text in window.choices if int(v) in PUBLISHED_WINDOWS]
            window.error_messages["invalid_choice"] = _(
                "A published report gathers 1 year, or %(years)s ending with %(ends)s"
            ) % {"years": BLOCK_YEARS, "ends": block_ends()}

    @property
    def several(self) -> bool:
        return len(self.organisations) > 1

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["reference"] = check_choices(
                period=data["period"],
                profession=data["profession"],
                dimension=data["dimension"],
                stage=data["stage"],
                reference=data.get("reference") or None,
                window=data.get("window") or 1,
            )
        except ReportError:
            dimension = Dimension(data["dimension"]).label.lower()
            self.add_error(
                "reference",
                _("Choose a reference group for %(dimension)s, or the usual one") % {"dimension": dimension},
            )
        data["organisations"] = [self.organisations[slug] for slug in data.get("org", [])]
        return data

    def query(self, **changes: Any) -> dict[str, Any]:
        """The form's choices as query parameters (for the download links)."""
        data = self.cleaned_data
        params: dict[str, Any] = {
            "org": [o.slug for o in data["organisations"]],
            "period": data["period"],
            "profession": data["profession"],
            "dimension": data["dimension"],
            "stage": data["stage"],
            "reference": data["reference"],
        }
        if (data.get("window") or 1) > 1:
            params["window"] = data["window"]
        if data.get("published"):
            params["published"] = "on"
        params.update(changes)
        return params
