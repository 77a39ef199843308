"""A blind second look, in a browser: the case manager asks, checks the anonymised summary and sends it; the reviewer
answers without ever seeing the case; the case manager records how the answer was taken into account. Every page
is checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.second_look.tests.factories import named_case
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_blind_second_look_from_request_to_record(page: Page, organisation):
    # Given a case manager with a case about a named locum, and a board member who cannot open it
    case_manager = member(
        organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional"
    )
    member(organisation, "board_member", username="robin.fictional", full_name="Robin Fictional")
    case = named_case(organisation, case_manager)
    page.goto("/")
    sign_in(page, username="casey.fictional", password=PASSWORD)

    # When the case manager asks for a blind second look at a formal investigation
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    page.get_by_role("link", name="Ask for a blind second look").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask for a blind second look")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the decision")
    assert_accessible(page)
    page.get_by_label("Formal investigation").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Formal investigation")
    assert_accessible(page)
    page.get_by_label("Formal investigation").check()
    page.get_by_label("Who should take the second look?").select_option(label="Robin Fictional")
    page.get_by_role("button", name="Prepare the anonymised summary").click()

    # Then they read the anonymised summary, edit it, and send it
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the anonymised summary")
    expect(page.locator(".nhsuk-inset-text").last).not_to_contain_text("Okafor")
    assert_accessible(page)
    summary = page.get_by_label("The summary the reviewer will read")
    summary.fill(summary.input_value() + "\nOkafro signed the sheet.")
    page.get_by_role("button", name="Check my edit again").click()
    expect(page.get_by_text("The practitioner's name may still appear")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("I have checked the words faircase warned about").check()
    page.get_by_role("button", name="Send to Robin Fictional").click()
    expect(page.locator("#second-look ~ h3").first).to_contain_text("Waiting for the reviewer")
    assert_accessible(page)

    # When the reviewer signs in, they find the request on "Your work" and answer it blind
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, username="robin.fictional", password=PASSWORD)
    expect(page.get_by_text("1 waiting for your answer")).to_be_visible()
    page.get_by_role("link", name="See the blind second looks asked of you").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blind second looks asked of you")
    assert_accessible(page)
    page.get_by_role("link", name="Formal investigation").click()
    expect(page.locator("main")).not_to_contain_text(case.reference)
    expect(page.locator("main")).not_to_contain_text("Okafor")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the route you would take")
    assert_accessible(page)
    page.get_by_label("Informal or local resolution").check()
    page.get_by_label("Why?").fill("A single lapse with a clear system cause; no pattern.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.get_by_text("Thank you. Your answer has been sent")).to_be_visible()
    assert_accessible(page)

    # Then the case manager records how it was taken into account, against the framework
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, username="casey.fictional", password=PASSWORD)
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    page.get_by_role("link", name="Record how it was taken into account").click()
    expect(page.get_by_role("heading", name="The reviewer would take a different route")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Informal or local resolution").check()
    page.get_by_label("How was the reviewer's view taken into account?").fill("Agreed: resolved locally.")
    page.get_by_role("button", name="Record it").click()
    expect(page.locator("main")).to_contain_text("Agreed: resolved locally.")
    expect(page.locator("main")).to_contain_text("EP5")
    assert_accessible(page)
