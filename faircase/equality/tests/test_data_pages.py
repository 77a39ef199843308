"""Equality data for each practitioner: the list (recorded or not, never the values), the form, who may see
them (everyone else gets 404), and the audit of every view and every change."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory
from faircase.core import audit
from faircase.core.models import AuditEvent
from faircase.equality import services_data
from faircase.equality.models import EqualityRecord
from faircase.equality.tests.factories import EqualityRecordFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "ethnicity": "K",
    "sex": "male",
    "age_band": "60_64",
    "disability": "prefer_not_to_say",
    "pmq": "rest_of_world",
    "source": "self_reported",
}


@pytest.fixture
def analyst(organisation):
    return member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")


@pytest.fixture
def practitioner(organisation):
    return PractitionerFactory(
        organisation=organisation, full_name="Dr Rowan Imaginary", qualification_region="eea"
    )


def _form_url(practitioner):
    return reverse("equality:data_practitioner", kwargs={"practitioner_id": practitioner.pk})


def _views(practitioner):
    return AuditEvent.objects.filter(
        action="equality.data_viewed", object_type="cases.practitioner", object_id=str(practitioner.pk)
    )


# ---- who may see it -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["equality_analyst", "org_admin"])
def test_analysts_and_administrators_see_the_practitioner_list_and_form(
    organisation, practitioner, signed_in, role
):
    client = signed_in(member(organisation, role))
    assert client.get(reverse("equality:data_practitioners")).status_code == 200
    assert client.get(_form_url(practitioner)).status_code == 200


@pytest.mark.parametrize(
    "role",
    ["case_manager", "case_investigator", "hr_adviser", "board_member", "responsible_officer", "auditor"],
)
def test_everyone_else_gets_404_for_the_list_and_the_form(organisation, practitioner, signed_in, role):
    client = signed_in(member(organisation, role))
    assert client.get(reverse("equality:data_practitioners")).status_code == 404
    assert client.get(_form_url(practitioner)).status_code == 404
    response = client.post(_form_url(practitioner), ANSWERS)
    assert response.status_code == 404
    assert not EqualityRecord.objects.exists()
    assert not _views(practitioner).exists()


def test_an_analyst_of_another_organisation_gets_404_for_a_practitioner_here(
    other_organisation, practitioner, signed_in
):
    client = signed_in(member(other_organisation, "equality_analyst"))
    assert client.get(_form_url(practitioner)).status_code == 404
    assert client.post(_form_url(practitioner), ANSWERS).status_code == 404
    assert not EqualityRecord.objects.exists()


def test_the_list_shows_only_practitioners_of_the_analysts_organisations(
    organisation, other_organisation, analyst, practitioner, signed_in
):
    PractitionerFactory(organisation=other_organisation, full_name="Dr Hidden Elsewhere")
    page = signed_in(analyst).get(reverse("equality:data_practitioners")).content.decode()
    assert "Dr Rowan Imaginary" in page
    assert "Dr Hidden Elsewhere" not in page


# ---- the list -------------------------------------------------------------------------------------------------


def test_the_list_says_whether_data_is_recorded_and_never_shows_the_values(
    organisation, analyst, practitioner, signed_in
):
    EqualityRecordFactory(practitioner=practitioner, ethnicity="K", age_band="65_plus", pmq="rest_of_world")
    PractitionerFactory(organisation=organisation, full_name="Dr Nobody Recorded")
    page = signed_in(analyst).get(reverse("equality:data_practitioners")).content.decode()
    assert "Recorded" in page and "Not recorded" in page
    assert "2 practitioners: equality data recorded for 1, not recorded for 1." in page
    for value in ("Bangladeshi", "65 and over", "Rest of the world", "rest_of_world", "65_plus"):
        assert value not in page
    assert not AuditEvent.objects.filter(action="equality.data_viewed").exists()


def test_the_list_filters_to_practitioners_without_equality_data(
    organisation, analyst, practitioner, signed_in
):
    EqualityRecordFactory(practitioner=practitioner)
    PractitionerFactory(organisation=organisation, full_name="Dr Nobody Recorded")
    page = signed_in(analyst).get(reverse("equality:data_practitioners"), {"recorded": "no"}).content.decode()
    assert "Dr Nobody Recorded" in page
    assert "Dr Rowan Imaginary" not in page


# ---- the form -------------------------------------------------------------------------------------------------


def test_a_new_record_has_the_place_of_qualification_filled_in_from_the_practitioner(
    analyst, practitioner, signed_in
):
    page = signed_in(analyst).get(_form_url(practitioner)).content.decode()
    assert 'value="eea" checked' in page
    assert "No equality data is recorded for this practitioner yet." in page


def test_the_form_offers_the_nhs_data_dictionary_categories_and_declining(analyst, practitioner, signed_in):
    page = signed_in(analyst).get(_form_url(practitioner)).content.decode()
    for label in (
        "White: British",
        "Asian or Asian British: Bangladeshi",
        "Black or Black British: African",
        "Other ethnic groups: Chinese",
        "Not stated (the person preferred not to say)",
        "Prefer not to say",
        "Not known",
    ):
        assert label in page


def test_an_analyst_records_equality_data_with_prefer_not_to_say_as_an_answer(
    analyst, practitioner, signed_in
):
    response = signed_in(analyst).post(_form_url(practitioner), ANSWERS)

    assert response.status_code == 302
    assert response["Location"] == reverse("equality:data_practitioners")
    record = EqualityRecord.objects.get(practitioner=practitioner)
    assert (record.ethnicity, record.sex, record.age_band, record.disability, record.pmq, record.source) == (
        "K",
        "male",
        "60_64",
        "prefer_not_to_say",
        "rest_of_world",
        "self_reported",
    )
    assert record.updated_by == analyst
    event = AuditEvent.objects.get(action="equality.data_recorded")
    assert event.object_type == "cases.practitioner" and event.object_id == str(practitioner.pk)
    assert event.summary["detail"]["practitioner"] == "Dr Rowan Imaginary"
    assert event.summary["detail"]["answers_changed"] == sorted(ANSWERS)


def test_a_change_is_audited_naming_what_changed_but_not_the_values(analyst, practitioner, signed_in):
    EqualityRecordFactory(practitioner=practitioner, **ANSWERS)
    signed_in(analyst).post(_form_url(practitioner), {**ANSWERS, "sex": "prefer_not_to_say"})

    event = AuditEvent.objects.get(action="equality.data_changed")
    assert event.summary["detail"]["answers_changed"] == ["sex"]
    assert "prefer_not_to_say" not in str(event.summary) and "male" not in str(event.summary)
    assert EqualityRecord.objects.get(practitioner=practitioner).sex == "prefer_not_to_say"


def test_a_missing_answer_is_refused_and_nothing_is_saved(analyst, practitioner, signed_in):
    response = signed_in(analyst).post(_form_url(practitioner), {**ANSWERS, "ethnicity": ""})

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert (
        "Choose the practitioner&#39;s ethnic group" in page
        or "Choose the practitioner's ethnic group" in page
    )
    assert not EqualityRecord.objects.exists()


def test_an_answer_that_is_not_a_choice_is_refused_by_the_service(practitioner, analyst):
    with pytest.raises(ValidationError) as error:
        services_data.record_equality_data(
            practitioner=practitioner, by=analyst, **{**ANSWERS, "ethnicity": "white"}
        )
    assert "ethnicity" in error.value.message_dict
    assert not EqualityRecord.objects.exists()


def test_a_failed_audit_write_rolls_the_change_back(practitioner, analyst, monkeypatch):
    def broken(**kwargs):
        raise audit.AuditError("the audit store refused the event")

    monkeypatch.setattr("faircase.equality.services_data.audit.record", broken)
    with pytest.raises(audit.AuditError):
        services_data.record_equality_data(practitioner=practitioner, by=analyst, **ANSWERS)
    assert not EqualityRecord.objects.exists()


# ---- every view of the values is audited ---------------------------------------------------------------------


def test_every_view_of_the_form_is_audited_naming_the_practitioner(analyst, practitioner, signed_in):
    EqualityRecordFactory(practitioner=practitioner, **ANSWERS)
    client = signed_in(analyst)
    client.get(_form_url(practitioner))
    client.get(_form_url(practitioner))

    views = list(_views(practitioner))
    assert len(views) == 2
    assert {v.actor_id for v in views} == {analyst.pk}
    assert {v.summary["detail"]["practitioner"] for v in views} == {"Dr Rowan Imaginary"}
    assert {v.organisation_id for v in views} == {practitioner.organisation_id}


def test_the_form_shows_the_recorded_answers(analyst, practitioner, signed_in):
    EqualityRecordFactory(practitioner=practitioner, **ANSWERS)
    page = signed_in(analyst).get(_form_url(practitioner)).content.decode()
    assert 'value="K" checked' in page
    assert 'value="60_64" checked' in page
    assert 'value="rest_of_world" checked' in page
    assert "Last changed" in page


def test_the_form_page_is_not_cached(analyst, practitioner, signed_in):
    response = signed_in(analyst).get(_form_url(practitioner))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
