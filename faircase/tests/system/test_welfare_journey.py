"""The welfare record: on a case where the practitioner has been excluded for more than 14 days with no welfare
contact, the case page's welfare section opens with the lapse alert; the case manager names a contact and agrees
how often to be in touch, logs a contact, records an occupational health referral and sees all three on the case
page, the alert gone. Every page passes axe-core."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.core.formatting import nhs_date
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_case_manager_journey import fill_date
from faircase.tests.system.test_process_pages_axe import _formally_excluded
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser

EXCLUDED_DAYS_AGO = 20


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="riley.fictional", full_name="Riley Fictional")


@pytest.fixture
def named_contact(organisation):
    return member(organisation, "hr_adviser", username="jordan.notreal", full_name="Jordan Notreal")


@pytest.fixture
def excluded_without_contact(organisation, case_manager):
    return _formally_excluded(
        organisation,
        case_manager,
        reference="RFT-2026-501",
        practitioner_name="Dr Sage Invented",
        started_on=timezone.localdate() - dt.timedelta(days=EXCLUDED_DAYS_AGO),
    )


def test_a_case_manager_sees_the_lapse_alert_then_keeps_the_welfare_record(
    page: Page, case_manager, named_contact, excluded_without_contact
):
    case = excluded_without_contact
    today = timezone.localdate()
    started_on = today - dt.timedelta(days=EXCLUDED_DAYS_AGO)
    contacted_on = today - dt.timedelta(days=1)
    referred_on = today

    # Given a case manager on a case whose practitioner was excluded 20 days ago with no welfare contact since
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("RFT-2026-501")

    # Then the welfare section opens with the lapse alert, before anything else in it
    alert = page.locator("#welfare").locator("xpath=following-sibling::*[1]")
    expect(alert).to_contain_text("Welfare contact has lapsed")
    expect(alert).to_contain_text(
        f"No welfare contact has been recorded since the exclusion or suspension began on {nhs_date(started_on)}, "
        f"{EXCLUDED_DAYS_AGO} days ago."
    )
    expect(alert).to_contain_text("contact is expected at least every 14 days")
    expect(page.get_by_text("No named contact or contact frequency has been agreed yet.")).to_be_visible()
    assert_accessible(page)

    # When they name a contact and agree contact every 7 days
    page.get_by_role("link", name="Name a contact and agree how often to be in touch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Named contact and contact frequency")
    assert_accessible(page)
    page.get_by_label("Named contact").select_option(label="Jordan Notreal")
    page.get_by_label("Agreed contact frequency, in days").fill("7")
    fill_date(page, "Date agreed", today)
    page.get_by_role("button", name="Save the plan").click()

    # Then the case page shows the plan, and the alert still stands (no contact yet)
    expect(page.get_by_text("Welfare plan saved.")).to_be_visible()
    plan = page.locator("#welfare ~ .nhsuk-summary-list").first
    expect(plan).to_contain_text("Jordan Notreal")
    expect(plan).to_contain_text("Every 7 days")
    expect(plan).to_contain_text(nhs_date(today))
    expect(alert).to_contain_text("Welfare contact has lapsed")
    assert_accessible(page)

    # When they log a phone call with the practitioner yesterday
    page.get_by_role("link", name="Record a welfare contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a welfare contact")
    assert_accessible(page)
    fill_date(page, "Date of contact", contacted_on)
    page.get_by_label("Who was in touch").select_option(label="Jordan Notreal")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("What was raised").fill("Sleeping badly; would like to talk to occupational health.")
    page.get_by_role("button", name="Record the contact").click()

    # Then the contact is in the log and the lapse alert has gone
    expect(page.get_by_text("Welfare contact recorded.")).to_be_visible()
    contacts = page.get_by_role("table", name="Welfare contacts, newest first")
    expect(contacts).to_contain_text(nhs_date(contacted_on))
    expect(contacts).to_contain_text("Jordan Notreal")
    expect(contacts).to_contain_text("Phone")
    expect(contacts).to_contain_text("Sleeping badly")
    expect(page.get_by_text("Welfare contact has lapsed")).to_have_count(0)
    assert_accessible(page)

    # When they record an occupational health referral
    page.get_by_role("link", name="Record an occupational health referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an occupational health referral")
    assert_accessible(page)
    fill_date(page, "Date of referral", referred_on)
    page.get_by_label("Reason for the referral").fill("Poor sleep and stress since the exclusion began.")
    page.get_by_role("button", name="Record the referral").click()

    # Then the case page shows the referral, waiting for its outcome, beside the plan and the contact
    expect(page.get_by_text("Occupational health referral recorded.")).to_be_visible()
    referral = page.locator("li", has_text=f"Referred {nhs_date(referred_on)}")
    expect(referral).to_contain_text("Poor sleep and stress since the exclusion began.")
    expect(referral.get_by_role("link", name="Record the outcome")).to_be_visible()
    expect(page.locator("#welfare ~ .nhsuk-summary-list").first).to_contain_text("Jordan Notreal")
    expect(contacts).to_contain_text("Sleeping badly")
    assert_accessible(page)
