"""An organisation administrator manages their people in a browser: adds a person, gives them a second role and
revokes it again; the new person sets their password with the emailed link and signs in. Every page is checked
with axe-core."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from faircase.accounts.models import Membership
from faircase.accounts.tests.factories import member
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

LINK = re.compile(r"http\S+(?P<path>/accounts/set-password/[^/]+/[^/]+/)")
NEW_PASSWORD = "harbour-thistle-lantern-41"


def test_an_administrator_adds_a_person_gives_them_a_role_and_revokes_it(page: Page, organisation):
    # Given an organisation administrator and a colleague
    member(organisation, "org_admin", username="ada.fictional", full_name="Ada Fictional")
    member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")
    page.goto("/")
    sign_in(page, username="ada.fictional", password=PASSWORD)

    # When they choose People in the header, they see everyone with a role there
    follow_header_link(page, "People")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    expect(page.get_by_role("table")).to_contain_text("Casey Fictional")
    assert_accessible(page)

    # When they add a person without filling anything in, the error summary says what to do
    page.get_by_role("button", name="Add a person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a person")
    assert_accessible(page)
    page.get_by_role("button", name="Add the person").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Enter the person's full name")
    expect(summary).to_contain_text("Enter the person's email address")
    expect(summary).to_contain_text("Choose the person's role")
    expect(page).to_have_title(re.compile(r"^Error: Add a person"))
    assert_accessible(page)

    # When they fill it in, the person is added with one role and emailed a link
    page.get_by_label("Full name").fill("Nia Fictional")
    page.get_by_label("Username").fill("nia.fictional")
    page.get_by_label("Email address").fill("nia.fictional@example.invalid")
    page.get_by_label("Case investigator").check()
    page.get_by_role("button", name="Add the person").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nia Fictional")
    expect(page.get_by_text("Nia Fictional has been added")).to_be_visible()
    expect(page.get_by_text("Not signed in yet")).to_be_visible()
    assert_accessible(page)
    [email] = mail.outbox
    assert email.to == ["nia.fictional@example.invalid"]

    # When they give her a second role
    page.get_by_label("Designated board member").check()
    page.get_by_role("button", name="Give the role").click()
    expect(page.get_by_text("Nia Fictional is now designated board member")).to_be_visible()
    assert_accessible(page)

    # and revoke it again, confirming first
    page.get_by_role("link", name="Revoke the role of designated board member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Revoke Nia Fictional's role as designated board member?"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Revoke the role").click()
    expect(page.get_by_text("Nia Fictional is no longer designated board member")).to_be_visible()
    assert_accessible(page)
    roles = set(Membership.objects.filter(user__username="nia.fictional").values_list("role", flat=True))
    assert roles == {"case_investigator"}

    # Then the new person sets her password with the link she was emailed, and signs in
    page.context.clear_cookies()
    page.goto(LINK.search(email.body)["path"])
    expect(page.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert_accessible(page)
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Enter the password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    assert_accessible(page)
    sign_in(page, username="nia.fictional", password=NEW_PASSWORD)
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page.get_by_role("navigation").get_by_role("link", name="People")).to_have_count(0)
