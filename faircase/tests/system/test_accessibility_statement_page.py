"""The accessibility statement in a browser: reached from the footer of the sign-in page without signing in, and
itself free of WCAG 2.2 A and AA failures, at a desktop width and at 320 pixels wide."""

import pytest
from playwright.sync_api import Page, expect

from faircase.tests.system.axe import assert_accessible

pytestmark = pytest.mark.browser


def test_someone_not_signed_in_reads_the_statement_from_the_footer(page: Page):
    # Given someone at the sign-in page
    page.goto("/accounts/sign-in/")
    # When they choose the statement in the footer
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    # Then they read it, and it passes axe-core
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement for faircase")
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    assert_accessible(page)
    # and on a phone 320 pixels wide the page does not scroll sideways
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
