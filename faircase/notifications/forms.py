from django import forms
from django.utils.translation import gettext_lazy as _

from faircase.accounts.models import User
from faircase.nhsuk_forms.forms import NhsForm

# The account model's labels are English only; the choice is shown here in the reader's language.
DELIVERY_CHOICES = [
    (User.Delivery.EACH, _("An email for each item, as it happens")),
    (User.Delivery.DAILY, _("One email a day, listing everything new")),
]


class DeliveryForm(NhsForm):
    delivery = forms.ChoiceField(
        label=_("How do you want to hear of new work?"),
        choices=DELIVERY_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you want to hear of new work")},
    )
