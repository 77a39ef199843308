"""The process pages pass axe-core with realistic data on them: a live formal exclusion with its warnings, and
an exclusion whose review has lapsed, so the right-to-return warning renders."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.process import services
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="quinn.fictional", full_name="Quinn Fictional")


def _formally_excluded(
    organisation, by, *, reference, practitioner_name, started_on, first_period_ends_on=None
):
    case = open_case(
        organisation=organisation,
        practitioner=PractitionerFactory(organisation=organisation, full_name=practitioner_name),
        by=by,
        case_manager=by,
        reference=reference,
    )
    contact = services.record_advice_contact(
        case=case,
        contacted_on=started_on,
        adviser="Sam Invented",
        question="Is formal exclusion proportionate?",
        advice="Yes, for one period, reviewed before any renewal.",
        by=by,
    )
    services.record_restriction(
        case=case,
        kind="formal_exclusion",
        started_on=started_on,
        first_period_ends_on=first_period_ends_on,
        terms="No clinical duties.",
        reasons="Risk to patients while the concerns are investigated.",
        advice_contact=contact,
        by=by,
    )
    return case


@pytest.fixture
def live_exclusion(organisation, case_manager):
    today = timezone.localdate()
    return _formally_excluded(
        organisation,
        case_manager,
        reference="RFT-2026-301",
        practitioner_name="Dr Ash Pretend",
        started_on=today - dt.timedelta(days=24),
    )


@pytest.fixture
def lapsed_review(organisation, case_manager):
    today = timezone.localdate()
    return _formally_excluded(
        organisation,
        case_manager,
        reference="RFT-2026-302",
        practitioner_name="Dr Birch Fabricated",
        started_on=today - dt.timedelta(days=40),
        first_period_ends_on=today - dt.timedelta(days=13),
    )


def test_the_process_pages_pass_axe_with_live_and_lapsed_exclusions(
    page: Page, organisation, case_manager, live_exclusion, lapsed_review
):
    # Given a signed-in case manager with a live exclusion and one whose review has lapsed
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)

    # The case whose review has lapsed warns of the right to return
    page.goto(reverse("cases:detail", kwargs={"case_id": lapsed_review.pk}))
    expect(page.get_by_text("may have a right to return to work").first).to_be_visible()
    expect(page.get_by_text("Review overdue").first).to_be_visible()
    assert_accessible(page)

    # Your deadlines lists the overdue review
    page.goto(reverse("process:deadlines_yours"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your deadlines")
    expect(page.get_by_role("table")).to_contain_text("RFT-2026-302")
    assert_accessible(page)

    # The calendar feed page, before and after making a feed
    page.get_by_role("link", name="Get your deadlines in your calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your calendar feed")
    assert_accessible(page)
    page.get_by_role("button", name="Make a calendar feed").click()
    expect(page.get_by_label("Your calendar link")).to_have_value(re.compile(r"/calendar/[^/]+\.ics$"))
    assert_accessible(page)

    # The policy packs in use
    page.goto(reverse("process:pack_list"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Policy packs")
    assert_accessible(page)

    # The monthly exclusions return, with both exclusions on it, and with a month it cannot read
    page.goto(reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly exclusions return")
    expect(page.locator("main")).to_contain_text("RFT-2026-301")
    assert_accessible(page)
    page.goto(reverse("process:restriction_return", kwargs={"org_slug": organisation.slug}) + "?month=soon")
    expect(page.locator("main")).to_contain_text("Give the month as YYYY-MM")
    assert_accessible(page)
    # and counted to a day outside the month chosen
    this_month = timezone.localdate().strftime("%Y-%m")
    page.goto(
        reverse("process:restriction_return", kwargs={"org_slug": organisation.slug})
        + f"?month={this_month}&as_of_0=1&as_of_1=1&as_of_2=2020"
    )
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The as-of date must fall within")
    assert_accessible(page)

    # Recording a key date, empty and then with its errors
    page.goto(reverse("process:pack_key_date", kwargs={"case_id": live_exclusion.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a key date")
    assert_accessible(page)
    page.get_by_role("button", name="Record key date").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose what happened")
    assert_accessible(page)

    # Choosing what kind of restriction to record, on the case with the live exclusion
    page.goto(reverse("process:restriction_new", kwargs={"case_id": live_exclusion.pk}))
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a restriction, exclusion or suspension")
    assert_accessible(page)

    # The case with the live exclusion, its review due within days
    page.goto(reverse("cases:detail", kwargs={"case_id": live_exclusion.pk}))
    expect(page.get_by_text("Review due", exact=True).first).to_be_visible()
    assert_accessible(page)


def test_the_case_page_works_on_a_390_pixel_screen_from_its_contents_list(
    page: Page, organisation, case_manager, live_exclusion
):
    # Given a case manager on a phone-sized screen, on a case with an exclusion, advice and its deadlines
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.goto(reverse("cases:detail", kwargs={"case_id": live_exclusion.pk}))

    # Nothing on the case page scrolls sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)

    # The contents list takes them to a section lower down
    contents = page.get_by_role("navigation", name="Contents of this case")
    contents.get_by_role("link", name="Practitioner Performance Advice").click()
    assert page.url.endswith("#advice")
    expect(page.locator("#advice")).to_be_in_viewport()
