"""The welfare record: the plan, contacts, the lapse alert (with time under control), occupational health
referrals and serious distress."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent
from faircase.practitioners import services_voice as services
from faircase.practitioners.models import DistressEvent, PractitionerAccount
from faircase.practitioners.presenters_voice import case_welfare_context, welfare_lapse
from faircase.process import services as process_services

LONDON = ZoneInfo("Europe/London")
START = dt.date(2027, 1, 4)


def at(day: dt.date, hour: int = 12):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON), tick=False)


def _exclude(case, by, on=START):
    return process_services.record_restriction(
        case=case,
        kind="immediate_exclusion",
        started_on=on,
        terms="No clinical duties.",
        reasons="Risk to patients while the facts are established.",
        by=by,
    )


def _date(prefix, value):
    return {f"{prefix}_0": value.day, f"{prefix}_1": value.month, f"{prefix}_2": value.year}


def test_no_alert_without_plan_or_exclusion(case):
    assert welfare_lapse(case, START + dt.timedelta(days=100)) is None


def test_exclusion_and_15_days_without_contact_raises_the_alert(case, case_manager):
    with at(START):
        _exclude(case, case_manager)
    assert welfare_lapse(case, START + dt.timedelta(days=14)) is None
    with at(START + dt.timedelta(days=15)):
        today = START + dt.timedelta(days=15)
        lapse = welfare_lapse(case, today)
        assert lapse is not None and lapse.days_since == 15 and lapse.excluded
        html = render_to_string(
            "practitioners/_case_welfare.jinja", {"welfare": case_welfare_context(case, case_manager, today)}
        )
    assert "Welfare contact has lapsed" in html
    assert "nhsuk-card--warning" in html


def test_a_welfare_contact_clears_the_alert(case, case_manager):
    with at(START):
        _exclude(case, case_manager)
    with at(START + dt.timedelta(days=15)):
        services.record_welfare_contact(
            case=case,
            contacted_on=START + dt.timedelta(days=15),
            contact_by=case_manager,
            method="phone",
            raised="Worried about the length of the exclusion.",
            by=case_manager,
        )
        assert welfare_lapse(case, START + dt.timedelta(days=15)) is None
    assert welfare_lapse(case, START + dt.timedelta(days=29)) is None
    assert welfare_lapse(case, START + dt.timedelta(days=30)) is not None


@override_settings(FAIRCASE_WELFARE_LAPSE_DAYS_EXCLUDED=7)
def test_lapse_days_while_excluded_come_from_settings(case, case_manager):
    with at(START):
        _exclude(case, case_manager)
    assert welfare_lapse(case, START + dt.timedelta(days=7)) is None
    assert welfare_lapse(case, START + dt.timedelta(days=8)).limit_days == 7


def test_plan_frequency_sets_the_lapse_when_not_excluded(case, case_manager):
    with at(START):
        services.set_welfare_plan(
            case=case, named_contact=case_manager, contact_every_days=7, agreed_on=START, by=case_manager
        )
    assert welfare_lapse(case, START + dt.timedelta(days=7)) is None
    lapse = welfare_lapse(case, START + dt.timedelta(days=8))
    assert lapse is not None and not lapse.excluded
    assert "every 7 days" in lapse.message


def test_ended_exclusion_no_longer_shortens_the_limit(case, case_manager):
    with at(START):
        restriction = _exclude(case, case_manager)
        services.set_welfare_plan(
            case=case, named_contact=case_manager, contact_every_days=28, agreed_on=START, by=case_manager
        )
    with at(START + dt.timedelta(days=5)):
        process_services.end_restriction(
            restriction=restriction,
            ended_on=START + dt.timedelta(days=5),
            end_reason="Facts established.",
            by=case_manager,
        )
    assert welfare_lapse(case, START + dt.timedelta(days=20)) is None


def test_changing_the_plan_is_audited(case, case_manager, organisation):
    other = member(organisation, "hr_adviser", username="hr", full_name="Harper Adviser")
    with at(START):
        services.set_welfare_plan(
            case=case, named_contact=case_manager, contact_every_days=14, agreed_on=START, by=case_manager
        )
        plan = services.set_welfare_plan(
            case=case, named_contact=other, contact_every_days=7, agreed_on=START, by=case_manager
        )
    assert plan.named_contact == other
    assert AuditEvent.objects.filter(action="welfare.plan_set").count() == 1
    assert AuditEvent.objects.filter(action="welfare.plan_change").count() == 1


def test_named_contact_must_be_in_the_organisation(case, case_manager):
    stranger = UserFactory(username="stranger")
    with pytest.raises(ValidationError) as error:
        services.set_welfare_plan(
            case=case, named_contact=stranger, contact_every_days=14, agreed_on=START, by=case_manager
        )
    assert "named_contact" in error.value.message_dict


def test_distress_needs_what_happened_and_action_taken(case, case_manager):
    with pytest.raises(ValidationError) as error:
        services.record_distress(
            case=case, occurred_on=START, what_happened="", action_taken="", by=case_manager
        )
    assert set(error.value.message_dict) == {"what_happened", "action_taken"}
    with pytest.raises(ValidationError):
        services.record_distress(
            case=case,
            occurred_on=START,
            what_happened="Very distressed on the phone",
            action_taken="  ",
            by=case_manager,
        )
    assert not DistressEvent.objects.exists()


def test_distress_page_says_act_first_and_records_both(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:voice_welfare_distress_new", kwargs={"case_id": case.pk})
    page = client.get(url).content.decode()
    assert "999" in page and "116 123" in page
    response = client.post(
        url, {**_date("occurred_on", timezone.localdate()), "what_happened": "Distressed", "action_taken": ""}
    )
    assert response.status_code == 200 and not DistressEvent.objects.exists()
    response = client.post(
        url,
        {
            **_date("occurred_on", timezone.localdate()),
            "what_happened": "Said they could not go on.",
            "action_taken": "Stayed on the line and called the crisis team.",
        },
    )
    assert response.status_code == 302
    assert (
        DistressEvent.objects.get(case=case).action_taken == "Stayed on the line and called the crisis team."
    )
    assert AuditEvent.objects.filter(action="welfare.distress", case_id=case.pk).exists()


def test_occupational_health_referral_then_outcome(case, case_manager, signed_in):
    with at(START):
        referral = services.refer_to_occupational_health(
            case=case, referred_on=START, reason="Sleep problems since the exclusion.", by=case_manager
        )
    assert case_welfare_context(case, case_manager, START)["referrals"][0]["outcome"] == "Awaiting outcome"
    with pytest.raises(ValidationError):
        services.record_oh_outcome(
            referral=referral, outcome="Fit", outcome_on=START - dt.timedelta(days=1), by=case_manager
        )
    with at(START + dt.timedelta(days=20)):
        client = signed_in(case_manager)
        response = client.post(
            reverse(
                "practitioners:voice_welfare_oh_outcome",
                kwargs={"case_id": case.pk, "referral_id": referral.pk},
            ),
            {
                **_date("outcome_on", START + dt.timedelta(days=18)),
                "outcome": "Fit to take part, with breaks.",
            },
        )
    assert response.status_code == 302
    line = case_welfare_context(case, case_manager, START)["referrals"][0]
    assert line["outcome"] == "Fit to take part, with breaks. (22 January 2027)"
    assert AuditEvent.objects.filter(action="welfare.oh_outcome").exists()


def test_welfare_contact_page_records_the_contact(case, case_manager, signed_in):
    client = signed_in(case_manager)
    url = reverse("practitioners:voice_welfare_contact_new", kwargs={"case_id": case.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            **_date("contacted_on", timezone.localdate()),
            "contact_by": str(case_manager.pk),
            "method": "video",
            "raised": "Asked about pay during exclusion.",
        },
    )
    assert response.status_code == 302
    contact = case_welfare_context(case, case_manager, timezone.localdate())["contacts"][0]
    assert contact["how"] == "Video call" and contact["who"] == case_manager.display_name


def test_welfare_pages_are_404_without_change_permission(case, organisation, signed_in):
    auditor = member(organisation, "auditor", username="aud")
    practitioner_user = UserFactory(username="pat")
    PractitionerAccount.objects.create(user=practitioner_user, practitioner=case.practitioner)
    for user in (auditor, practitioner_user):
        client = signed_in(user)
        for name in (
            "voice_welfare_plan",
            "voice_welfare_contact_new",
            "voice_welfare_oh_new",
            "voice_welfare_distress_new",
        ):
            assert (
                client.get(reverse(f"practitioners:{name}", kwargs={"case_id": case.pk})).status_code == 404
            )
        client.logout()


def test_other_organisation_case_manager_gets_404(case, other_organisation, signed_in):
    outsider = member(other_organisation, "case_manager", username="out")
    client = signed_in(outsider)
    response = client.get(reverse("practitioners:voice_welfare_plan", kwargs={"case_id": case.pk}))
    assert response.status_code == 404


def test_exclusion_clock_starts_at_the_exclusion_not_an_older_contact(case, case_manager):
    with at(START):
        services.record_welfare_contact(
            case=case, contacted_on=START, contact_by=case_manager, method="phone", by=case_manager
        )
    excluded_on = START + dt.timedelta(days=30)
    with at(excluded_on):
        _exclude(case, case_manager, on=excluded_on)
    assert welfare_lapse(case, excluded_on + dt.timedelta(days=14)) is None
    lapse = welfare_lapse(case, excluded_on + dt.timedelta(days=15))
    assert lapse is not None and "since the exclusion or suspension began" in lapse.message


def test_the_lapse_message_counts_one_day_as_a_day():
    import datetime as dt

    from faircase.practitioners.presenters_voice import Lapse

    message = Lapse(
        days_since=1, limit_days=1, since=dt.date(2026, 11, 2), excluded=False, had_contact=True
    ).message
    assert "1 days" not in message
    assert "1 day ago" in message
    assert "every day" in message
