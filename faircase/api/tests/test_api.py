"""The read-only JSON API: signed-in users only (401 JSON otherwise), scoped exactly as the pages are."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.framework.models import FrameworkVersion


@pytest.fixture
def other_case(other_organisation):
    other_manager = member(other_organisation, "case_manager", username="other-cm")
    return open_case(
        organisation=other_organisation, by=other_manager, case_manager=other_manager, reference="HB-001"
    )


# ---- signing in ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/principles",
        "/api/v1/principles/welfare",
        "/api/v1/framework/current?org=riverside",
        "/api/v1/cases",
        f"/api/v1/cases/{uuid.uuid4()}",
        "/api/v1/openapi.json",
    ],
)
def test_anonymous_calls_get_401_json_not_a_redirect(client, organisation, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Unauthorized"}


def test_the_openapi_description_loads_for_a_signed_in_user(organisation, case_manager, signed_in):
    response = signed_in(case_manager).get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "faircase API"
    assert set(schema["paths"]) >= {
        "/api/v1/principles",
        "/api/v1/principles/{code}",
        "/api/v1/framework/current",
        "/api/v1/cases",
        "/api/v1/cases/{case_id}",
    }
    # Read-only: the only operations described are reads.
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods == {"get"}


# ---- cases -----------------------------------------------------------------------------------------------


def test_the_case_list_shows_only_cases_the_user_may_see(case, other_case, case_manager, signed_in):
    response = signed_in(case_manager).get("/api/v1/cases")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [item] = body["items"]
    assert item == {
        "id": str(case.pk),
        "reference": case.reference,
        "organisation": "riverside",
        "practitioner": case.practitioner.full_name,
        "stage": "concern_received",
        "stage_name": case.stage_name,
        "opened_at": item["opened_at"],
    }
    assert item["opened_at"].startswith(str(case.opened_at.year))


def test_someone_only_named_on_a_case_sees_just_that_case(organisation, case, case_manager, signed_in):
    investigator = member(organisation, "case_investigator")
    open_case(organisation=organisation, by=case_manager, case_manager=case_manager)  # not named on this one
    case_services.name_person(case=case, user=investigator, role="case_investigator", by=case_manager)
    body = signed_in(investigator).get("/api/v1/cases").json()
    assert [item["reference"] for item in body["items"]] == [case.reference]


def test_the_case_list_filters_by_organisation_and_stage(
    organisation, other_organisation, case, other_case, signed_in
):
    both = member(organisation, "case_manager", username="both")
    Membership.objects.create(user=both, organisation=other_organisation, role="case_manager")
    client = signed_in(both)
    assert client.get("/api/v1/cases").json()["count"] == 2
    assert [i["reference"] for i in client.get("/api/v1/cases?org=hillside").json()["items"]] == ["HB-001"]
    assert client.get("/api/v1/cases?stage=closed").json()["count"] == 0


def test_the_case_list_is_paginated(organisation, case_manager, signed_in):
    for _ in range(3):
        open_case(organisation=organisation, by=case_manager)
    body = signed_in(case_manager).get("/api/v1/cases?limit=2&offset=0").json()
    assert body["count"] == 3
    assert len(body["items"]) == 2


def test_a_case_reads_in_full_and_the_read_is_audited(case, case_manager, signed_in):
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    before = AuditEvent.objects.filter(action="case.viewed", case=case).count()
    response = signed_in(case_manager).get(f"/api/v1/cases/{case.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["reference"] == case.reference
    assert body["policy"] == "mhps_england"
    assert body["open_follow_ups"] == 0
    assert body["reviews"] == [
        {
            "review_point": "commencement",
            "status": "in_progress",
            "framework_version": review.version.number,
            "started_at": body["reviews"][0]["started_at"],
            "completed_at": None,
        }
    ]
    views = AuditEvent.objects.filter(action="case.viewed", case=case)
    assert views.count() == before + 1
    event = views.order_by("-sequence").first()
    assert event.actor == case_manager
    assert event.summary["detail"] == {"viewed": "case.api_read"}


def test_a_case_in_another_organisation_is_not_found(other_case, case_manager, signed_in):
    before = AuditEvent.objects.count()
    response = signed_in(case_manager).get(f"/api/v1/cases/{other_case.pk}")
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before


def test_someone_excluded_for_a_conflict_cannot_find_the_case(organisation, case, case_manager, signed_in):
    adviser = member(organisation, "hr_adviser")
    client = signed_in(adviser)
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 200
    case_services.exclude_for_conflict(
        case=case, user=adviser, reason="Works closely with the practitioner", by=case_manager
    )
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404
    assert client.get("/api/v1/cases").json()["count"] == 0


def test_a_case_id_that_is_not_a_uuid_is_refused_as_invalid(case_manager, signed_in):
    response = signed_in(case_manager).get("/api/v1/cases/not-a-case")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["path", "case_id"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_cases_cannot_be_written(case, case_manager, signed_in, method):
    client = signed_in(case_manager)
    assert (
        getattr(client, method)("/api/v1/cases", data={}, content_type="application/json").status_code == 405
    )
    response = getattr(client, method)(f"/api/v1/cases/{case.pk}", data={}, content_type="application/json")
    assert response.status_code == 405


# ---- the framework in use --------------------------------------------------------------------------------


def test_members_read_the_national_set_before_their_organisation_adapts_it(
    organisation, case_manager, signed_in
):
    response = signed_in(case_manager).get("/api/v1/framework/current?org=riverside")
    assert response.status_code == 200
    body = response.json()
    assert body["national"] is True
    assert body["organisation"] is None
    assert [p["name"] for p in body["principles"]] == [
        "Ensuring welfare and support",
        "Understanding the issues",
        "Ensuring the practitioner is heard",
        "Adherence to process",
        "Equity and proportionality",
    ]
    assert sum(len(p["considerations"]) for p in body["principles"]) == 33
    ws7 = next(c for c in body["principles"][0]["considerations"] if c["code"] == "WS7")
    assert ws7["review_points"] == ["restriction", "ad_hoc"]


def test_members_read_their_organisations_adapted_version(organisation, case_manager, signed_in):
    admin = member(organisation, "org_admin")
    draft = framework_services.start_adaptation(organisation=organisation, by=admin)
    framework_services.add_consideration(
        version=draft, principle="heard", text="Interpreter offered.", by=admin
    )
    body = signed_in(case_manager).get("/api/v1/framework/current?org=riverside").json()
    assert body["national"] is True  # the draft is not in use yet
    framework_services.publish_draft(version=draft, change_note="Interpreters", by=admin)
    body = signed_in(case_manager).get("/api/v1/framework/current?org=riverside").json()
    national = FrameworkVersion.objects.get(organisation__isnull=True)
    assert (body["organisation"], body["number"], body["national"]) == ("riverside", 1, False)
    assert body["based_on"] == {"organisation": None, "number": national.number}
    assert body["change_note"] == "Interpreters"
    assert "LOCAL-1" in [c["code"] for c in body["principles"][2]["considerations"]]


def test_the_framework_of_an_organisation_you_do_not_belong_to_is_not_found(
    other_organisation, case_manager, signed_in
):
    client = signed_in(case_manager)
    assert client.get("/api/v1/framework/current?org=hillside").status_code == 404
    assert client.get("/api/v1/framework/current?org=nowhere").status_code == 404


def test_the_framework_needs_an_organisation(case_manager, signed_in):
    assert signed_in(case_manager).get("/api/v1/framework/current").status_code == 422


def test_the_case_list_uses_the_same_number_of_queries_however_many_cases(
    organisation, case_manager, signed_in
):
    client = signed_in(case_manager)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/cases").status_code == 200
        return len(captured)

    open_case(organisation=organisation, by=case_manager)
    few = queries_for_list()
    for _ in range(4):
        open_case(organisation=organisation, by=case_manager)
    assert queries_for_list() == few


# ---- pagination bounds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field", "says"),
    [
        # Beyond 64 bits: PostgreSQL answered "bigint out of range" with a 500.
        ("limit=99999999999999999999999", "limit", "less than or equal to 100"),
        ("offset=99999999999999999999999", "offset", "less than or equal to 1000000"),
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=101", "limit", "less than or equal to 100"),
        ("limit=-1", "limit", "greater than or equal to 1"),
        ("offset=-1", "offset", "greater than or equal to 0"),
        ("offset=1000001", "offset", "less than or equal to 1000000"),
        ("limit=many", "limit", "valid integer"),
    ],
)
def test_a_limit_or_offset_out_of_bounds_is_refused_with_a_clear_message(
    case, case_manager, signed_in, query, field, says
):
    response = signed_in(case_manager).get(f"/api/v1/cases?{query}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", field]
    assert says in problem["msg"]


def test_the_largest_limit_and_offset_allowed_still_answer(case, case_manager, signed_in):
    client = signed_in(case_manager)
    assert client.get("/api/v1/cases?limit=100&offset=0").json()["count"] == 1
    assert client.get("/api/v1/cases?limit=1&offset=1000000").json() == {"items": [], "count": 1}


def test_the_openapi_description_states_the_bounds(case_manager, signed_in):
    schema = signed_in(case_manager).get("/api/v1/openapi.json").json()
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/cases"]["get"]["parameters"]}
    assert (parameters["limit"]["minimum"], parameters["limit"]["maximum"]) == (1, 100)
    assert (parameters["offset"]["minimum"], parameters["offset"]["maximum"]) == (0, 1_000_000)
