"""The language check as a case manager types a concern: the advice appears beside the text without sending the
form, is announced politely to screen readers, goes when the words go, and never stops the concern being saved.
Then the comparable cases page, reached from the case page. Every page passes axe-core."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import open_case
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_case_manager_journey import fill_date
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_case_manager_sees_language_advice_as_they_type_and_still_saves(page: Page, organisation):
    case_manager = member(
        organisation, "case_manager", username="morgan.fictional", full_name="Morgan Fictional"
    )
    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-2026-777"
    )

    # Given a case manager adding a concern to a case
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.goto(reverse("cases:add_concern", kwargs={"case_id": case.pk}))
    description = page.get_by_label("What is alleged")
    status = page.locator("[data-language-status]")
    expect(status).to_have_attribute("aria-live", "polite")

    # When they type words that judge the person
    description.press_sequentially("On 2 March 2025 he was aggressive and not a team-player.", delay=5)

    # Then the advice appears beside the text, and the change is announced
    advice = page.locator("[data-language-advice]")
    expect(advice).to_contain_text("Language check: 2 words or phrases to reconsider")
    expect(advice).to_contain_text("“aggressive”")
    expect(advice).to_contain_text("“not a team-player”")
    expect(status).to_contain_text("2 words or phrases to reconsider")
    # and it is what describes the field to a screen reader, beside the field's hint
    expect(description).to_have_accessible_description(re.compile("Language check: 2 words or phrases"))
    assert_accessible(page)

    # When they describe what happened instead, the advice goes
    description.fill("")
    description.press_sequentially("On 2 March 2025 he raised his voice at a nurse in the corridor.", delay=5)
    expect(advice).not_to_contain_text("Language check")
    expect(status).to_contain_text("nothing to reconsider")

    # And whatever the words, the concern is saved
    description.fill("He was rude.")
    page.get_by_label("Conduct").check()
    page.get_by_label("Colleague").check()
    page.get_by_label("Moderate", exact=False).check()
    fill_date(page, "When it happened", dt.date(2025, 3, 2))
    fill_date(page, "When it was raised", dt.date(2025, 3, 3))
    page.get_by_role("button", name="Add concern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("RFT-2026-777")
    expect(page.get_by_text("Language check: 1 word or phrase to reconsider")).to_be_visible()
    assert_accessible(page)

    # And the case page leads to the comparable cases
    page.get_by_role("link", name="See comparable cases").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparable cases")
    expect(page.get_by_text("0 comparable closed cases")).to_be_visible()
    assert_accessible(page)
