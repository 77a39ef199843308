"""The base form words the messages Django would otherwise word, from the field's own required message."""

from django import forms

from faircase.nhsuk_forms.forms import NhsDateField, NhsForm


class StageForm(NhsForm):
    to_stage = forms.ChoiceField(
        label="Move the case to",
        choices=[("informal", "Informal"), ("formal", "Formal")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select the stage to move to"},
    )
    decision = forms.CharField(
        label="Decision", max_length=10, error_messages={"required": "Enter the decision"}
    )
    days = forms.IntegerField(
        label="Days", min_value=1, error_messages={"required": "Enter the number of days to allow"}
    )
    email = forms.EmailField(label="Email address", required=False)
    raised_on = NhsDateField(
        label="When it was raised", error_messages={"required": "Enter the date the concern was raised"}
    )
    seen_on = NhsDateField(label="Date of induction", required=False)
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("red", "Red")],
        required=False,
        error_messages={"invalid_choice": "Pick red, the only colour offered"},
    )


def _errors(**data: str) -> dict[str, list[str]]:
    form = StageForm(data=data)
    form.is_valid()
    return form.errors


def test_a_choice_that_is_not_offered_repeats_what_to_select():
    assert _errors(to_stage="closed")["to_stage"] == ["Select the stage to move to"]


def test_text_that_is_too_long_says_how_long_it_may_be():
    assert _errors(decision="x" * 11)["decision"] == ["The decision must be 10 characters or fewer"]


def test_a_number_says_what_it_must_be():
    assert _errors(days="abc")["days"] == ["The number of days to allow must be a whole number"]
    assert _errors(days="0")["days"] == ["The number of days to allow must be 1 or more"]


def test_an_optional_field_is_named_from_its_label():
    assert _errors(email="name@")["email"] == [
        "Enter email address in the correct format, like name@example.com"
    ]
    assert _errors(seen_on_0="3", seen_on_1="", seen_on_2="2025")["seen_on"] == [
        "The date of induction must include a month"
    ]


def test_a_date_given_in_part_names_the_missing_part_not_a_complete_value():
    errors = _errors(raised_on_0="3", raised_on_1="4", raised_on_2="")
    assert errors["raised_on"] == ["The date the concern was raised must include a year"]


def test_a_message_someone_wrote_is_kept():
    assert _errors(colour="blue")["colour"] == ["Pick red, the only colour offered"]
