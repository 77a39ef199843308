"""An organisation administrator reviews the closed cases due under the retention schedule in a browser: sees a
due case and one on legal hold left out, reads the schedule, confirms the deletion on a second page, and then
the case answers 404 while the review lists what the audit trail keeps of it. Every page is checked with axe."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.retention import services
from faircase.retention.tests.helpers import closed
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

LONG_AGO = dt.date(2019, 5, 7)


def test_an_administrator_deletes_a_due_case_and_the_tombstone_remains(
    page: Page, organisation, case_manager
):
    # Given an administrator, a closed case long past its period, and another held for a tribunal
    admin = member(organisation, "org_admin", username="ada.fictional", full_name="Ada Fictional")
    due = closed(open_case(organisation=organisation, by=case_manager, reference="RIV-0700"), on=LONG_AGO)
    held = closed(open_case(organisation=organisation, by=case_manager, reference="RIV-0701"), on=LONG_AGO)
    services.place_legal_hold(case=held, reason="tribunal", note="Claim 0042/2026", by=admin)
    page.goto("/")
    sign_in(page, username="ada.fictional", password=PASSWORD)

    # When they choose Retention, the due case is listed with its rule, and the held one apart
    follow_header_link(page, "Retention")
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention review")
    expect(page.get_by_label("RIV-0700", exact=False)).to_be_visible()
    expect(page.get_by_text("No case to answer or no further action").first).to_be_visible()
    expect(page.get_by_role("table", name="Cases on legal hold")).to_contain_text("RIV-0701")
    assert_accessible(page)

    # and the schedule says which periods are still to confirm
    page.get_by_role("link", name="retention schedule").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention schedule")
    expect(page.get_by_role("table", name="Cases")).to_contain_text("To confirm")
    assert_accessible(page)
    page.go_back()

    # When they tick the case and continue, a second page warns that it cannot be undone
    page.get_by_label("RIV-0700", exact=False).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete 1 case record?")
    expect(page.get_by_role("heading", name="This cannot be undone")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete 1 case record").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Confirm that you understand")
    assert_accessible(page)
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete 1 case record").click()

    # Then the review lists what the audit trail keeps of it
    expect(page.get_by_text("Deleted 1 case: RIV-0700")).to_be_visible()
    expect(page.get_by_role("table", name="Cases deleted under the retention schedule")).to_contain_text(
        "RIV-0700"
    )
    assert_accessible(page)
    assert AuditEvent.objects.filter(case_id=due.pk, action="case.deleted_under_retention").exists()

    # and the case manager finds the case no longer there
    page.context.clear_cookies()
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    response = page.goto(f"/cases/{due.pk}/")
    assert response is not None and response.status == 404
    assert page.goto(f"/cases/{held.pk}/").status == 200
    expect(page.get_by_text("This case is on legal hold")).to_be_visible()
    assert_accessible(page)
