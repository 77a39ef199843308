"""Single sign-on without a browser or a provider: who an identity is (only the bound (issuer, subject) pair),
the one-time invitation that binds it, the refusals, and that no role ever comes from a claim. The callback is
driven with the provider's verification stood in for; the real provider is met in
faircase/tests/system/test_single_sign_on_journey.py."""

import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import time_machine
from django.core import mail
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from faircase.accounts import services_sign_in
from faircase.accounts.models import Membership, SingleSignOnIdentity, SingleSignOnInvitation
from faircase.accounts.single_sign_on import provider, services
from faircase.accounts.single_sign_on.services import Identity
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

ISSUER = "https://sign-in.example.test"
LINK = re.compile(r"http\S+(?P<path>/accounts/single-sign-on/invitation/[^/]+/)")
CALLBACK = "/accounts/single-sign-on/callback/"


@pytest.fixture(autouse=True)
def configured(settings):
    settings.FAIRCASE_OIDC_ISSUER = ISSUER
    settings.FAIRCASE_OIDC_CLIENT_ID = "faircase"
    settings.FAIRCASE_OIDC_CLIENT_SECRET = "secret"
    settings.FAIRCASE_OIDC_SUBJECT_CLAIM = "sub"


@pytest.fixture
def admin(organisation):
    return member(organisation, "org_admin", username="ada", full_name="Ada Administrator")


@pytest.fixture
def person(organisation):
    return member(organisation, "case_investigator", username="ivy", full_name="Ivy Investigator")


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def invite_and_take_token(organisation, person, admin) -> str:
    services.invite(organisation=organisation, user=person, by=admin)
    return LINK.search(mail.outbox[-1].body)["path"].rstrip("/").rsplit("/", 1)[-1]


class Provider:
    """Stands in for the provider's verified ID token: the callback is reached with a state the session knows."""

    def __init__(self, monkeypatch):
        self.claims: dict = {}
        monkeypatch.setattr(provider, "verified_claims", lambda request, **kw: dict(self.claims))

    def come_back(self, client: Client, **claims):
        self.claims = {"iss": ISSUER, "aud": "faircase", **claims}
        session = client.session
        session["oidc_states"] = {"the-state": {"nonce": "n", "code_verifier": "v", "added_on": 0}}
        session.save()
        return client.get(CALLBACK, {"code": "a-code", "state": "the-state"})


@pytest.fixture
def idp(monkeypatch):
    return Provider(monkeypatch)


# ---- the invitation ------------------------------------------------------------------------------------------


def test_an_invitation_is_emailed_and_only_its_hash_is_kept(organisation, person, admin):
    token = invite_and_take_token(organisation, person, admin)

    invitation = SingleSignOnInvitation.objects.get(user=person)
    assert invitation.token_hash == services.token_hash(token) and token not in invitation.token_hash
    assert mail.outbox[-1].to == [person.email]
    (event,) = events("user.sso_invitation_sent")
    assert event.actor == admin and event.organisation == organisation


def test_only_an_administrator_of_the_organisation_invites(organisation, person):
    colleague = member(organisation, "case_manager", username="cam")
    with pytest.raises(ValidationError):
        services.invite(organisation=organisation, user=person, by=colleague)
    assert not SingleSignOnInvitation.objects.exists() and not mail.outbox


def test_binding_uses_the_invitation_once(organisation, person, admin):
    token = invite_and_take_token(organisation, person, admin)

    assert services.bind(token=token, identity=Identity(ISSUER, "ivy-at-the-provider")) == person

    assert SingleSignOnIdentity.objects.get(user=person).subject == "ivy-at-the-provider"
    (event,) = events("user.identity_bound")
    assert event.actor == person
    assert "ivy-at-the-provider" not in str(event.summary)
    with pytest.raises(services.InvitationUnavailable, match="used"):
        services.bind(token=token, identity=Identity(ISSUER, "someone-else"))


def test_an_invitation_expires(organisation, person, admin, settings):
    settings.FAIRCASE_OIDC_INVITATION_DAYS = 3
    token = invite_and_take_token(organisation, person, admin)

    later = timezone.now() + timezone.timedelta(days=3, seconds=1)
    with time_machine.travel(later), pytest.raises(services.InvitationUnavailable, match="expired"):
        services.bind(token=token, identity=Identity(ISSUER, "ivy"))
    assert not SingleSignOnIdentity.objects.exists()


