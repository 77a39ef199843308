"""A second factor for local accounts (ADR 30): who must have one, the sign-in step, setting one up, recovery
codes, and what an administrator can do. Every person is fictional; addresses are from RFC 5737."""

import datetime as dt
from binascii import unhexlify

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from faircase.access.policy import GRANTS, OVERSIGHT_ROLES
from faircase.accounts import second_factor
from faircase.accounts.models import Passkey, SignInFailure
from faircase.accounts.roles import HANDLES_EQUALITY_DATA, READS_PUBLISHED_EQUALITY_STATISTICS, Role
from faircase.accounts.second_factor import passkeys, rules, services
from faircase.accounts.second_factor.views import NEW_TOTP_KEY
from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
START = dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def required(settings):
    settings.FAIRCASE_REQUIRE_SECOND_FACTOR = True
    settings.FAIRCASE_SECOND_FACTOR_PENDING_SECONDS = 5 * 60
    settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
    return settings


@pytest.fixture
def casey(organisation):
    return member(organisation, Role.CASE_MANAGER, username="casey.fictional", full_name="Casey Fictional")


def code_now(key_hex: str) -> str:
    totp = TOTP(unhexlify(key_hex), step=30, t0=0, digits=6)
    return f"{totp.token():06d}"


def with_app(user) -> str:
    key = services.new_totp_key()
    services.add_authenticator_app(user=user, key_hex=key, code=code_now(key))
    return key


def password_step(client: Client, username: str, password: str = PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# Who must have one ------------------------------------------------------------------------------------------------


def test_every_role_with_an_organisation_wide_grant_needs_a_second_factor():
    """A new grant in the access kernel cannot slip past: the rule is derived from GRANTS, and this compares."""
    granted = set().union(*(grant.organisation_roles for grant in GRANTS.values()))
    assert granted <= rules.ROLES_NEEDING_SECOND_FACTOR
    assert OVERSIGHT_ROLES | HANDLES_EQUALITY_DATA | READS_PUBLISHED_EQUALITY_STATISTICS <= (
        rules.ROLES_NEEDING_SECOND_FACTOR
    )
    # Only a role that sees just the cases someone is named on goes without.
    assert set(Role.values) - rules.ROLES_NEEDING_SECOND_FACTOR == {Role.CASE_INVESTIGATOR}


def test_a_case_investigator_does_not_need_one_but_an_equality_analyst_does(organisation):
    assert not rules.needs_second_factor(member(organisation, Role.CASE_INVESTIGATOR, username="ivy"))
    assert rules.needs_second_factor(member(organisation, Role.EQUALITY_ANALYST, username="eli"))
    assert rules.needs_second_factor(UserFactory(username="platform", is_staff=True))
    assert not rules.needs_second_factor(UserFactory(username="nobody"))


# Made to set one up ------------------------------------------------------------------------------------------


def test_someone_who_needs_one_reaches_nothing_but_its_set_up_until_they_have_one(client, casey):
    assert password_step(client, casey.username).status_code == 302
    assert signed_in(client)
    home = client.get(reverse("cases:home"))
    assert home.status_code == 302 and home["Location"] == reverse("accounts:security")
    page = client.get(reverse("accounts:security_authenticator_app"))
    assert page.status_code == 200 and b"<svg" in page.content
    key = client.session[NEW_TOTP_KEY]

    wrong = client.post(reverse("accounts:security_authenticator_app"), {"code": "000000"})
    assert wrong.status_code == 400 and "The code is not right" in wrong.content.decode()
    done = client.post(reverse("accounts:security_authenticator_app"), {"code": code_now(key)})
    assert done["Location"] == reverse("accounts:security_recovery_codes")
    codes = client.get(done["Location"])
    assert codes.content.decode().count("<li><code>") == services.RECOVERY_CODE_COUNT
    assert client.get(reverse("cases:home")).status_code == 200
    assert set(AuditEvent.objects.values_list("action", flat=True)) >= {
        "user.second_factor_added",
        "user.recovery_codes_made",
    }


def test_the_setting_off_lets_a_password_alone_through(client, casey, settings):
    settings.FAIRCASE_REQUIRE_SECOND_FACTOR = False
    password_step(client, casey.username)
    assert client.get(reverse("cases:home")).status_code == 200


def test_a_single_sign_on_session_is_left_to_the_identity_provider(client, casey):
    client.force_login(casey)
    session = client.session
    session[second_factor.SIGN_IN_METHOD_KEY] = second_factor.SSO
    session.save()
    assert client.get(reverse("cases:home")).status_code == 200


# The sign-in step --------------------------------------------------------------------------------------------


def test_with_an_app_the_right_password_alone_does_not_sign_in(client, casey):
    key = with_app(casey)
    response = password_step(client, casey.username)
    assert response["Location"] == reverse("accounts:second_factor")
    assert not signed_in(client)
    assert client.get(reverse("cases:home")).status_code == 302

    wrong = client.post(reverse("accounts:second_factor"), {"code-code": "123456"})
    assert wrong.status_code == 400 and not signed_in(client)
    assert SignInFailure.objects.count() == 1
    assert AuditEvent.objects.filter(action="sign_in.second_factor_failed").count() == 1

    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=31), tick=False):
        right = client.post(reverse("accounts:second_factor"), {"code-code": code_now(key)})
    assert right.status_code == 302 and signed_in(client)
    event = AuditEvent.objects.filter(action="user.signed_in").latest("pk")
    assert event.summary["detail"]["second_factor"] == services.AUTHENTICATOR_APP
    # The right second factor forgets this browser's own failures, as the right password does.
    assert SignInFailure.objects.count() == 0


