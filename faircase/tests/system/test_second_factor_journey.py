"""A second factor (ADR 30): a case manager with a password is made to set up an authenticator app before
anything else, keeps their recovery codes, then signs in with a code from the app, adds a passkey (Chromium's
virtual authenticator stands in for their laptop's), signs in with the passkey, and then with a recovery code,
which works once. Every page they see passes axe-core."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.tests.system.axe import assert_accessible

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # the factory's password for every user
SECOND_FACTOR_PATH = re.compile(r"/accounts/sign-in/second-factor/$")
SECURITY_PATH = re.compile(r"/accounts/security/$")


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


@pytest.fixture
def second_factor_required(settings, live_server):
    settings.FAIRCASE_REQUIRE_SECOND_FACTOR = True
    # The passkey's relying party is the site the browser is on.
    settings.FAIRCASE_SITE_URL = live_server.url
    return settings


def sign_in_with_password(page: Page, username: str) -> None:
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to faircase")


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What the person's authenticator app would show, from the key on the page (a later step's code when the
    current one has been used: the app's codes are accepted one step either side)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{TOTP(key, step=30, t0=0, digits=6, drift=steps_ahead).token():06d}"


def test_a_case_manager_sets_up_and_uses_each_second_factor(page, case_manager, second_factor_required):
    # Given a case manager with only a password
    # When they sign in, they are kept on "Account security" until they set up a second factor
    sign_in_with_password(page, case_manager.username)
    expect(page).to_have_url(SECURITY_PATH)
    expect(page.get_by_text("Set up a second factor to carry on")).to_be_visible()
    assert_accessible(page)
    page.goto("/")
    expect(page).to_have_url(SECURITY_PATH)

    # They set up an authenticator app from the key shown as text
    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.locator("svg").first).to_be_visible()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Set up the app").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The code is not right")
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(app_code(secret))
    page.get_by_role("button", name="Set up the app").click()

    # and are shown their recovery codes, once
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    codes = page.locator("[data-recovery-codes] code").all_inner_texts()
    assert len(codes) == 10
    assert_accessible(page)
    page.get_by_role("button", name="I have kept my codes safe").click()
    expect(page).to_have_url(SECURITY_PATH)
    assert_accessible(page)
    sign_out(page)

    # When they sign in again, the password alone is not enough: a code from the app finishes it
    sign_in_with_password(page, case_manager.username)
    expect(page).to_have_url(SECOND_FACTOR_PATH)
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(app_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()

    # They add a passkey (the virtual authenticator is their laptop's)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    page.goto("/accounts/security/passkeys/add/")
    assert_accessible(page)
    page.get_by_label("Name for this passkey").fill("Work laptop")
    page.get_by_role("button", name="Add a passkey").click()
    expect(page).to_have_url(SECURITY_PATH)
    expect(page.get_by_text("Your passkey has been added.")).to_be_visible()
    expect(page.get_by_text("Work laptop", exact=True)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # They sign in with the passkey
    sign_in_with_password(page, case_manager.username)
    expect(page).to_have_url(SECOND_FACTOR_PATH)
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    sign_out(page)

    # and, having lost both, with a recovery code, which works once
    sign_in_with_password(page, case_manager.username)
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    sign_out(page)
    sign_in_with_password(page, case_manager.username)
    page.get_by_label("Code from your authenticator app").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("not right")
    expect(page).to_have_url(SECOND_FACTOR_PATH)
    assert_accessible(page)