def test_a_newer_invitation_replaces_the_older(organisation, person, admin):
    first = invite_and_take_token(organisation, person, admin)
    invite_and_take_token(organisation, person, admin)

    with pytest.raises(services.InvitationUnavailable, match="revoked"):
        services.bind(token=first, identity=Identity(ISSUER, "ivy"))


def test_an_identity_bound_to_someone_cannot_be_bound_to_another(organisation, person, admin):
    services.bind(
        token=invite_and_take_token(organisation, admin, admin), identity=Identity(ISSUER, "shared")
    )
    token = invite_and_take_token(organisation, person, admin)

    with pytest.raises(services.IdentityTaken):
        services.bind(token=token, identity=Identity(ISSUER, "shared"))
    assert SingleSignOnIdentity.objects.get(subject="shared").user == admin


def test_an_administrator_unbinds_an_identity(organisation, person, admin):
    services.bind(token=invite_and_take_token(organisation, person, admin), identity=Identity(ISSUER, "ivy"))

    services.unbind(organisation=organisation, user=person, by=admin)

    assert not SingleSignOnIdentity.objects.filter(user=person).exists()
    (event,) = events("user.identity_unbound")
    assert event.actor == admin


# ---- the callback: matching, refusals ------------------------------------------------------------------------


def test_the_invitation_link_and_the_callback_bind_then_sign_in(client, idp, organisation, person, admin):
    token = invite_and_take_token(organisation, person, admin)

    page = client.get(reverse("single_sign_on:invitation", kwargs={"token": token}))
    assert page.status_code == 200
    response = idp.come_back(client, sub="ivy-at-the-provider")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    assert services_sign_in.signed_in_through_single_sign_on(client.get("/").wsgi_request)
    (signed_in,) = events("user.signed_in")
    assert signed_in.actor == person and signed_in.summary["detail"]["method"] == "sso"


def test_signing_in_again_matches_only_on_the_subject(client, idp, organisation, person, admin):
    services.bind(
        token=invite_and_take_token(organisation, person, admin), identity=Identity(ISSUER, "ivy-1")
    )

    # The same email and name, but another subject: not Ivy.
    refused = idp.come_back(client, sub="ivy-2", email=person.email, name=person.full_name)
    assert refused.status_code == 403 and "_auth_user_id" not in client.session
    assert "Your account is not set up in faircase" in unescape(refused.content.decode())

    assert idp.come_back(client, sub="ivy-1").status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_an_unknown_identity_is_told_and_audited_by_keyed_hash_only(client, idp):
    response = idp.come_back(client, sub="nobody-we-know")

    assert response.status_code == 403
    assert "Ask your organisation's faircase administrator to invite you." in unescape(
        response.content.decode()
    )
    (event,) = events("sign_in.sso_unknown")
    assert event.object_id == Identity(ISSUER, "nobody-we-know").key
    assert "nobody-we-know" not in str(event.summary) + event.object_id


def test_the_subject_claim_is_the_one_the_settings_name(client, idp, organisation, person, admin, settings):
    settings.FAIRCASE_OIDC_SUBJECT_CLAIM = "oid"
    services.bind(
        token=invite_and_take_token(organisation, person, admin), identity=Identity(ISSUER, "oid-ivy")
    )

    assert idp.come_back(client, sub="changes-per-app", oid="oid-ivy").status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)


def test_a_deactivated_person_is_refused(client, idp, organisation, person, admin):
    services.bind(token=invite_and_take_token(organisation, person, admin), identity=Identity(ISSUER, "ivy"))
    person.is_active = False
    person.save(update_fields=["is_active"])

    response = idp.come_back(client, sub="ivy")

    assert response.status_code == 403 and "_auth_user_id" not in client.session
    assert events("sign_in.refused")[0].summary["detail"]["reason"] == "deactivated"


def test_a_callback_with_a_state_the_session_does_not_know_signs_nobody_in(client, idp, organisation):
    idp.claims = {"sub": "x"}
    response = client.get(CALLBACK, {"code": "c", "state": "made-up"})
    assert response.status_code == 400 and "_auth_user_id" not in client.session


