import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.cases import services
from faircase.cases.models import Case, Concern
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.core.models import AuditEvent


def test_opening_a_case_audits_it_and_names_the_case_manager(case, case_manager):
    assert case.stage == "concern_received"
    assert case.members.get().user == case_manager
    actions = list(AuditEvent.objects.filter(case=case).values_list("action", flat=True))
    assert actions == ["case.opened", "case.person_named"]


def test_an_empty_concern_is_refused_and_nothing_is_saved(organisation, case_manager):
    practitioner = PractitionerFactory(organisation=organisation)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        open_case(
            organisation=organisation,
            practitioner=practitioner,
            by=case_manager,
            concern=concern_fields(description="   "),
        )
    assert "description" in error.value.message_dict
    assert not Case.objects.exists()
    assert not Concern.objects.exists()
    assert AuditEvent.objects.count() == before


def test_a_concern_dated_in_the_future_is_refused(case, case_manager):
    tomorrow = timezone.localdate() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.add_concern(
            case=case, by=case_manager, **concern_fields(occurred_on=tomorrow, raised_on=tomorrow)
        )
    assert "occurred_on" in error.value.message_dict
    assert case.concerns.count() == 1
