"""Headers every response carries: nothing a signed-in person reads is kept by a browser or a proxy
(`Cache-Control: no-store`), and the browser features faircase does not use are switched off (Permissions-Policy).
"""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils.cache import patch_cache_control

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.core.middleware import NoStoreMiddleware
from faircase.process import feeds

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {
        part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()
    }


def _kept_out_of_caches(response) -> bool:
    return "no-store" in _directives(response)


@pytest.fixture
def staff(organisation, case_manager):
    Membership.objects.create(user=case_manager, organisation=organisation, role="responsible_officer")
    return case_manager


def _signed_in_urls(case, organisation):
    return [
        reverse("cases:home"),
        reverse("cases:list"),
        reverse("cases:detail", kwargs={"case_id": case.pk}),
        reverse("cases:history", kwargs={"case_id": case.pk}),
        reverse("records:record_pdf", kwargs={"case_id": case.pk}),
        reverse("records:record_docx", kwargs={"case_id": case.pk}),
        reverse(
            "process:restriction_return_file",
            kwargs={"org_slug": organisation.slug, "month": "2025-01", "fmt": "csv"},
        ),
        reverse("process:deadlines_yours"),
        reverse("process:deadlines_calendar"),
        "/api/v1/cases",
        f"/api/v1/cases/{case.pk}",
        "/api/v1/principles",
        # Pages open to everyone still show a signed-in person's name and navigation.
        reverse("core:accessibility"),
        reverse("core:privacy"),
        # What a person may not see answers 404; the answer is not kept either.
        "/cases/00000000-0000-0000-0000-000000000001/",
    ]


def test_every_signed_in_response_is_kept_out_of_caches(case, organisation, staff, signed_in):
    client = signed_in(staff)
    for url in _signed_in_urls(case, organisation):
        response = client.get(url)
        assert response.status_code in (200, 302, 404), url  # 302: the record PDF's progress page (ADR 39)
        assert _kept_out_of_caches(response), f"{url}: {response.get('Cache-Control')!r}"


@pytest.mark.parametrize(
    "url",
    [
        "/cases/",  # the redirect to sign in
        "/accounts/sign-in/",  # carries a CSRF token
        "/api/v1/cases",  # 401 JSON
        "/health/",
        "/my/invitation/not-a-real-token/",
    ],
)
def test_responses_to_someone_not_signed_in_are_not_kept_either_by_default(client, db, url):
    response = client.get(url)
    assert _kept_out_of_caches(response), f"{url}: {response.get('Cache-Control')!r}"


def test_the_calendar_feed_is_not_kept(case_manager, client):
    _feed, token = feeds.create_feed(by=case_manager)
    response = client.get(reverse("process:deadlines_feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert _kept_out_of_caches(response)


@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy"])
def test_public_pages_may_be_cached_for_people_not_signed_in(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert not _kept_out_of_caches(response)
    assert "public" in _directives(response)
    assert "max-age" in _directives(response)


def test_static_files_stay_cacheable(client, db):
    response = client.get("/static/faircase/faircase.css")
    response.close()  # WhiteNoise streams the file: close it
    assert response.status_code == 200
    assert not _kept_out_of_caches(response)


# ---- the rule itself, on responses views might make ------------------------------------------------------


def _through_middleware(response, *, user=None):
    request = RequestFactory().get("/anything/")
    if user is not None:
        request.user = user
    return NoStoreMiddleware(lambda _request: response)(request)


def test_a_signed_in_response_that_asks_to_be_cached_is_not(organisation):
    person = member(organisation, "case_manager", username="someone")
    response = HttpResponse("case content")
    patch_cache_control(response, public=True, max_age=3600)
    answer = _through_middleware(response, user=person)
    assert _kept_out_of_caches(answer)
    assert "public" not in _directives(answer)


def test_a_response_that_already_says_no_store_keeps_its_own_header(organisation):
    person = member(organisation, "case_manager", username="someone")
    response = HttpResponse("a secret link")
    response["Cache-Control"] = "private, no-store"
    assert _through_middleware(response, user=person)["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv; charset=utf-8",
        "text/calendar; charset=utf-8",
        "application/json",
    ],
)
def test_case_documents_are_never_kept_even_without_a_signed_in_user(content_type):
    # A file reached by a token link (the calendar feed) has no signed-in user; a view that asked for caching
    # by mistake is overruled.
    response = HttpResponse(b"data", content_type=content_type)
    patch_cache_control(response, public=True, max_age=600)
    assert _kept_out_of_caches(_through_middleware(response))


# ---- Permissions-Policy ----------------------------------------------------------------------------------

DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth", "hid", "midi"]


def _policy(response) -> dict[str, str]:
    header = response.get("Permissions-Policy", "")
    return dict(part.strip().split("=", 1) for part in header.split(",") if part.strip())


@pytest.mark.parametrize("signed", [True, False])
def test_browser_features_faircase_does_not_use_are_switched_off(case, staff, client, signed):
    if signed:
        client.force_login(staff)
    for url in ("/accounts/sign-in/", "/cases/", f"/cases/{case.pk}/", "/api/v1/cases", "/accessibility/"):
        policy = _policy(client.get(url))
        for feature in DENIED:
            assert policy.get(feature) == "()", f"{url}: {feature}"
