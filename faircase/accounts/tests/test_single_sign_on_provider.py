"""Single sign-on against a real OpenID Connect provider (faircase/tests/oidc/provider.mjs), without a browser: the
whole authorization code flow with PKCE, the code exchanged and the ID token checked against the provider's own
published keys, then matched in faircase. The browser journey walks the same way with a person's steps."""

import re
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
import requests
from django.test import Client
from django.urls import reverse

from faircase.accounts.models import SingleSignOnIdentity
from faircase.accounts.single_sign_on import provider
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.tests.oidc.local_provider import LocalProvider, local_provider

pytestmark = pytest.mark.django_db

# The Django test client's own address: the provider accepts only this callback.
CALLBACK = "http://testserver/accounts/single-sign-on/callback/"
FORM_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


@pytest.fixture(scope="module")
def running() -> Iterator[LocalProvider]:
    with local_provider(CALLBACK) as started:
        yield started


@pytest.fixture
def configured(settings, running):
    settings.FAIRCASE_OIDC_ISSUER = running.issuer
    settings.FAIRCASE_OIDC_CLIENT_ID = running.client_id
    settings.FAIRCASE_OIDC_CLIENT_SECRET = running.client_secret
    provider.forget_discovery()
    yield running
    provider.forget_discovery()


def sign_in_at_the_provider(client: Client, login: str) -> str:
    """From faircase's button to the provider's login and consent pages, and back: the callback URL."""
    at = client.get(reverse("single_sign_on:start"))["Location"]
    browser = requests.Session()
    for _ in range(12):
        if at.startswith(CALLBACK):
            return at
        response = browser.get(at, allow_redirects=False, timeout=5)
        if response.status_code == 200:  # a page of the provider's: the login form, then the consent form
            action = urljoin(at, FORM_ACTION.search(response.text)[1])
            fields = {"login": login, "password": "anything", "prompt": "login"}
            if 'name="login"' not in response.text:
                fields = {"prompt": "consent"}
            response = browser.post(action, data=fields, allow_redirects=False, timeout=5)
        at = urljoin(at, response.headers["Location"])
    raise AssertionError("The provider never sent the browser back to faircase")


def test_discovery_reads_the_providers_endpoints_and_refuses_a_document_for_another_issuer(configured):
    assert provider.endpoints().jwks.startswith(configured.issuer + "/")
    with pytest.raises(provider.ProviderUnavailable, match="another issuer"):
        provider._discover(configured.issuer.replace("127.0.0.1", "localhost"))


def test_a_bound_person_signs_in_through_the_real_provider_and_a_stranger_does_not(configured, organisation):
    person = member(organisation, "case_manager", username="cam")
    SingleSignOnIdentity.objects.create(
        user=person, issuer=configured.issuer, subject="cam-at-the-provider", bound_at="2026-01-05T09:00Z"
    )

    client = Client()
    back = sign_in_at_the_provider(client, "cam-at-the-provider")
    response = client.get(back)
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(person.pk)
    # The state, and so the code, works once: coming back the same way again signs nobody in.
    assert client.get(back).status_code == 400
    assert Client().get(back).status_code == 400

    stranger = Client()
    refused = stranger.get(sign_in_at_the_provider(stranger, "someone-else"))
    assert refused.status_code == 403 and "_auth_user_id" not in stranger.session
    assert AuditEvent.objects.filter(action="sign_in.sso_unknown").count() == 1
