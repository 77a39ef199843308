"""Signing in: a person who is not signed in is sent to sign in, gets a clear error for a wrong password, and
after five failures is refused even with the right one. Every page they see passes axe-core."""

import re

import pytest
from django.conf import settings
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
    page.get_by_role("button", name="Sign in").click()


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
    expect(summary).to_contain_text(SignInForm.error_messages["invalid_login"])
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    assert_accessible(page)

    # and following the error takes them to the first field, to put it right
    summary.get_by_role("link", name=SignInForm.error_messages["invalid_login"]).click()
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
    for _ in range(settings.LOGIN_THROTTLE_FAILURES):
        sign_in(page, username=case_manager.username, password="a wrong guess")
        expect(page.locator(".nhsuk-error-summary")).to_contain_text(
            SignInForm.error_messages["invalid_login"]
        )

    # When they try again with the right password
    sign_in(page, username=case_manager.username, password=PASSWORD)

    # Then they are refused, told why, and are not signed in
    expect(page).to_have_url(SIGN_IN_PATH)
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(SignInForm.error_messages["throttled"])
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)


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
