"""Shared set-up for the portal tests: a practitioner user linked to a case's practitioner record."""

from django.utils import timezone

from faircase.accounts.tests.factories import UserFactory
from faircase.practitioners.models import PractitionerAccount

PASSWORD = "violet-harbour-lantern-42"


def practitioner_user(case, **fields):
    user = UserFactory(**fields)
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner, linked_at=timezone.now())
    return user
