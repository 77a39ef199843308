"""Signing in, failing to, being refused and signing out each leave an audit event (issue 9). A failed attempt
names the account only by a keyed hash, so the trail reads the same whether or not the account exists and holds
neither what was typed as a username nor the password."""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
WRONG = "Wrong-Password-typed-by-Casey"
ADDRESS = "192.0.2.10"


@pytest.fixture
def person(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


def sign_in(client: Client, username: str, password: str):
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ADDRESS
    )


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("sequence"))


def as_text(event: AuditEvent) -> str:
    return json.dumps(
        [event.actor_label, event.object_type, event.object_id, event.summary], sort_keys=True
    ).casefold()


def test_a_failed_sign_in_is_audited_without_the_username_or_the_password(person):
    sign_in(Client(), person.username, WRONG)

    (event,) = events("sign_in.failed")
    assert event.actor is None
    assert event.actor_label == "Someone not signed in (sign-in page)"
    assert event.summary["detail"]["address"] == ADDRESS
    assert "casey" not in as_text(event)
    assert WRONG.casefold() not in as_text(event)


def test_a_failed_sign_in_reads_the_same_in_the_trail_whether_or_not_the_account_exists(person):
    sign_in(Client(), person.username, WRONG)
    sign_in(Client(), "nobody.fictional", WRONG)

    for_the_person, for_no_one = events("sign_in.failed")
    for field in ("actor_id", "actor_label", "object_type", "organisation_id", "case_id"):
        assert getattr(for_the_person, field) == getattr(for_no_one, field), field
    assert for_the_person.summary.keys() == for_no_one.summary.keys()
    assert for_the_person.summary["detail"].keys() == for_no_one.summary["detail"].keys()
    assert for_the_person.object_id != for_no_one.object_id


def test_an_investigator_can_find_the_failures_against_a_named_account(person, capsys):
    sign_in(Client(), person.username, WRONG)
    sign_in(Client(), "Casey.Fictional ", WRONG)  # the same account, typed differently
    sign_in(Client(), "dana.fictional", WRONG)

    call_command("audit", "sign-in-key", "casey.fictional")
    key = capsys.readouterr().out.strip().split()[-1]

    assert [e.object_id for e in events("sign_in.failed")].count(key) == 2
    # Keyed with the secret key: a copy of the trail alone cannot be matched against a list of likely usernames.
    assert key != hashlib.sha256(b"casey.fictional").hexdigest()


def test_a_refused_attempt_is_audited_with_the_limit_it_met(person):
    browser = Client()
    for _ in range(5):
        sign_in(browser, person.username, WRONG)
    sign_in(browser, person.username, PASSWORD)

    assert len(events("sign_in.failed")) == 5
    (refused,) = events("sign_in.refused")
    assert refused.actor is None
    assert refused.summary["detail"]["limit"] == "account and address"
    assert refused.object_id == events("sign_in.failed")[0].object_id
    assert PASSWORD.casefold() not in as_text(refused)
    assert not events("user.signed_in")


def test_signing_in_is_audited_with_where_from(person):
    sign_in(Client(), person.username, PASSWORD)

    (event,) = events("user.signed_in")
    assert event.actor == person
    assert event.summary["detail"] == {"address": ADDRESS, "known_device": False}


def test_signing_out_is_audited(person, signed_in):
    client = signed_in(person)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    (event,) = events("user.signed_out")
    assert event.actor == person
    assert event.object_id == str(person.pk)


def test_visiting_sign_out_without_signing_out_records_nothing(person, signed_in):
    signed_in(person).get(reverse("accounts:logout"))

    assert not events("user.signed_out")


def test_the_trail_is_whole_after_sign_in_events(person, capsys):
    browser = Client()
    sign_in(browser, person.username, WRONG)
    sign_in(browser, person.username, PASSWORD)
    browser.post(reverse("accounts:logout"))
    for _ in range(6):
        sign_in(browser, "nobody.fictional", WRONG)

    call_command("audit", "verify")
    assert "The audit trail is whole" in capsys.readouterr().out


def test_a_failure_is_not_counted_when_its_audit_event_cannot_be_written(person, monkeypatch):
    from faircase.accounts.models import SignInFailure
    from faircase.core import audit

    def refuse(**kwargs):
        raise audit.AuditError("The audit trail is unavailable.")

    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(audit.AuditError):
        sign_in(Client(), person.username, WRONG)

    assert not SignInFailure.objects.exists()
