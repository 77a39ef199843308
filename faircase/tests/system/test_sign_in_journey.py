"""Signing in: a person who is not signed in is sent to sign in, gets a clear error for a wrong password, and
after five failures in one browser is refused even with the right one; someone guessing their password from
elsewhere does not stop them signing in on the browser they use. Every page they see passes axe-core."""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

from faircase.accounts.forms import SignInForm
from faircase.accounts.tests.factories import member
from faircase.tests.system.axe import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # the factory's password for every user
SIGN_IN_PATH = re.compile(r"/accounts/sign-in/")


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


def sign_in(page: Page, *, username: str, password: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()


def test_a_visitor_is_sent_to_sign_in_and_a_wrong_password_is_explained_before_they_get_in(
    page, case_manager
):
    # Given a case manager who is not signed in
    # When they visit the home page, they are sent to sign in
    page.goto("/")
    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to faircase")
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)

    # When they sign in with a wrong password, an error summary says what went wrong
    sign_in(page, username=case_manager.username, password="not the password")
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text(str(SignInForm.error_messages["invalid_login"]))
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)

    # and following the error takes them to the first field, to put it right
    summary.get_by_role("link", name=str(SignInForm.error_messages["invalid_login"])).click()
    expect(page.get_by_label("Username", exact=True)).to_be_focused()

    # When they sign in with the right password, they are signed in and leave the sign-in page
    sign_in(page, username=case_manager.username, password=PASSWORD)
    expect(page).not_to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page.get_by_text(case_manager.display_name)).to_be_visible()
    assert_accessible(page)


def test_after_five_failed_attempts_even_the_right_password_is_refused(page, case_manager):
    # Given a case manager who has failed to sign in as often as the throttle allows
    page.goto("/accounts/sign-in/")
    for _ in range(settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT_AND_ADDRESS):
        sign_in(page, username=case_manager.username, password="a wrong guess")
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            str(SignInForm.error_messages["invalid_login"])
        )

    # When they try again with the right password
    sign_in(page, username=case_manager.username, password=PASSWORD)

    # Then they are refused, told why, and are not signed in
    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(SignInForm.throttled_message())
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)


def test_someone_guessing_from_elsewhere_does_not_stop_the_person_signing_in_on_their_own_browser(
    page, case_manager
):
    # Given a case manager who has signed in on this browser before, and signed out
    page.goto("/accounts/sign-in/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(SIGN_IN_PATH)

    # and someone elsewhere who guesses their password from many addresses until the account is refused
    # everywhere else
    for n in range(settings.LOGIN_THROTTLE_FAILURES_PER_ACCOUNT + 1):
        Client().post(
            "/accounts/sign-in/",
            {"username": case_manager.username, "password": f"guess {n}"},
            REMOTE_ADDR=f"198.51.100.{n + 1}",
        )
    refused = Client().post(
        "/accounts/sign-in/",
        {"username": case_manager.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.250",
    )
    assert SignInForm.throttled_message() in refused.context_data["form"].non_field_errors()

    # When the case manager signs in on their own browser with the right password
    sign_in(page, username=case_manager.username, password=PASSWORD)

    # Then they are signed in
    expect(page).not_to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_a_signed_in_person_can_sign_out_and_is_then_asked_to_sign_in_again(page, case_manager):
    # Given a case manager who has signed in
    page.goto("/accounts/sign-in/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # When they choose "Sign out" and confirm
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign out")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # Then they are back at sign in, and the service asks them to sign in again
    expect(page).to_have_url(SIGN_IN_PATH)
    page.goto("/")
    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy"),
    ],
)
def test_the_pages_anyone_may_read_without_signing_in_are_accessible(page, path, heading):
    page.goto(path)
    expect(page).not_to_have_url(SIGN_IN_PATH)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    assert_accessible(page)
