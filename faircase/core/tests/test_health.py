"""The health check answers without signing in; every other page asks an anonymous visitor to sign in."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# The only pages open to someone who has not signed in. Adding one here is a decision: say why in review.
OPEN_PAGES = {
    "core:health",
    "core:accessibility",
    "core:privacy",
    "accounts:login",
    # Load balancers' probes: no case data, nothing written (faircase/ops/tests/test_probes.py).
    "ops:healthz",
    "ops:readyz",
}
# Open forms' actions: the language switch (ADR 41) keeps a signed-out choice on the browser, reads no case
# data, and answers only POST (faircase/core/tests/test_languages.py).
OPEN_ACTIONS = {"core:language"}
# Pages that answer without signing in because a secret token in the URL stands in for it (an unknown or
# revoked token answers 404: faircase/process/tests/test_feed_calendar.py and the files named below).
TOKEN_PAGES = {
    "process:deadlines_feed",
    "practitioners:survey_answer",
    "practitioners:portal_invitation",
    "people:set_password",  # faircase/accounts/tests/test_people_pages.py
    "single_sign_on:invitation",  # faircase/accounts/tests/test_single_sign_on.py
}
# Single sign-on's way in and way back: open by nature, 404 unless an issuer is configured, and signing nobody
# in without the provider's signed word (faircase/accounts/tests/test_single_sign_on.py).
SINGLE_SIGN_ON_PAGES = {"single_sign_on:start", "single_sign_on:callback"}

# The second-factor step of sign-in: only for someone whose password was right a moment ago; anyone else is
# sent to the sign-in page to start (faircase/accounts/tests/test_second_factor.py).
SIGN_IN_STEPS = {"accounts:second_factor"}

_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_SAMPLES = {"uuid": str(uuid.UUID(int=1)), "int": "1"}


def _routes(patterns, prefix="", namespace=None):
    """Every URL faircase serves, as (namespaced name, example path), leaving out Django's own admin."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            yield from _routes(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            example = _CONVERTER.sub(lambda m: _SAMPLES.get(m["converter"] or "str", "example"), route)
            yield f"{namespace}:{pattern.name}", "/" + example


def _all_routes():
    return sorted(set(_routes(get_resolver().url_patterns)))


@pytest.mark.django_db
def test_the_health_check_answers_json_without_signing_in(client):
    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}


def test_the_url_walk_finds_the_open_pages_and_pages_behind_sign_in():
    names = {name for name, _ in _all_routes()}
    assert names >= OPEN_PAGES, "an open page in OPEN_PAGES no longer exists"
    assert len(names) > len(OPEN_PAGES), "found no pages behind sign-in: the URL walk is broken"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "path"),
    [
        r
        for r in _all_routes()
        if r[0] not in OPEN_PAGES | OPEN_ACTIONS | TOKEN_PAGES | SINGLE_SIGN_ON_PAGES | SIGN_IN_STEPS
        and not r[0].startswith("api:")
    ],
)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, name, path):
    response = client.get(path)

    assert response.status_code == 302, (
        f"{name} ({path}) answered {response.status_code} to an anonymous visitor"
    )
    assert response["Location"].startswith(reverse("accounts:login") + "?next="), response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(OPEN_PAGES - {"core:health"}))
def test_the_open_pages_answer_without_signing_in(client, name):
    response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", sorted(OPEN_ACTIONS))
def test_the_open_actions_answer_a_post_only_and_without_signing_in(client, name):
    assert client.get(reverse(name)).status_code == 405
    assert client.post(reverse(name), {"next": "/"}).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "path"), [r for r in _all_routes() if r[0].startswith("api:")])
def test_the_api_refuses_an_anonymous_caller(client, name, path):
    response = client.get(path)

    # 401 for every endpoint; the bare API root is not an endpoint (404).
    assert response.status_code in {401, 404}, f"{name} ({path}) answered {response.status_code}"
