import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.cases import services
from faircase.cases.models import Practitioner

VALID = dict(
    full_name="Dr Ada Imaginary",
    profession="doctor",
    regulator="gmc",
    registration_number="1234567",
    setting="secondary",
    contract_type="locum",
    qualification_region="rest_of_world",
    qualification_country="Atlantis",
    induction="unknown",
)


@pytest.mark.parametrize(
    ("profession", "regulator", "number"),
    [
        ("doctor", "gmc", "123456"),
        ("doctor", "gmc", "12345678"),
        ("doctor", "gmc", "12A4567"),
        ("pharmacist", "gphc", "20123"),
        ("dentist", "gdc", "D1234"),
        ("dentist", "gdc", ""),
    ],
)
def test_invalid_registration_numbers_are_refused(organisation, case_manager, profession, regulator, number):
    with pytest.raises(ValidationError) as error:
        services.create_practitioner(
            organisation=organisation,
            by=case_manager,
            **{**VALID, "profession": profession, "regulator": regulator, "registration_number": number},
        )
    assert "registration_number" in error.value.message_dict
    assert not Practitioner.objects.exists()


@pytest.mark.parametrize(
    ("profession", "regulator", "number"),
    [
        ("doctor", "gmc", "7654321"),
        ("pharmacist", "gphc", "2012345"),
        ("dentist", "gdc", "81234"),
    ],
)
def test_valid_registration_numbers_are_accepted(organisation, case_manager, profession, regulator, number):
    practitioner = services.create_practitioner(
        organisation=organisation,
        by=case_manager,
        **{**VALID, "profession": profession, "regulator": regulator, "registration_number": number},
    )
    assert practitioner.pk


def test_a_regulator_that_does_not_register_the_profession_is_refused(organisation, case_manager):
    with pytest.raises(ValidationError) as error:
        services.create_practitioner(
            organisation=organisation,
            by=case_manager,
            **{**VALID, "profession": "dentist", "regulator": "gmc"},
        )
    assert "regulator" in error.value.message_dict


def test_a_start_date_in_the_future_is_refused(organisation, case_manager):
    with pytest.raises(ValidationError) as error:
        services.create_practitioner(
            organisation=organisation,
            by=case_manager,
            **{**VALID, "started_on": timezone.localdate() + dt.timedelta(days=3)},
        )
    assert "started_on" in error.value.message_dict
