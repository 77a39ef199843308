"""Equality data stays in its walled garden: the case page, the case list, the disclosable record (the page
and the presenter's JSON) and the API never contain a practitioner's equality answers, nor the place of
primary qualification the case team recorded. Checked with a user who is both case manager and equality
analyst, so nothing is hidden from them by their role."""

import pytest
from django.urls import reverse

from faircase.accounts.models import Membership
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.equality.tests.factories import EqualityRecordFactory
from faircase.records.presenters import build_record, canonical_json

pytestmark = pytest.mark.django_db

# Each answer as stored and as labelled: none may appear outside the equality pages.
FORBIDDEN = (
    "Bangladeshi",  # ethnicity K: "Asian or Asian British: Bangladeshi"
    "65 and over",  # age band 65_plus
    "65_plus",
    "Rest of the world",  # place of primary qualification
    "rest_of_world",
    "Atlantis",  # the country of qualification the case team recorded
    "primary qualification",
    "ethnic",
    "age band",
)


@pytest.fixture
def case_with_equality_data(organisation, case_manager):
    Membership.objects.create(user=case_manager, organisation=organisation, role="equality_analyst")
    practitioner = PractitionerFactory(
        organisation=organisation,
        full_name="Dr Quill Imaginary",
        qualification_region="rest_of_world",
        qualification_country="Atlantis",
    )
    EqualityRecordFactory(
        practitioner=practitioner,
        ethnicity="K",
        sex="male",
        age_band="65_plus",
        disability="yes",
        pmq="rest_of_world",
        updated_by=case_manager,
    )
    return open_case(
        organisation=organisation, practitioner=practitioner, by=case_manager, case_manager=case_manager
    )


def _assert_clean(text: str, where: str) -> None:
    found = [value for value in FORBIDDEN if value.casefold() in text.casefold()]
    assert found == [], f"{where} shows equality data: {found}"


def test_the_case_page_never_shows_equality_data_or_the_place_of_qualification(
    case_with_equality_data, case_manager, signed_in
):
    response = signed_in(case_manager).get(
        reverse("cases:detail", kwargs={"case_id": case_with_equality_data.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dr Quill Imaginary" in page  # the page is about this practitioner
    _assert_clean(page, "the case page")


def test_the_case_list_never_shows_equality_data(case_with_equality_data, case_manager, signed_in):
    page = signed_in(case_manager).get(reverse("cases:list")).content.decode()
    assert "Dr Quill Imaginary" in page
    _assert_clean(page, "the case list")


def test_the_disclosable_record_page_never_shows_equality_data(
    case_with_equality_data, case_manager, signed_in
):
    response = signed_in(case_manager).get(
        reverse("records:record", kwargs={"case_id": case_with_equality_data.pk})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dr Quill Imaginary" in page
    _assert_clean(page, "the disclosable record")


def test_the_disclosable_records_json_never_holds_equality_data(case_with_equality_data, case_manager):
    content = canonical_json(build_record(case_with_equality_data, generated_by=case_manager).content())
    assert "Dr Quill Imaginary" in content
    _assert_clean(content, "the record presenter's JSON")


def test_the_api_never_gives_equality_data_or_the_place_of_qualification(
    case_with_equality_data, case_manager, signed_in
):
    client = signed_in(case_manager)
    listing = client.get("/api/v1/cases")
    detail = client.get(f"/api/v1/cases/{case_with_equality_data.pk}")
    assert listing.status_code == 200 and detail.status_code == 200
    assert "Dr Quill Imaginary" in listing.content.decode()
    _assert_clean(listing.content.decode(), "the API's case list")
    _assert_clean(detail.content.decode(), "the API's case")


def test_the_api_description_has_no_equality_fields(case_manager, signed_in):
    schema = signed_in(case_manager).get("/api/v1/openapi.json").content.decode()
    for name in ("qualification", "ethnic", "pmq", "age_band", "disability"):
        assert name not in schema.casefold()
