"""The Django admin has no sign-in of its own: its door leads to the product's sign-in, with the same throttle and
audit, and the whole admin exists only where settings switch it on (issue 9)."""

import importlib
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches, reverse

from faircase.accounts.tests.factories import UserFactory, member
from faircase.core.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ADDRESS = "192.0.2.20"


@pytest.fixture
def superuser(db):
    return UserFactory(
        username="platform.fictional", full_name="Pat Platform", is_staff=True, is_superuser=True
    )


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def product_sign_in(next_url: str) -> str:
    return f"{reverse('accounts:login')}?next={next_url}"


def goes_to_product_sign_in(url: str, *, then: str) -> bool:
    parts = urlsplit(url)
    return parts.path == reverse("accounts:login") and parse_qs(parts.query) == {"next": [then]}


def test_thirty_wrong_passwords_then_the_right_one_at_the_admin_sign_in_sign_nobody_in(superuser):
    browser = Client()
    for n in range(30):
        browser.post(
            "/admin/login/", {"username": superuser.username, "password": f"guess {n}"}, REMOTE_ADDR=ADDRESS
        )

    response = browser.post(
        "/admin/login/?next=/admin/",
        {"username": superuser.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )

    assert not is_signed_in(browser)
    assert response.status_code == 302
    assert goes_to_product_sign_in(response.url, then="/admin/")


def test_the_admin_sends_a_visitor_to_the_products_sign_in(db):
    browser = Client()

    response = browser.get("/admin/", follow=True)

    assert goes_to_product_sign_in(response.redirect_chain[-1][0], then="/admin/")
    assert response.status_code == 200


def test_guessing_a_superusers_password_on_the_way_to_the_admin_is_throttled_and_audited(superuser):
    browser = Client()
    sign_in_url = product_sign_in("/admin/")
    for n in range(30):
        browser.post(
            sign_in_url, {"username": superuser.username, "password": f"guess {n}"}, REMOTE_ADDR=ADDRESS
        )

    browser.post(sign_in_url, {"username": superuser.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS)

    assert not is_signed_in(browser)
    assert AuditEvent.objects.filter(action="sign_in.failed").count() == 5
    assert AuditEvent.objects.filter(action="sign_in.refused").count() == 26


def test_a_superuser_signs_in_through_the_product_and_reaches_the_admin(superuser):
    browser = Client()

    response = browser.post(
        product_sign_in("/admin/"),
        {"username": superuser.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
    )

    assert response.url == "/admin/"
    assert browser.get("/admin/").status_code == 200
    assert AuditEvent.objects.filter(action="user.signed_in", actor=superuser).count() == 1


def test_signing_out_of_the_admin_is_audited(superuser, signed_in):
    client = signed_in(superuser)

    client.post("/admin/logout/")

    assert not is_signed_in(client)
    assert AuditEvent.objects.filter(action="user.signed_out", actor=superuser).count() == 1


def test_a_signed_in_person_who_is_not_platform_staff_finds_no_admin(organisation, signed_in):
    client = signed_in(member(organisation, "case_manager", username="casey.fictional"))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 404


@pytest.fixture
def admin_switched_off():
    """The URLs as a server started with FAIRCASE_ADMIN_ENABLED off would have them."""
    from faircase.config import urls

    with override_settings(FAIRCASE_ADMIN_ENABLED=False):
        importlib.reload(urls)
        clear_url_caches()
        yield
    importlib.reload(urls)
    clear_url_caches()


@pytest.mark.parametrize("path", ["/admin/", "/admin/login/", "/admin/accounts/user/", "/admin/logout/"])
def test_with_the_admin_switched_off_every_admin_address_answers_404(admin_switched_off, superuser, path):
    visitor = Client()
    superuser_browser = Client()
    superuser_browser.force_login(superuser)

    assert visitor.get(path).status_code == 404
    assert visitor.post(path, {"username": superuser.username, "password": PASSWORD}).status_code == 404
    assert superuser_browser.get(path).status_code == 404
    assert not is_signed_in(visitor)


def test_with_the_admin_switched_off_the_product_still_signs_people_in(admin_switched_off, superuser):
    browser = Client()

    response = browser.post(
        reverse("accounts:login"), {"username": superuser.username, "password": PASSWORD}, REMOTE_ADDR=ADDRESS
    )

    assert response.status_code == 302
    assert is_signed_in(browser)
