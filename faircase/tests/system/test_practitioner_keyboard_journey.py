"""Issue 12, done when: a practitioner who uses only the keyboard (Tab, Enter, typing; never a click) signs in,
writes their account, checks it, changes it and sends it, then adds a correction; the case team sees the
correction beside the original. With a short session, the timeout warning appears with focus in it, "Stay
signed in" extends the session, and when the session runs out the draft is kept and the sign-in page says why.
Every page reached, and the open warning, passes axe-core."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session
from django.test import override_settings
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, concern_fields, open_case
from faircase.practitioners.tests.portal_helpers import practitioner_user
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

ACCOUNT = "I wrote the discharge summary before the ward round changed the dose."
ADDED = " The change is in the ward round notes."
CORRECTION = "The ward round was on 2 March, not 1 March."
DRAFT = "A draft I am still writing about the handover."
# Short enough that the test does not wait long, long enough for a loaded machine to keep up.
SHORT_SESSION = 20
SHORT_WARNING = 14


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="avery.keyboard", full_name="Avery Keyboard")


@pytest.fixture
def case(organisation, case_manager):
    practitioner = PractitionerFactory(organisation=organisation, full_name="Dr Sol Invented")
    return open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        reference="RFT-2026-512",
        concern=concern_fields(),
    )


@pytest.fixture
def practitioner(case):
    return practitioner_user(case, username="sol.invented", full_name="Sol Invented")


def tab_to(page: Page, target: Locator, most: int = 80) -> None:
    """Press Tab until the target has focus, as a keyboard user would."""
    target.wait_for()
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def keyboard_sign_in(page: Page, username: str) -> None:
    tab_to(page, page.get_by_label("Username", exact=True))
    page.keyboard.type(username)
    tab_to(page, page.get_by_label("Password", exact=True))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def follow(page: Page, target: Locator) -> None:
    tab_to(page, target)
    page.keyboard.press("Enter")


def _session_expiry(page: Page) -> dt.datetime:
    (key,) = [c["value"] for c in page.context.cookies() if c["name"] == "sessionid"]
    return Session.objects.get(session_key=key).expire_date


def test_a_keyboard_user_sends_their_account_corrects_it_and_is_warned_before_being_signed_out(
    page: Page, browser, live_server, case, case_manager, practitioner
):
    voice_form = reverse("practitioners:voice_new", kwargs={"case_id": case.pk, "kind": "account"})

    # Given a practitioner who uses the keyboard only, at the sign-in page
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to faircase")
    assert_accessible(page)
    keyboard_sign_in(page, practitioner.username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your cases")
    assert_accessible(page)

    # When they open their case and choose to give their account
    follow(page, page.get_by_role("link", name=f"Your case with {case.organisation.name}"))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your case with {case.organisation.name}")
    assert_accessible(page)
    follow(page, page.get_by_role("link", name="Give your account of what happened"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Give your account")
    assert_accessible(page)

    # and write it and continue
    tab_to(page, page.get_by_label("Your account"))
    page.keyboard.type(ACCOUNT)
    follow(page, page.get_by_role("button", name="Continue"))

    # Then they see what will be sent, with a way to change it, and nothing is sent yet
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your account before you send it")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(ACCOUNT)
    assert_accessible(page)

    # When they change it, their words are there to add to
    follow(page, page.get_by_role("link", name="Change your account"))
    expect(page.get_by_label("Your account")).to_have_value(ACCOUNT)
    assert_accessible(page)
    tab_to(page, page.get_by_label("Your account"))
    page.keyboard.press("Control+End")
    page.keyboard.type(ADDED)
    follow(page, page.get_by_role("button", name="Continue"))
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(ACCOUNT + ADDED)

    # and send it
    follow(page, page.get_by_role("button", name="Send"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("We have received your account on ")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_text(ACCOUNT + ADDED)).to_be_visible()
    assert_accessible(page)

    # When they add a correction, it goes through the same check before it is sent
    follow(page, page.get_by_role("link", name=re.compile(r"^Add a correction")))
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a correction")
    assert_accessible(page)
    tab_to(page, page.get_by_label("Your correction"))
    page.keyboard.type(CORRECTION)
    follow(page, page.get_by_role("button", name="Continue"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your correction before you send it")
    expect(page.locator("main")).to_contain_text(ACCOUNT + ADDED)
    assert_accessible(page)
    follow(page, page.get_by_role("button", name="Send"))

    # Then the correction is received, shown with what it corrects, which is unchanged
    expect(page.get_by_role("heading", level=1)).to_contain_text("We have received your correction on ")
    expect(page.get_by_text(CORRECTION)).to_be_visible()
    expect(page.get_by_text(ACCOUNT + ADDED)).to_be_visible()
    assert_accessible(page)

    # And with a short session, on a new account they are writing
    with override_settings(SESSION_COOKIE_AGE=SHORT_SESSION, SESSION_TIMEOUT_WARNING_SECONDS=SHORT_WARNING):
        page.goto(voice_form)
        tab_to(page, page.get_by_label("Your account"))
        page.keyboard.type(DRAFT)

        # the warning appears before the session ends, with focus in it, saying how long is left
        warning = page.get_by_role("alertdialog", name="You will be signed out soon")
        expect(warning).to_be_visible(timeout=(SHORT_SESSION - SHORT_WARNING + 5) * 1000)
        expect(warning).to_be_focused()
        expect(warning).to_contain_text(re.compile(r"you will be signed out in \d+ seconds"))
        assert_accessible(page)

        # When they choose to stay signed in, the session is extended and they are back in their text
        before = _session_expiry(page)
        tab_to(page, warning.get_by_role("button", name="Stay signed in"))
        page.keyboard.press("Enter")
        expect(warning).to_be_hidden()
        expect(page.get_by_label("Your account")).to_be_focused()
        expect(page.get_by_label("Your account")).to_have_value(DRAFT)
        assert _session_expiry(page) > before

        # When they do nothing until the session runs out
        expect(page).to_have_url(re.compile(r"/accounts/sign-in/"), timeout=(SHORT_SESSION + 10) * 1000)

        # Then the sign-in page says why, and that their draft was kept
        expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
            f"You were signed out after {SHORT_SESSION} seconds without activity, to protect the "
            "information in faircase. Your draft has been kept"
        )
        assert_accessible(page)

        # and when they sign in again, the draft is back in the form
        keyboard_sign_in(page, practitioner.username)
        expect(page.get_by_role("heading", level=1)).to_have_text("Give your account")
        expect(page.get_by_label("Your account")).to_have_value(DRAFT)
        expect(page.get_by_text("We kept what you wrote")).to_be_visible()
        assert_accessible(page)

    # And the case team sees the correction beside the original
    staff = browser.new_context(base_url=live_server.url, locale="en-GB", timezone_id="Europe/London")
    host = urlsplit(live_server.url).netloc
    staff.route(
        "**/*",
        lambda route: route.continue_() if urlsplit(route.request.url).netloc == host else route.abort(),
    )
    try:
        staff_page = staff.new_page()
        staff_page.goto("/")
        sign_in(staff_page, username=case_manager.username, password=PASSWORD)
        staff_page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
        voice = staff_page.locator("#voice").locator("xpath=..")
        expect(voice).to_contain_text(CORRECTION)
        expect(voice).to_contain_text("Correction sent")
        expect(voice).to_contain_text("Corrects: My account of what happened, sent ")
        assert_accessible(staff_page)
    finally:
        staff.close()
