"""Regulator referrals: refused until the GMC's three fairness questions are answered."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.core.models import AuditEvent
from faircase.process import services
from faircase.process.models import RegulatorReferral

ANSWERS = {
    "systemic_factors": "Rota gaps on the ward were reviewed; two agency nurses on shift.",
    "induction": "Joined from overseas in 2024; trust induction completed, NHS induction programme not offered.",
    "impartial_check": "Checked by a medical director from a neighbouring (fictional) trust, who agreed.",
}
# The referrals below are dated November 2026. Every test runs at 23:30 UTC on 1 July 2027, which is already
# 2 July in London (summer time): the service's "today" is the London date, whatever the UTC date says.
NOW = dt.datetime(2027, 7, 1, 23, 30, tzinfo=dt.UTC)
TODAY_IN_LONDON = dt.date(2027, 7, 2)


@pytest.fixture(autouse=True)
def _at_half_past_eleven_utc_in_summer():
    with time_machine.travel(NOW, tick=False):
        yield


def _refer(case, by, **overrides):
    values = {
        "case": case,
        "regulator": "gmc",
        "referred_on": dt.date(2026, 11, 20),
        "reasons": "Repeated prescribing errors despite supervision.",
        "by": by,
        **ANSWERS,
    }
    values.update(overrides)
    return services.record_regulator_referral(**values)


@pytest.mark.django_db
@pytest.mark.parametrize("question", ["systemic_factors", "induction", "impartial_check"])
def test_a_referral_is_refused_until_every_fairness_question_is_answered(case, case_manager, question):
    with pytest.raises(ValidationError) as refused:
        _refer(case, case_manager, **{question: "  "})
    assert list(refused.value.message_dict) == [question]
    assert "fairness question" in refused.value.message_dict[question][0]
    assert not RegulatorReferral.objects.exists()
    assert not AuditEvent.objects.filter(action="regulator_referral.recorded").exists()


@pytest.mark.django_db
def test_a_referral_with_all_three_answers_is_recorded_and_audited(case, case_manager):
    referral = _refer(case, case_manager)
    assert referral.induction.startswith("Joined from overseas")
    event = AuditEvent.objects.get(action="regulator_referral.recorded")
    assert event.case_id == case.pk


@pytest.mark.django_db
def test_the_regulator_must_match_the_practitioners_profession(case, case_manager, organisation):
    with pytest.raises(ValidationError) as refused:
        _refer(case, case_manager, regulator="gdc")
    assert "GMC" in refused.value.message_dict["regulator"][0]
    dentist = PractitionerFactory(
        organisation=organisation, profession="dentist", regulator="gdc", registration_number="81234"
    )
    dental_case = open_case(organisation=organisation, practitioner=dentist, by=case_manager)
    assert services.regulators_for(dentist) == ["gdc"]
    assert _refer(dental_case, case_manager, regulator="gdc").regulator == "gdc"


@pytest.mark.django_db
def test_a_referral_cannot_be_dated_in_the_future(case, case_manager):
    with pytest.raises(ValidationError) as refused:
        _refer(case, case_manager, referred_on=TODAY_IN_LONDON + dt.timedelta(days=1))
    assert "referred_on" in refused.value.message_dict
    assert _refer(case, case_manager, referred_on=TODAY_IN_LONDON).referred_on == TODAY_IN_LONDON
