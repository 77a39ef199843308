"""WCAG 2.2.1 (timing adjustable): sessions end after a time without activity, each request extends them, the
pages carry a warning with a way to stay signed in, and a form sent after the session ran out is kept for its
user, who is told why they were signed out."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from faircase.accounts import kept_drafts
from faircase.accounts.models import KeptDraft
from faircase.accounts.tests.factories import UserFactory
from faircase.core.models import AuditEvent
from faircase.practitioners.models import PractitionerAccount, Submission

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2027, 3, 2, 9, 0, tzinfo=LONDON)
PASSWORD = "correct horse battery staple"
ACCOUNT = "I was on the ward round when the dose was changed, and I wrote it in the notes."


@pytest.fixture
def practitioner_user(case):
    user = UserFactory(username="pat", full_name="Pat Practitioner")
    PractitionerAccount.objects.create(user=user, practitioner=case.practitioner)
    return user


def _sign_in(client, user):
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def _later(seconds):
    return time_machine.travel(START + dt.timedelta(seconds=seconds), tick=False)


def _form_url(case):
    return reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"})


def test_the_session_is_an_idle_timeout_that_each_request_extends():
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert 0 < settings.SESSION_TIMEOUT_WARNING_SECONDS < settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_activity_keeps_the_session_and_idleness_ends_it(case, practitioner_user, client):
    age = settings.SESSION_COOKIE_AGE
    with _later(0):
        _sign_in(client, practitioner_user)
    with _later(age - 60):
        assert client.get(_form_url(case)).status_code == 200
    with _later(2 * age - 120):  # more than one session length since sign-in, but never idle for one
        assert client.get(_form_url(case)).status_code == 200
    with _later(3 * age):
        response = client.get(_form_url(case))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def test_a_signed_in_page_carries_the_warning_as_a_module_file(case, practitioner_user, signed_in):
    page = signed_in(practitioner_user).get(_form_url(case)).content.decode()
    assert 'role="alertdialog"' in page and "<dialog" in page
    assert f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert f'data-warning-seconds="{settings.SESSION_TIMEOUT_WARNING_SECONDS}"' in page
    assert "Stay signed in" in page
    assert reverse("accounts:session_extend") in page
    assert re.search(r'<script type="module" src="[^"]*faircase/session-timeout\.js"></script>', page)


def test_the_sign_in_page_has_no_warning(client, db):
    assert "session-timeout" not in client.get(reverse("accounts:login")).content.decode()


def test_stay_signed_in_extends_the_session(case, practitioner_user, client):
    age = settings.SESSION_COOKIE_AGE
    with _later(0):
        _sign_in(client, practitioner_user)
    with _later(age - 30):
        response = client.post(reverse("accounts:session_extend"), HTTP_ACCEPT="application/json")
        assert response.status_code == 200 and response.json() == {"seconds": age}
    with _later(2 * age - 60):
        assert client.get(_form_url(case)).status_code == 200


def test_stay_signed_in_without_javascript_goes_back_to_the_page(case, practitioner_user, signed_in):
    response = signed_in(practitioner_user).post(
        reverse("accounts:session_extend"), {"next": _form_url(case)}
    )
    assert response.status_code == 302 and response.url == _form_url(case)
    response = signed_in(practitioner_user).post(
        reverse("accounts:session_extend"), {"next": "https://elsewhere.example/"}
    )
    assert response.url == reverse("cases:home")


def test_after_idleness_the_sign_in_page_says_why(case, practitioner_user, client):
    with _later(0):
        _sign_in(client, practitioner_user)
        client.get(_form_url(case))
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = client.get(_form_url(case), follow=True)
    page = response.content.decode()
    assert "Sign in to faircase" in page
    assert (
        "You were signed out after 30 minutes without activity, to protect the information in faircase."
        in page
    )
    assert "Your draft has been kept" not in page
    # said once
    assert "You were signed out" not in client.get(reverse("accounts:login")).content.decode()


def test_an_account_sent_after_the_session_ran_out_is_kept_and_given_back(case, practitioner_user, client):
    with _later(0):
        _sign_in(client, practitioner_user)
        client.get(_form_url(case))
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = client.post(_form_url(case), {"text": ACCOUNT})
        assert response.status_code == 302
        assert response.url == f"{reverse('accounts:login')}?next={_form_url(case)}"
        page = client.get(response.url).content.decode()
        assert "Your draft has been kept" in page
        draft = KeptDraft.objects.get()
        assert draft.user == practitioner_user and draft.path == _form_url(case)
        assert ACCOUNT not in str(AuditEvent.objects.filter(action="session.draft_kept").values())
        _sign_in(client, practitioner_user)
        page = client.get(_form_url(case)).content.decode()
    assert ACCOUNT in page
    assert "We kept what you wrote" in page
    assert not KeptDraft.objects.exists()
    assert not Submission.objects.exists()
    with _later(settings.SESSION_COOKIE_AGE + 2):
        assert ACCOUNT not in client.get(_form_url(case)).content.decode()  # given back once


def test_someone_else_signing_in_on_that_browser_does_not_get_the_draft(
    case, practitioner_user, case_manager, client
):
    with _later(0):
        _sign_in(client, practitioner_user)
        client.get(_form_url(case))
    with _later(settings.SESSION_COOKIE_AGE + 1):
        client.post(_form_url(case), {"text": ACCOUNT})
        _sign_in(client, case_manager)
        assert kept_drafts.owner_of is not None
        draft = KeptDraft.objects.get()
    assert draft.user == practitioner_user
    # the case manager cannot open the practitioner's page, and the draft stays theirs
    assert KeptDraft.objects.filter(user=case_manager).count() == 0


def test_the_check_page_keeps_the_answers_for_the_form_when_send_comes_too_late(
    case, practitioner_user, client
):
    check_url = reverse("practitioners:voice_check", kwargs={"case_id": case.pk, "kind": "account"})
    with _later(0):
        _sign_in(client, practitioner_user)
        client.post(_form_url(case), {"text": ACCOUNT})
        page = client.get(check_url).content.decode()
        assert f'name="_draft_for" value="{_form_url(case)}"' in page
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = client.post(check_url, {"_draft_for": _form_url(case), "text": ACCOUNT})
        assert "next=" in response.url
        assert KeptDraft.objects.get().path == _form_url(case)
    assert not Submission.objects.exists()


def test_keeping_only_never_sends_even_while_signed_in(case, practitioner_user, signed_in):
    client = signed_in(practitioner_user)
    client.post(_form_url(case), {"text": ACCOUNT})
    check_url = reverse("practitioners:voice_check", kwargs={"case_id": case.pk, "kind": "account"})
    response = client.post(
        check_url, {"_draft_for": _form_url(case), "text": ACCOUNT, "_keep_draft_only": "1"}
    )
    assert response.status_code == 302 and response.url == _form_url(case)
    assert not Submission.objects.exists()
    assert ACCOUNT in client.get(_form_url(case)).content.decode()


def test_no_draft_is_claimed_for_a_form_that_cannot_give_it_back(case, case_manager, client):
    plan_url = reverse("practitioners:voice_welfare_plan", kwargs={"case_id": case.pk})
    with _later(0):
        _sign_in(client, case_manager)
        client.get(plan_url)
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = client.post(plan_url, {"notes": "Some notes"}, follow=True)
    assert not KeptDraft.objects.exists()
    page = response.content.decode()
    assert "You were signed out" in page and "Your draft has been kept" not in page


@override_settings(KEPT_DRAFT_SECONDS=60)
def test_a_kept_draft_expires(case, practitioner_user, client):
    with _later(0):
        _sign_in(client, practitioner_user)
        client.get(_form_url(case))
    with _later(settings.SESSION_COOKIE_AGE + 1):
        client.post(_form_url(case), {"text": ACCOUNT})
    with _later(settings.SESSION_COOKIE_AGE + 120):
        _sign_in(client, practitioner_user)
        assert ACCOUNT not in client.get(_form_url(case)).content.decode()
    assert not KeptDraft.objects.exists()


def test_stay_signed_in_after_the_session_ran_out_does_not_pretend(case, practitioner_user, client):
    with _later(0):
        _sign_in(client, practitioner_user)
    with _later(settings.SESSION_COOKIE_AGE + 1):
        response = client.post(reverse("accounts:session_extend"), HTTP_ACCEPT="application/json")
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