def test_no_role_is_ever_taken_from_a_claim(client, idp, organisation, person, admin, other_organisation):
    roles_before = set(Membership.objects.values_list("user_id", "organisation_id", "role"))
    token = invite_and_take_token(organisation, person, admin)
    client.get(reverse("single_sign_on:invitation", kwargs={"token": token}))
    claims = {
        "roles": ["org_admin", "equality_analyst"],
        "groups": ["faircase-admins"],
        "wids": ["62e90394-69f5-4237-9190-012177145e10"],
    }

    idp.come_back(client, sub="ivy", **claims)
    idp.come_back(Client(), sub="stranger", **claims)

    assert set(Membership.objects.values_list("user_id", "organisation_id", "role")) == roles_before


def fake_setting(name, *default):
    """The library's settings with no provider behind them: RS256, and every endpoint a placeholder."""
    if name == "OIDC_RP_SIGN_ALGO":
        return "RS256"
    if name.endswith("_ENDPOINT") or not default:
        return "https://placeholder.example.test"
    return default[0]


# ---- the ID token's own checks --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claims", "problem"),
    [
        ({"iss": "https://elsewhere.example.test", "aud": "faircase", "sub": "x"}, "another provider"),
        ({"iss": ISSUER, "aud": ["someone-else"], "sub": "x"}, "another client"),
        ({"iss": ISSUER, "aud": "faircase"}, "no sub claim"),
    ],
)
def test_a_token_from_another_issuer_or_for_another_client_is_refused(claims, problem, monkeypatch):
    monkeypatch.setattr(provider, "setting", fake_setting)
    with pytest.raises(SuspiciousOperation, match=problem):
        provider.TokenVerifier().get_or_create_user("access", "id", claims)


def test_a_token_below_the_assurance_level_asked_for_is_refused(monkeypatch, settings):
    settings.FAIRCASE_OIDC_ACR_VALUES = "AAL3_ANY"
    monkeypatch.setattr(provider, "setting", fake_setting)
    verifier = provider.TokenVerifier()
    claims = {"iss": ISSUER, "aud": "faircase", "sub": "x"}
    with pytest.raises(SuspiciousOperation, match="assurance level"):
        verifier.get_or_create_user("access", "id", {**claims, "acr": "AAL1_USERPASS"})
    assert verifier.get_or_create_user("access", "id", {**claims, "acr": "AAL3_ANY"})["sub"] == "x"


class SigningKeys:
    """The provider's published key, and a key that is not it, to sign ID tokens with."""

    def __init__(self):
        from cryptography.hazmat.primitives.asymmetric import rsa

        self.published = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.other = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def token(self, *, key=None, **claims) -> str:
        now = int(timezone.now().timestamp())
        payload = {"iss": ISSUER, "aud": "faircase", "sub": "x", "nonce": "n", "iat": now, "exp": now + 60}
        return jwt.encode(
            {**payload, **claims}, key or self.published, algorithm="RS256", headers={"kid": "k"}
        )


@pytest.fixture
def keys(monkeypatch):
    keys = SigningKeys()
    public = jwt.PyJWK(json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(keys.published.public_key())))
    monkeypatch.setattr(provider, "setting", fake_setting)
    monkeypatch.setattr(provider.TokenVerifier, "retrieve_matching_jwk", lambda self, token: public)
    return keys


def test_an_id_token_signed_with_the_providers_key_and_our_nonce_is_accepted(keys):
    assert provider.TokenVerifier().verify_token(keys.token(), nonce="n")["sub"] == "x"


@pytest.mark.parametrize(
    "forged",
    [
        {"key": "other"},  # signed with a key the provider did not publish
        {"nonce": "replayed"},  # made for another sign-in
        {"exp": 1},  # expired
    ],
)
def test_a_forged_replayed_or_expired_id_token_is_refused(keys, forged):
    if forged.get("key") == "other":
        forged = {"key": keys.other}
    with pytest.raises((SuspiciousOperation, jwt.PyJWTError)):
        provider.TokenVerifier().verify_token(keys.token(**forged), nonce="n")


