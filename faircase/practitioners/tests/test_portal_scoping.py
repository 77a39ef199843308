"""A practitioner sees only their own cases, only what was shared with them. Everything else answers 404."""

import datetime as dt
import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.practitioners.tests.portal_helpers import practitioner_user

pytestmark = pytest.mark.django_db

STAFF_NAMESPACES = {"cases", "framework", "reviews", "process", "records"}
# Public pages and the practitioner's own start page, which are not staff pages.
NOT_STAFF = {"cases:home", "process:deadlines_feed"}
# Pages of this app a practitioner may open: their own (under /my/) and the token pages (the token stands in
# for signing in). Every other page of the app is a staff page.
PRACTITIONER_TOKEN_PAGES = {"practitioners:portal_invitation", "practitioners:survey_answer"}


def _names(patterns, namespace="", converters=None):
    """Every named URL with its converters, including those of the prefixes it is included under."""
    converters = converters or {}
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from _names(pattern.url_patterns, inner, {**converters, **pattern.pattern.converters})
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, {**converters, **pattern.pattern.converters}


def _kwargs(converters, case, organisation):
    values = {}
    for name, converter in converters.items():
        kind = type(converter).__name__
        if name == "case_id":
            values[name] = case.pk
        elif kind == "UUIDConverter":
            values[name] = uuid.uuid4()
        elif kind == "IntConverter":
            values[name] = 1
        elif name in ("org_slug", "slug"):
            values[name] = organisation.slug
        else:
            values[name] = "commencement"
    return values


def staff_urls(case, organisation):
    urls = []
    for name, pattern in _names(get_resolver().url_patterns):
        namespace = name.split(":")[0]
        if namespace not in STAFF_NAMESPACES | {"practitioners"}:
            continue
        url = reverse(name, kwargs=_kwargs(pattern, case, organisation))
        staff_page = namespace in STAFF_NAMESPACES and name not in NOT_STAFF
        own_page = namespace == "practitioners" and (
            url.startswith("/my/") or name in PRACTITIONER_TOKEN_PAGES
        )
        if staff_page or (namespace == "practitioners" and not own_page):
            urls.append((name, url))
    return urls


MIDDLEWARE = "faircase.practitioners.middleware_portal.PractitionerScopeMiddleware"


@pytest.fixture(autouse=True)
def scope_middleware(settings):
    """The scope middleware, installed after authentication (the lead adds it to settings; this makes sure)."""
    if MIDDLEWARE not in settings.MIDDLEWARE:
        middleware = list(settings.MIDDLEWARE)
        middleware.insert(
            middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, MIDDLEWARE
        )
        settings.MIDDLEWARE = middleware


@pytest.fixture
def practitioner(case):
    return practitioner_user(case, username="dr.ember", full_name="Dr Ember Fictional")


def test_the_staff_url_list_covers_the_case_pages(case, organisation):
    names = {name for name, _ in staff_urls(case, organisation)}
    for expected in (
        "cases:list",
        "cases:detail",
        "cases:history",
        "records:record",
        "reviews:new",
        "framework:index",
        "process:deadlines_yours",
        "process:restriction_return",
        "practitioners:portal_invite",
    ):
        assert expected in names


def test_a_practitioner_gets_404_from_every_staff_page_of_their_own_case(
    case, organisation, practitioner, signed_in
):
    client = signed_in(practitioner)
    answers = {name: client.get(url).status_code for name, url in staff_urls(case, organisation)}
    assert {name: status for name, status in answers.items() if status != 404} == {}


def test_a_practitioner_cannot_post_to_staff_pages(case, organisation, practitioner, signed_in):
    client = signed_in(practitioner)
    for name in ("cases:add_concern", "cases:move", "practitioners:portal_invite"):
        url = reverse(name, kwargs={"case_id": case.pk})
        assert client.post(url, {"email": "x@example.test"}).status_code == 404


def test_a_practitioner_cannot_reach_another_practitioners_case(
    case, organisation, case_manager, practitioner, signed_in
):
    other = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    client = signed_in(practitioner)
    assert client.get(reverse("practitioners:portal_case", kwargs={"case_id": other.pk})).status_code == 404
    assert (
        client.get(reverse("practitioners:portal_case", kwargs={"case_id": uuid.uuid4()})).status_code == 404
    )
    assert other.reference not in client.get(reverse("practitioners:portal_home")).content.decode()


def test_a_practitioner_who_also_holds_a_staff_role_keeps_their_staff_pages(case, organisation, signed_in):
    user = practitioner_user(case)
    Membership.objects.create(user=user, organisation=organisation, role="auditor")
    client = signed_in(user)
    assert client.get(reverse("cases:list")).status_code == 200
    assert client.get(reverse("practitioners:portal_home")).status_code == 200


def test_staff_get_404_from_the_practitioners_own_pages(case, case_manager, signed_in):
    client = signed_in(case_manager)
    assert client.get(reverse("practitioners:portal_home")).status_code == 404
    assert client.get(reverse("practitioners:portal_case", kwargs={"case_id": case.pk})).status_code == 404


def test_the_api_answers_404_to_a_practitioner(case, practitioner, signed_in):
    client = signed_in(practitioner)
    assert client.get("/api/v1/cases").status_code == 404
    assert client.get(f"/api/v1/cases/{case.pk}").status_code == 404


def test_the_practitioners_page_shows_no_internal_notes(
    case, organisation, case_manager, practitioner, signed_in
):
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    answers = {}
    for index, consideration in enumerate(framework_selectors.considerations_for(review)):
        values = {"answer": "yes", "note": f"Internal framework note {index} about the practitioner"}
        if index == 0:
            values.update(
                answer="unknown",
                follow_up_action="Internal follow-up: check the rota with the ward",
                follow_up_owner=case_manager,
                follow_up_due_on=timezone.localdate() + dt.timedelta(days=7),
            )
        answers[consideration.pk] = values
    framework_services.save_answers(review=review, answers=answers, by=case_manager)
    framework_services.complete_review(review=review, by=case_manager)
    case_services.move_stage(
        case=case,
        to_stage="initial_assessment",
        decision="Assess the facts",
        reasons="Internal reason: the ward manager is worried",
        by=case_manager,
        open_follow_ups_reason="Internal: follow-up can run alongside",
    )
    hr = member(organisation, "hr_adviser", full_name="Harriet Hidden-Adviser")
    case_services.name_person(case=case, user=hr, role="hr_adviser", by=case_manager)
    client = signed_in(practitioner)
    html = client.get(reverse("practitioners:portal_case", kwargs={"case_id": case.pk})).content.decode()
    assert "Initial assessment" in html
    for secret in (
        "Internal framework note",
        "Internal follow-up",
        "Internal reason",
        "Internal: follow-up",
        "Assess the facts",
        "Harriet Hidden-Adviser",
        case.concerns.get().description,
        case.summary,
    ):
        if secret:
            assert secret not in html
    assert not re.search(r"equality|ethnicity|sexual orientation", html, re.IGNORECASE)


def test_the_portal_scope_middleware_is_installed():
    from django.conf import settings

    assert "faircase.practitioners.middleware_portal.PractitionerScopeMiddleware" in settings.MIDDLEWARE
