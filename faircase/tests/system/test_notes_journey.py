"""Case notes, the chronology and search, in a browser: a case manager is refused an empty note, adds one, edits it
and sees both versions, filters the chronology to notes, and finds the case by a word of the note. Every page is
checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import open_case
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_case_manager_writes_edits_filters_and_finds_a_note(page: Page, organisation):
    # Given a case manager with a case
    case_manager = member(organisation, "case_manager", username="nora.fictional", full_name="Nora Fictional")
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    page.goto("/")
    sign_in(page, username="nora.fictional", password=PASSWORD)

    # When they open the case and choose to add a note, and save it empty, it is refused
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    expect(page.locator("#notes")).to_have_text("Case notes")
    assert_accessible(page)
    page.get_by_role("link", name="Add a note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a note")
    assert_accessible(page)
    page.get_by_role("button", name="Save the note").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the note")
    assert_accessible(page)

    # Then they write it, and it is kept
    page.get_by_label("Note").fill("Spoke to the ward sister at Hollinmere about the handover.")
    page.get_by_role("button", name="Save the note").click()
    expect(page.get_by_text("The note was added to the case.")).to_be_visible()
    assert_accessible(page)

    # When they edit it, both versions are shown, the latest first
    page.get_by_role("link", name="Edit the note").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit the note")
    assert_accessible(page)
    page.get_by_label("Note").fill("Spoke to the ward sister at Hollinmere about the night handover.")
    page.get_by_role("button", name="Save the new version").click()
    expect(page.get_by_text("Version 2 of the note was saved.")).to_be_visible()
    versions = page.locator(".nhsuk-card h3")
    expect(versions.nth(0)).to_contain_text("Version 2")
    expect(versions.nth(1)).to_contain_text("Version 1")
    expect(page.locator(".nhsuk-card").nth(1)).to_contain_text("about the handover.")
    assert_accessible(page)

    # And the chronology, filtered to case notes, shows the note and not the concern
    page.goto(reverse("cases:chronology", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Chronology")
    expect(page.locator("table")).to_contain_text("concern raised")
    assert_accessible(page)
    page.get_by_text("Filter by kind of entry").click()
    page.get_by_role("checkbox", name="Case notes").check()
    page.get_by_role("button", name="Show these entries").click()
    table = page.locator("table")
    expect(table).to_contain_text("night handover")
    expect(table).not_to_contain_text("concern raised")
    assert_accessible(page)

    # Then searching from the header for a word of the note finds the case
    follow_header_link(page, "Search")
    expect(page.get_by_role("heading", level=1)).to_have_text("Search your cases")
    assert_accessible(page)
    page.get_by_label("Search your cases").fill("Hollinmere")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("table")).to_contain_text(case.reference)
    expect(page.locator("table")).to_contain_text("a case note")
    assert_accessible(page)

    # And on a 390-pixel screen none of the new pages scrolls sideways
    page.set_viewport_size({"width": 390, "height": 844})
    for url in (
        page.url,
        reverse("cases:chronology", kwargs={"case_id": case.pk}),
        reverse("casefile:list", kwargs={"case_id": case.pk}),
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, url
        assert_accessible(page)
