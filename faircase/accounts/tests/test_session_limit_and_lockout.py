"""The absolute session limit, and a sign-in lockout that an administrator can lift (ADR 30).

Every person is fictional; addresses are from the documentation ranges (RFC 5737)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from faircase.accounts import throttle
from faircase.accounts.models import KeptDraft, SignInFailure
from faircase.accounts.roles import Role
from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent
from faircase.practitioners.models import PractitionerAccount, Submission

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2027, 3, 2, 8, 0, tzinfo=LONDON)
PASSWORD = "correct horse battery staple"
ACCOUNT = "I wrote the change in the notes before the end of my shift."
PROXY = "10.20.30.40"


def _at(minutes: int):
    return time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False)


def _sign_in(client: Client, username: str, **extra) -> int:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": PASSWORD}, **extra
    ).status_code


# The absolute limit ----------------------------------------------------------------------------------------------


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="pat", full_name="Pat Practitioner")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def test_a_busy_session_still_ends_at_the_absolute_limit_and_keeps_the_draft(
    case, practitioner_user, client, settings
):
    settings.FAIRCASE_SESSION_ABSOLUTE_SECONDS = 2 * 60 * 60
    form = reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"})
    with _at(0):
        assert _sign_in(client, "pat") == 302
    for minutes in range(20, 120, 20):  # never idle for long
        with _at(minutes):
            assert client.get(form).status_code == 200
    with _at(120):
        response = client.post(form, {"text": ACCOUNT})
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
        page = client.get(response.url).content.decode()
    assert "You were signed out 2 hours after you signed in, to protect the information in faircase." in page
    assert "Your draft has been kept" in page
    assert KeptDraft.objects.get().user == practitioner_user
    assert not Submission.objects.exists()
    ended = AuditEvent.objects.filter(action="user.signed_out").latest("pk")
    assert "absolute limit" in ended.summary["detail"]["reason"]
    with _at(121):
        assert _sign_in(client, "pat") == 302
        assert client.get(form).status_code == 200  # a new session has its own limit


def test_the_limit_is_twelve_hours_unless_set():
    assert django_settings.FAIRCASE_SESSION_ABSOLUTE_SECONDS == 12 * 60 * 60


# Lifting a lockout -----------------------------------------------------------------------------------------------


@pytest.fixture
def behind_a_proxy(settings):
    settings.FAIRCASE_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    settings.FAIRCASE_TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT = 20
    settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS = 5
    return settings


def test_an_administrator_lifts_an_account_lockout_behind_a_proxy(organisation, behind_a_proxy):
    casey = member(organisation, Role.CASE_MANAGER, username="casey.fictional", full_name="Casey Fictional")
    admin = member(organisation, Role.ORG_ADMIN, username="ada.admin")
    someone_else = member(organisation, Role.CASE_MANAGER, username="sam.other")
    # Guesses from twenty addresses, each behind the same proxy: the account limit, not any address's.
    for n in range(20):
        Client().post(
            reverse("accounts:login"),
            {"username": "Casey.Fictional", "password": f"guess {n}"},
            REMOTE_ADDR=PROXY,
            headers={"X-Forwarded-For": f"203.0.113.99, 198.51.100.{n + 1}"},
        )
    Client().post(
        reverse("accounts:login"), {"username": "sam.other", "password": "a slip"}, REMOTE_ADDR=PROXY
    )
    assert throttle.account_locked(casey.username)
    fresh = {"REMOTE_ADDR": PROXY, "headers": {"X-Forwarded-For": "192.0.2.77"}}
    assert _sign_in(Client(), casey.username, **fresh) == 200  # refused, even with the right password

    admins_browser = Client()
    admins_browser.force_login(admin)
    person = reverse("people:person", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    page = admins_browser.get(person).content.decode()
    assert "too many failed attempts to sign in" in page and "Let them sign in again" in page
    lift = reverse("people:lift_lockout", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    assert admins_browser.post(lift).url == person
    assert "Let them sign in again" not in admins_browser.get(person).content.decode()

    event = AuditEvent.objects.get(action="sign_in.lockout_lifted")
    assert event.summary["detail"]["failures_forgotten"] == 20
    # Exactly that account's failures: someone else's slip is still counted.
    assert SignInFailure.objects.filter(account_key=throttle.account_key(someone_else.username)).count() == 1
    assert _sign_in(Client(), casey.username, **fresh) == 302


def test_lifting_is_for_administrators_of_the_persons_organisation(organisation, other_organisation):
    casey = member(organisation, Role.CASE_MANAGER, username="casey.fictional")
    stranger = member(other_organisation, Role.ORG_ADMIN, username="other.admin")
    browser = Client()
    browser.force_login(stranger)
    lift = reverse("people:lift_lockout", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    assert browser.post(lift).status_code == 404
    assert not AuditEvent.objects.filter(action="sign_in.lockout_lifted").exists()


def test_there_is_nothing_to_lift_when_not_locked_out(organisation, client):
    casey = member(organisation, Role.CASE_MANAGER, username="casey.fictional", full_name="Casey Fictional")
    admin = member(organisation, Role.ORG_ADMIN, username="ada.admin")
    client.force_login(admin)
    lift = reverse("people:lift_lockout", kwargs={"org_slug": organisation.slug, "user_id": casey.pk})
    page = client.post(lift, follow=True).content.decode()
    assert "Casey" in page and "is not locked out of signing in" in page
    assert not AuditEvent.objects.filter(action="sign_in.lockout_lifted").exists()
