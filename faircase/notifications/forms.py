from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.accounts.models import User
from faircase.nhsuk_forms.forms import NhsForm


class DeliveryForm(NhsForm):
    delivery = forms.ChoiceField(
        label=_("How do you want to hear of new work?"),
        choices=User.Delivery.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to hear of new work")},
    )
