"""A case manager records an immediate exclusion, then a formal one after Advice, and its review: the exclusion
refused until Advice is linked, the immediate exclusion converted into the formal one (one episode, its days
counted from the immediate exclusion's first day), the review due date on the case page, a framework review at
the restriction review point, the period reviewed and continued into a second, and the monthly return counting
the episode the same way. Every page passes axe-core."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory, open_case
from faircase.core.formatting import nhs_date
from faircase.framework.models import Review
from faircase.framework.tests.test_reviews import complete_review
from faircase.policy.packs import pack_for_case
from faircase.process.clock import latest_period_end
from faircase.records.tests.factories import answer_all
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_case_manager_journey import fill_date
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="morgan.fictional", full_name="Morgan Fictional")


@pytest.fixture
def open_case_under_review(organisation, case_manager):
    practitioner = PractitionerFactory(organisation=organisation, full_name="Dr Rowan Madeup")
    case = open_case(
        organisation=organisation,
        practitioner=practitioner,
        by=case_manager,
        case_manager=case_manager,
        reference="RFT-2026-202",
    )
    complete_review(case, case_manager)
    return case


def test_a_case_manager_records_a_formal_exclusion_after_advice_and_reviews_it_into_a_second_period(
    page: Page, case_manager, open_case_under_review
):
    case = open_case_under_review
    today = timezone.localdate()
    pack = pack_for_case(case)
    excluded_on = today - dt.timedelta(days=12)
    contacted_on = today - dt.timedelta(days=11)
    started_on = today - dt.timedelta(days=10)
    first_due = latest_period_end(pack, "formal_exclusion", started_on)
    second_start = first_due + dt.timedelta(days=1)
    second_due = latest_period_end(pack, "formal_exclusion", second_start)

    # Given a signed-in case manager looking at an open case
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("RFT-2026-202")
    expect(page.get_by_text("No restriction, exclusion or suspension is in place.")).to_be_visible()
    assert_accessible(page)

    # When they record an immediate exclusion while the facts are established
    page.get_by_role("link", name="Record a restriction, exclusion or suspension").click()
    page.get_by_role("link", name="Immediate exclusion", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an immediate exclusion")
    expect(
        page.get_by_text("Consult Practitioner Performance Advice before an immediate exclusion")
    ).to_be_visible()
    assert_accessible(page)
    fill_date(page, "Start date", excluded_on)
    page.get_by_label("What is restricted").fill("Not to attend work while the facts are established.")
    page.get_by_label("Reasons", exact=True).fill("The allegation needs the facts established first.")
    page.get_by_role("button", name="Record the immediate exclusion").click()

    # Then the case page shows it ending after two weeks, its first day counted
    expect(page.get_by_text("Immediate exclusion recorded.")).to_be_visible()
    immediate_end = latest_period_end(pack, "immediate_exclusion", excluded_on)
    expect(page.locator(".nhsuk-summary-list", has_text="Review due by").first).to_contain_text(
        nhs_date(immediate_end)
    )
    assert_accessible(page)

    # When they record a contact with Practitioner Performance Advice
    page.get_by_role("link", name="Record a contact with Advice").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record a contact with Practitioner Performance Advice"
    )
    assert_accessible(page)
    fill_date(page, "Date of the contact", contacted_on)
    page.get_by_label("Adviser", exact=True).fill("Alex Notreal")
    page.get_by_label("What was asked").fill(
        "Should the practitioner be excluded while the facts are gathered?"
    )
    page.get_by_label("Advice given").fill(
        "Formal exclusion for four weeks is proportionate; review before renewal."
    )
    # (the button reads "Save" until the view passes its label as button_text: see simple_form.jinja)
    page.get_by_role("button", name=re.compile(r"^Record the contact$")).click()

    # Then the case page lists the advice
    expect(page.get_by_text("Advice contact recorded.")).to_be_visible()
    expect(
        page.get_by_role("heading", name=f"Advice from Alex Notreal, {nhs_date(contacted_on)}")
    ).to_be_visible()
    assert_accessible(page)

    # When they choose to record a formal exclusion
    page.get_by_role("link", name="Record a restriction, exclusion or suspension").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a restriction, exclusion or suspension")
    assert_accessible(page)
    page.get_by_role("link", name="Formal exclusion", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a formal exclusion")
    expect(page.get_by_text("Advice must be consulted before formal exclusion").first).to_be_visible()
    expect(
        page.get_by_text(f"The immediate exclusion from {nhs_date(excluded_on)} is still in force")
    ).to_be_visible()
    assert_accessible(page)

    # and save it saying Advice was not consulted but giving no reason, it is refused
    fill_date(page, "Start date", started_on)
    page.get_by_label("What is restricted").fill("No clinical duties and no access to the wards.")
    page.get_by_label("Reasons", exact=True).fill(
        "Risk to patients while the prescribing concerns are investigated; supervised practice is not available."
    )
    page.get_by_label("Advice was not consulted").check()
    page.get_by_role("button", name="Record the formal exclusion").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Advice must be consulted before formal exclusion")
    expect(summary).to_contain_text("choose the Advice contact")
    assert_accessible(page)

    # When they link the Advice contact instead, it is recorded
    page.get_by_label(f"{nhs_date(contacted_on)}, Alex Notreal").check()
    page.get_by_role("button", name="Record the formal exclusion").click()

    # Then the case page shows the exclusion and the date its review is due, as one episode with the immediate
    # exclusion: excluded since its first day, and the days counted from then
    expect(page.get_by_text("Formal exclusion recorded.")).to_be_visible()
    restrictions = page.locator(".nhsuk-summary-list", has_text="Review due by").first
    expect(restrictions).to_contain_text(f"Period 1: {nhs_date(started_on)} to {nhs_date(first_due)}")
    expect(restrictions).to_contain_text(nhs_date(first_due))
    expect(restrictions).to_contain_text("Review due")
    expect(restrictions).to_contain_text(f"From {nhs_date(excluded_on)}, one episode")
    expect(restrictions).to_contain_text(re.compile(r"Days excluded so far\s*13 days"))
    expect(
        page.locator("section[aria-labelledby=restrictions]").get_by_text("Continued as a formal exclusion")
    ).to_be_visible()
    assert_accessible(page)

    # When they go to review period 1, they are told a framework review is needed first
    page.get_by_role("link", name="Review period 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review period 1")
    expect(
        page.get_by_text("No completed restriction review of this case is available to link.")
    ).to_be_visible()
    assert_accessible(page)

    # When they take a framework review at the restriction review point
    page.get_by_role("link", name="Take a framework review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take a framework review")
    assert_accessible(page)
    page.get_by_label("Restriction or exclusion decision").check()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Restriction or exclusion decision")
    assert_accessible(page)
    # (answering all the considerations page by page is covered by the case manager journey)
    review = Review.objects.get(case=case, review_point="restriction")
    answer_all(review, by=case_manager, complete=False)
    page.reload()
    page.get_by_role("button", name="Complete the review").click()
    expect(page.get_by_text("completed and locked")).to_be_visible()
    assert_accessible(page)

    # and then review period 1, continuing the exclusion into a second period
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    page.get_by_role("link", name="Review period 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review period 1")
    assert_accessible(page)
    fill_date(page, "Date of the review", today)
    page.locator("input[name=review]").first.check()
    page.get_by_label("What the review found and decided").fill(
        "The reasons still stand: the investigation needs four more weeks and no supervised post is available."
    )
    page.get_by_label("Yes, for a further period").check()
    page.get_by_role("button", name="Record the review").click()

    # Then the case page shows period 2 and when its review is due
    expect(page.get_by_text(f"Review recorded. Period 2 runs to {nhs_date(second_due)}.")).to_be_visible()
    restrictions = page.locator(".nhsuk-summary-list", has_text="Review due by").first
    expect(restrictions).to_contain_text(f"Period 2: {nhs_date(second_start)} to {nhs_date(second_due)}")
    expect(restrictions).to_contain_text(nhs_date(second_due))
    assert_accessible(page)

    # and the exclusion's own page lists both periods, the first reviewed
    page.get_by_role("link", name="See the formal exclusion and its periods").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Formal exclusion")
    assert_accessible(page)

    # When they open this month's exclusions return
    page.goto(reverse("process:restriction_return", kwargs={"org_slug": case.organisation.slug}))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Monthly exclusions return")
    expect(page.get_by_text("required of NHS trusts")).to_be_visible()
    assert_accessible(page)

    # Then the episode is one row, counted from the immediate exclusion's first day to today, with one review due
    # (period 1, reviewed early, on time) and the next due at the end of period 2
    row = page.locator("tr", has_text="RFT-2026-202")
    expect(row).to_contain_text("Formal exclusion")
    expect(row).to_contain_text(nhs_date(excluded_on))
    expect(row).to_contain_text("Continues")
    expect(row).to_contain_text(nhs_date(second_due))
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert any(cell.endswith(" 13") or cell == "13" for cell in cells), cells
