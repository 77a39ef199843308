"""Practitioner Performance Advice contacts and the actions advice opens."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.process import services
from faircase.process.models import AdviceAction, AdviceContact

# The contacts below are dated November 2026. Every test runs at 23:30 UTC on 1 July 2027, which is already
# 2 July in London (summer time): the service's "today" is the London date, whatever the UTC date says.
NOW = dt.datetime(2027, 7, 1, 23, 30, tzinfo=dt.UTC)
TODAY_IN_LONDON = dt.date(2027, 7, 2)


@pytest.fixture(autouse=True)
def _at_half_past_eleven_utc_in_summer():
    with time_machine.travel(NOW, tick=False):
        yield


def _contact(case, by, **overrides):
    values = {
        "case": case,
        "contacted_on": dt.date(2026, 11, 2),
        "adviser": "P. Adviser (fictional)",
        "question": "Is exclusion needed?",
        "advice": "Try restrictions first.",
        "by": by,
    }
    values.update(overrides)
    return services.record_advice_contact(**values)


@pytest.mark.django_db
def test_an_advice_contact_needs_the_adviser_the_question_and_the_advice(case, case_manager):
    with pytest.raises(ValidationError) as refused:
        _contact(case, case_manager, adviser=" ", question="", advice="")
    assert set(refused.value.message_dict) == {"adviser", "question", "advice"}
    assert not AdviceContact.objects.exists()


@pytest.mark.django_db
def test_an_advice_contact_cannot_be_in_the_future(case, case_manager):
    with pytest.raises(ValidationError) as refused:
        _contact(case, case_manager, contacted_on=TODAY_IN_LONDON + dt.timedelta(days=1))
    assert "contacted_on" in refused.value.message_dict
    assert _contact(case, case_manager, contacted_on=TODAY_IN_LONDON).contacted_on == TODAY_IN_LONDON


@pytest.mark.django_db
def test_advice_opens_actions_that_are_closed_with_an_outcome(case, case_manager, organisation):
    contact = _contact(case, case_manager)
    hr = member(organisation, "hr_adviser", full_name="Harper Adviser")
    action = services.add_advice_action(
        advice=contact,
        action="Arrange a supervised prescribing plan.",
        owner=hr,
        due_on=dt.date(2026, 12, 1),
        by=case_manager,
    )
    with pytest.raises(ValidationError) as no_outcome:
        services.close_advice_action(action=action, outcome=" ", by=case_manager)
    assert "outcome" in no_outcome.value.message_dict
    services.close_advice_action(action=action, outcome="Plan agreed on 20 November.", by=case_manager)
    action.refresh_from_db()
    assert action.closed_at is not None and action.closed_by == case_manager
    with pytest.raises(ValidationError):
        services.close_advice_action(action=action, outcome="Again.", by=case_manager)
    actions = list(
        AuditEvent.objects.filter(case=case, action__startswith="advice.").values_list("action", flat=True)
    )
    assert actions == ["advice.recorded", "advice.action_added", "advice.action_closed"]


@pytest.mark.django_db
def test_an_action_owner_must_belong_to_the_organisation(case, case_manager, other_organisation):
    contact = _contact(case, case_manager)
    outsider = member(other_organisation, "case_manager")
    with pytest.raises(ValidationError) as refused:
        services.add_advice_action(
            advice=contact,
            action="Do something.",
            owner=outsider,
            due_on=dt.date(2026, 12, 1),
            by=case_manager,
        )
    assert "owner" in refused.value.message_dict
    assert not AdviceAction.objects.exists()