def test_the_way_to_the_provider_carries_state_nonce_and_a_pkce_challenge(client, monkeypatch):
    endpoints = provider.Endpoints(
        authorization=f"{ISSUER}/authorize", token=f"{ISSUER}/token", userinfo="", jwks=f"{ISSUER}/jwks"
    )
    monkeypatch.setattr(provider, "endpoints", lambda: endpoints)

    response = client.get(reverse("single_sign_on:start"))

    assert response.status_code == 302 and response["Location"].startswith(f"{ISSUER}/authorize?")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    (state,) = query["state"]
    assert client.session["oidc_states"][state]["nonce"] == query["nonce"][0]


# ---- the sign-in page ----------------------------------------------------------------------------------------


def test_the_sign_in_page_offers_single_sign_on_when_configured(client, settings):
    settings.FAIRCASE_OIDC_BUTTON_TEXT = "Sign in with your NHS Care Identity"
    page = unescape(client.get(reverse("accounts:login")).content.decode())
    assert "Sign in with your NHS Care Identity" in page and reverse("single_sign_on:start") in page
    assert 'name="password"' in page


def test_password_sign_in_can_be_switched_off_beside_single_sign_on(client, settings, person):
    settings.FAIRCASE_OIDC_PASSWORD_SIGN_IN = False
    page = unescape(client.get(reverse("accounts:login")).content.decode())
    assert 'name="password"' not in page
    response = client.post(reverse("accounts:login"), {"username": "ivy", "password": "anything"})
    assert response.status_code == 405 and not events("sign_in.failed")


def test_without_an_issuer_single_sign_on_does_not_exist(client, settings):
    settings.FAIRCASE_OIDC_ISSUER = ""
    assert "single-sign-on" not in unescape(client.get(reverse("accounts:login")).content.decode())
    assert client.get(reverse("single_sign_on:start")).status_code == 404


# ---- the people pages ----------------------------------------------------------------------------------------


def test_an_administrator_invites_and_unbinds_from_the_persons_page(client, organisation, person, admin):
    kwargs = {"org_slug": organisation.slug, "user_id": person.pk}
    client.force_login(admin)
    page = client.get(reverse("people:person", kwargs=kwargs)).content.decode()
    assert "Invite to sign in with single sign-on" in page

    client.post(reverse("people:sso_invite", kwargs=kwargs))
    assert [m.to for m in mail.outbox] == [[person.email]]
    services.bind(
        token=LINK.search(mail.outbox[0].body)["path"].split("/")[-2], identity=Identity(ISSUER, "i")
    )
    page = client.get(reverse("people:person", kwargs=kwargs)).content.decode()
    assert "Remove single sign-on" in page and "Not signed in yet" not in page

    client.post(reverse("people:sso_unbind", kwargs=kwargs))
    assert not SingleSignOnIdentity.objects.filter(user=person).exists()
    assert events("user.identity_unbound")[0].actor == admin


def test_someone_who_is_not_an_administrator_cannot_invite(client, organisation, person):
    client.force_login(member(organisation, "case_manager", username="cam"))
    url = reverse("people:sso_invite", kwargs={"org_slug": organisation.slug, "user_id": person.pk})
    assert client.post(url).status_code == 404
    assert not mail.outbox and not SingleSignOnInvitation.objects.exists()


def test_production_settings_refuse_an_issuer_that_is_not_https():
    from faircase.config.tests.test_settings import MINIMAL_ENV, import_production_settings

    show = "import faircase.config.settings.production as s; print(s.FAIRCASE_OIDC_SUBJECT_CLAIM)"
    common = {**MINIMAL_ENV, "FAIRCASE_OIDC_CLIENT_ID": "faircase"}
    refused = import_production_settings(show, FAIRCASE_OIDC_ISSUER="http://idp.example.test", **common)
    assert refused.returncode != 0 and "https://" in refused.stderr
    entra = import_production_settings(
        show,
        FAIRCASE_OIDC_ISSUER="https://login.microsoftonline.com/tenant/v2.0",
        FAIRCASE_OIDC_SUBJECT_CLAIM="oid",
        **common,
    )
    assert entra.returncode == 0, entra.stderr
    assert entra.stdout.strip() == "oid"
