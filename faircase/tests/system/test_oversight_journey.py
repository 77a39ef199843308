"""Oversight, in a browser: a designated board member opens the oversight page from the header, sees every open case
counted but a link only to the case they are named on, follows it, then reads the published equality report the
page links to and the survey results. Every page is checked with axe-core. Built with factories, not the demo."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.equality.tests.report_helpers import baselines, historic
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_board_member_oversees_the_cases_and_opens_only_their_own(page: Page, organisation):
    # Given two open cases, the board member named on one of them, and published equality figures
    case_manager = member(organisation, "case_manager", full_name="Nora Fictional")
    member(organisation, "board_member", username="bea.fictional", full_name="Bea Fictional")
    named = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-1"
    )
    open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-2")
    case_services.name_person(
        case=named,
        user=organisation.memberships.get(role="board_member").user,
        role="board_member",
        by=case_manager,
    )
    baselines(organisation, {"white": 2430, "mixed": 40, "asian": 600, "black": 750})
    historic(organisation, 17, ethnicity="white", formal_investigation=True)
    historic(organisation, 9, ethnicity="black", formal_investigation=True)
    page.goto("/")
    sign_in(page, username="bea.fictional", password=PASSWORD)

    # When they choose Oversight in the header
    follow_header_link(page, "Oversight")
    expect(page.get_by_role("heading", level=1)).to_have_text("Oversight")
    assert_accessible(page)

    # Then both open cases are counted, and every review not done is listed, linked only where they may go
    expect(page.get_by_text("2 open cases.")).to_be_visible()
    missing = page.locator("#adherence ~ ul").first
    expect(missing).to_contain_text("RFT-1")
    expect(missing).to_contain_text("RFT-2")
    expect(page.get_by_role("link", name="RFT-2")).to_have_count(0)
    expect(
        page.get_by_role("table", name="Cases opened and closed, and exclusions begun, by quarter")
    ).to_be_visible()

    # And on a 320-pixel screen the page does not scroll sideways (the chart scrolls in its own region)
    page.set_viewport_size({"width": 320, "height": 720})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 800})

    # And the case they are named on opens
    page.get_by_role("link", name="RFT-1").click()
    expect(page).to_have_url(
        f"{page.url.split('/cases/')[0]}{reverse('cases:detail', kwargs={'case_id': named.pk})}"
    )
    assert_accessible(page)

    # When they follow the equality figures to the published report
    page.go_back()
    page.get_by_role("link", name="See the published equality report").click()
    expect(page.locator("main")).to_contain_text("2025-26")
    expect(page.locator("main")).to_contain_text("Published version")
    assert_accessible(page)

    # And the survey results are in the header too (under "More" when the header has no room for every item)
    follow_header_link(page, "Survey results")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Survey results")
    assert_accessible(page)
