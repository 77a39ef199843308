"""Demo logins cannot exist outside demo mode: the loader refuses, a system check fails, and sign-in refuses."""

import io

import pytest
from django.contrib.auth import authenticate
from django.core import checks
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.test import override_settings
from django.urls import reverse

from faircase.accounts.models import Organisation, User
from faircase.accounts.tests.factories import UserFactory
from faircase.core.models import AuditEvent
from faircase.demo.backends import DemoAwareModelBackend
from faircase.demo.checks import no_demo_logins_outside_demo_mode
from faircase.demo.services import DemoModeRequired, load_demo

PASSWORD = "correct horse battery staple"
DEMO_AWARE = override_settings(AUTHENTICATION_BACKENDS=["faircase.demo.backends.DemoAwareModelBackend"])


@pytest.fixture
def demo_user(db):
    return UserFactory(username="demo-person", is_demo=True)


@pytest.fixture
def ordinary_user(db):
    return UserFactory(username="ordinary-person", is_demo=False)


# ---- the loader and commands -----------------------------------------------------------------------------


@override_settings(DEMO_MODE=False)
def test_the_loader_refuses_outside_demo_mode_and_saves_nothing(db):
    with pytest.raises(DemoModeRequired, match="Demo mode is off"):
        load_demo()
    assert not User.objects.filter(is_demo=True).exists()
    assert not Organisation.objects.exists()
    assert not AuditEvent.objects.exists()


@override_settings(DEMO_MODE=False)
def test_the_demo_command_refuses_outside_demo_mode_with_a_clear_message(db):
    with pytest.raises(CommandError, match="Demo mode is off"):
        call_command("demo", "--no-serve", stdout=io.StringIO())
    assert not User.objects.filter(is_demo=True).exists()


@override_settings(DEMO_MODE=False)
def test_demo_users_refuses_outside_demo_mode(demo_user):
    with pytest.raises(CommandError, match="Demo mode is off"):
        call_command("demo_users", "--json", stdout=io.StringIO())


def test_demo_users_before_the_demo_is_loaded_says_how_to_load_it(db):
    with pytest.raises(CommandError, match="faircase demo --no-serve"):
        call_command("demo_users", "--json", stdout=io.StringIO())


# ---- the system check ------------------------------------------------------------------------------------


@override_settings(DEMO_MODE=False)
def test_the_system_check_fails_when_demo_logins_exist_outside_demo_mode(demo_user):
    errors = no_demo_logins_outside_demo_mode()
    assert [error.id for error in errors] == ["faircase.demo.E001"]
    assert errors[0].level == checks.ERROR


@override_settings(DEMO_MODE=False)
def test_the_system_check_is_registered_and_stops_management_commands(demo_user):
    with pytest.raises(SystemCheckError, match=r"faircase\.demo\.E001"):
        call_command("check", stdout=io.StringIO(), stderr=io.StringIO())


@override_settings(DEMO_MODE=False)
def test_the_system_check_passes_outside_demo_mode_without_demo_logins(ordinary_user):
    assert no_demo_logins_outside_demo_mode() == []


def test_the_system_check_passes_in_demo_mode_with_demo_logins(demo_user):
    assert no_demo_logins_outside_demo_mode() == []


# ---- signing in ------------------------------------------------------------------------------------------


@DEMO_AWARE
@override_settings(DEMO_MODE=False)
def test_a_demo_login_cannot_sign_in_outside_demo_mode(demo_user):
    assert authenticate(username="demo-person", password=PASSWORD) is None


@DEMO_AWARE
@override_settings(DEMO_MODE=False)
def test_an_ordinary_login_signs_in_outside_demo_mode(ordinary_user):
    assert authenticate(username="ordinary-person", password=PASSWORD) == ordinary_user


@DEMO_AWARE
def test_a_demo_login_signs_in_in_demo_mode(demo_user):
    assert authenticate(username="demo-person", password=PASSWORD) == demo_user


@override_settings(DEMO_MODE=False)
def test_a_demo_user_already_signed_in_is_not_recognised_once_demo_mode_is_off(demo_user):
    assert DemoAwareModelBackend().get_user(demo_user.pk) is None


@DEMO_AWARE
@override_settings(DEMO_MODE=False)
def test_the_sign_in_page_refuses_a_demo_login_outside_demo_mode(demo_user, client):
    response = client.post(reverse("accounts:login"), {"username": "demo-person", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