def test_wrong_codes_meet_the_sign_in_throttle(client, casey):
    with_app(casey)
    password_step(client, casey.username)
    for _ in range(5):
        client.post(reverse("accounts:second_factor"), {"code-code": "999999"})
    refused = client.post(reverse("accounts:second_factor"), {"code-code": "999999"})
    assert refused["Location"] == reverse("accounts:login")
    assert AuditEvent.objects.filter(action="sign_in.refused").count() == 1
    assert not signed_in(client)


def test_the_step_times_out_and_the_person_starts_again(client, casey):
    key = with_app(casey)
    with time_machine.travel(START, tick=False):
        password_step(client, casey.username)
    with time_machine.travel(START + dt.timedelta(minutes=6), tick=False):
        late = client.post(reverse("accounts:second_factor"), {"code-code": code_now(key)})
    assert late["Location"] == reverse("accounts:login")
    assert not signed_in(client)


def test_a_recovery_code_works_once_and_is_not_stored_as_typed(client, casey):
    with_app(casey)
    codes = services.make_recovery_codes(user=casey)
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)

    password_step(client, casey.username)
    assert client.post(reverse("accounts:second_factor"), {"code-code": codes[3].upper()}).status_code == 302
    assert signed_in(client)
    client.post(reverse("accounts:logout"))
    password_step(client, casey.username)
    again = client.post(reverse("accounts:second_factor"), {"code-code": codes[3]})
    assert again.status_code == 400 and not signed_in(client)
    assert rules.recovery_codes_left(casey) == 9


def test_new_recovery_codes_replace_the_old(casey):
    old = services.make_recovery_codes(user=casey)
    services.make_recovery_codes(user=casey)
    assert services.check_code(user=casey, code=old[0]) == ""


def test_the_only_factor_of_someone_who_needs_one_cannot_be_removed(casey):
    with_app(casey)
    with pytest.raises(Exception, match="only authenticator app"):
        services.remove_authenticator_app(user=casey)
    assert TOTPDevice.objects.filter(user=casey).exists()


# What an administrator can do --------------------------------------------------------------------------------


def test_an_administrator_resets_a_lost_second_factor(client, organisation, casey):
    with_app(casey)
    services.make_recovery_codes(user=casey)
    admin = member(organisation, Role.ORG_ADMIN, username="ada.admin")
    with_app(admin)
    client.force_login(admin)
    person = reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    assert "Reset Casey Fictional" in client.get(person).content.decode()
    reset = reverse("people:reset_second_factor", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    assert client.post(reset)["Location"] == person
    assert not rules.can_finish_sign_in_with(casey)
    event = AuditEvent.objects.get(action="user.second_factor_reset")
    assert event.summary["detail"]["removed"] == [services.AUTHENTICATOR_APP, "recovery codes"]


def test_a_passkey_answer_that_is_not_one_counts_as_a_failure_and_changes_nothing(client, casey):
    with_app(casey)
    Passkey.objects.create(user=casey, name="Laptop", credential_id="bGFwdG9w", public_key=b"not a key")
    password_step(client, casey.username)
    page = client.get(reverse("accounts:second_factor")).content.decode()
    assert "Use a passkey" in page and "data-options=" in page
    forged = '{"id": "bGFwdG9w", "rawId": "bGFwdG9w", "type": "public-key", "response": {}}'
    response = client.post(reverse("accounts:second_factor"), {"passkey-response": forged})
    assert response.status_code == 400 and not signed_in(client)
    assert "could not be checked" in response.content.decode()
    assert AuditEvent.objects.filter(action="sign_in.second_factor_failed").count() == 1
    assert Passkey.objects.get().sign_count == 0


def test_a_passkey_is_for_the_site_in_the_settings(settings):
    settings.FAIRCASE_SITE_URL = "https://faircase.example.nhs.uk:8443/base/"
    assert passkeys.rp_id() == "faircase.example.nhs.uk"
    assert passkeys.origin() == "https://faircase.example.nhs.uk:8443"


def test_a_passkey_can_go_once_another_factor_stays(casey):
    with_app(casey)
    passkey = services.add_passkey(
        user=casey, name="  ", credential_id="a2V5", public_key=b"not a key", sign_count=0
    )
    assert passkey.name == "Passkey"
    services.remove_passkey(user=casey, passkey=passkey)
    with pytest.raises(Exception, match="only authenticator app"):
        services.remove_authenticator_app(user=casey)
    assert [
        e.summary["detail"]["kind"] for e in AuditEvent.objects.filter(action__startswith="user.second")
    ] == [
        services.AUTHENTICATOR_APP,
        services.PASSKEY,
        services.PASSKEY,
    ]
