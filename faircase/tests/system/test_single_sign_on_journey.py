"""Single sign-on in a browser, against a real OpenID Connect provider (faircase/tests/oidc/provider.mjs): an
administrator invites a person; the person opens the invitation, signs in at the provider and comes back signed
in to faircase with the roles faircase gave them; signs out; signs in again with the button (matched by subject);
and someone the provider knows but faircase does not is told so. axe checks every faircase page; the provider's
pages are not ours and are not checked."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from faircase.accounts.models import Membership, SingleSignOnIdentity
from faircase.accounts.tests.factories import member
from faircase.core.models import AuditEvent
from faircase.tests.oidc.local_provider import LocalProvider, oidc_provider, single_sign_on  # noqa: F401
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD

pytestmark = pytest.mark.browser

LINK = re.compile(r"http\S+(?P<path>/accounts/single-sign-on/invitation/[^/]+/)")
BUTTON = "Sign in with your organisation's account"


def at_the_provider(page: Page, provider: LocalProvider, login: str) -> None:
    """The provider's own pages: type a login (any password will do there), then consent."""
    expect(page).to_have_url(re.compile(re.escape(provider.issuer)))
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("anything")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()


def sign_in_with_password(page: Page, *, username: str) -> None:
    page.get_by_label("Username", exact=True).fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()


def sign_out(page: Page) -> None:
    page.get_by_role("link", name="Sign out").click()
    page.get_by_role("button", name="Sign out").click()
    # Forget the provider's session too, so the next sign-in types a login again.
    page.context.clear_cookies()


def test_a_person_is_invited_signs_in_with_single_sign_on_and_a_stranger_is_told(
    page: Page,
    organisation,
    single_sign_on: LocalProvider,  # noqa: F811 (the fixture imported above)
):
    # The provider is another host: let the browser reach it (only it, and only in this journey).
    page.route(f"{single_sign_on.issuer}/**", lambda route: route.continue_())
    member(organisation, "org_admin", username="ada.fictional", full_name="Ada Fictional")
    nia = member(
        organisation,
        "case_investigator",
        username="nia.fictional",
        full_name="Nia Fictional",
        email="nia.fictional@example.invalid",
    )
    roles = set(Membership.objects.filter(user=nia).values_list("organisation_id", "role"))

    # Given an administrator on Nia's page
    page.goto("/")
    sign_in_with_password(page, username="ada.fictional")
    follow_header_link(page, "People")
    page.get_by_role("link", name="Nia Fictional").click()
    expect(page.get_by_role("heading", name="Single sign-on")).to_be_visible()
    assert_accessible(page)

    # When she invites Nia to sign in with single sign-on, Nia is emailed a link
    page.get_by_role("button", name="Invite to sign in with single sign-on").click()
    expect(page.get_by_text("We have emailed Nia Fictional an invitation")).to_be_visible()
    assert_accessible(page)
    [invitation] = [m for m in mail.outbox if "single sign-on" in m.subject]
    path = LINK.search(invitation.body)["path"]
    sign_out(page)

    # When Nia opens the link, she is told what will happen and sent to her organisation's sign-in service
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Finish setting up your faircase account")
    assert_accessible(page)
    page.get_by_role("button", name=BUTTON).click()
    at_the_provider(page, single_sign_on, login="nia-at-the-provider")

    # Then she is back in faircase, signed in as herself, with the roles faircase gave her and no others
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page.get_by_role("link", name="People")).to_have_count(0)
    assert_accessible(page)
    assert SingleSignOnIdentity.objects.get(user=nia).subject == "nia-at-the-provider"
    assert set(Membership.objects.filter(user=nia).values_list("organisation_id", "role")) == roles

    # When she signs out and signs in again with the button, she is matched by her subject
    sign_out(page)
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.get_by_role("button", name=BUTTON).click()
    at_the_provider(page, single_sign_on, login="nia-at-the-provider")
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    signed_in = AuditEvent.objects.filter(action="user.signed_in", actor=nia)
    assert [e.summary["detail"]["method"] for e in signed_in.order_by("sequence")] == ["sso", "sso"]

    # And someone the provider knows but nobody invited is told they are not set up
    sign_out(page)
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name=BUTTON).click()
    at_the_provider(page, single_sign_on, login="a-stranger")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is not set up in faircase")
    expect(page.get_by_text("Ask your organisation's faircase administrator to invite you.")).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)
    assert AuditEvent.objects.filter(action="sign_in.sso_unknown").count() == 1
