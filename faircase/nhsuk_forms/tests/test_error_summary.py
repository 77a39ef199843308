"""Every link in the error summary lands on the control it names (WCAG 2.4.4 and the NHS.UK error summary)."""

import re

from django import forms

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class ExampleForm(NhsForm):
    name = forms.CharField(label="Full name")
    colour = forms.ChoiceField(
        label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect
    )
    extras = forms.MultipleChoiceField(
        label="Extras", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    seen_on = NhsDateField(label="Date seen")


def test_each_error_summary_link_points_at_an_element_on_the_page():
    form = ExampleForm(data={})
    assert not form.is_valid()
    page = "".join(str(form[name].as_field_group()) for name in form.fields)
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    hrefs = [item["href"].removeprefix("#") for item in form.error_items()]
    assert len(hrefs) == 4
    assert [href for href in hrefs if href not in ids] == []
    assert hrefs == ["id_name", "id_colour", "id_extras", "id_seen_on_0"]
