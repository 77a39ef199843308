from django import forms

from faircase.accounts.models import User
from faircase.nhsuk_forms.forms import NhsForm


class DeliveryForm(NhsForm):
    delivery = forms.ChoiceField(
        label="How do you want to hear of new work?",
        choices=User.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you want to hear of new work"},
    )
