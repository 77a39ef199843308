"""The decision on the report, the hearing and the appeal, in a browser: a case manager decides to refer the
practitioner to a conduct hearing (with the framework review that went with it), sets up the hearing (a conflicted
colleague refused first), records its outcome, then an appeal and its outcome, and sees them in the disclosable
record. Every page is checked with axe-core."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.proceedings.tests.factories import determination_review, report_received
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_a_case_manager_records_the_decision_the_hearing_and_the_appeal(page: Page, organisation):
    # Given an MHPS case whose investigation report the case manager received on 20 November 2026, a completed
    # framework review at the determination review point, and colleagues who may sit on panels (one of them
    # excluded from the case for a conflict of interest)
    case_manager = member(
        organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional"
    )
    investigator = member(organisation, "case_investigator", username="iris", full_name="Iris Investigator")
    conflicted = member(organisation, "case_manager", username="conrad", full_name="Conrad Conflicted")
    for username, name in (
        ("hazel", "Hazel Panelmember"),
        ("rowan", "Rowan Panelmember"),
        ("alder", "Alder Appeal"),
    ):
        member(organisation, "case_manager", username=username, full_name=name)
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    case_services.exclude_for_conflict(
        case=case, user=conflicted, reason="Shares a practice", by=case_manager
    )
    report_received(case, case_manager, investigator)
    determination_review(case, case_manager)
    page.goto("/")
    sign_in(page, username="casey.fictional", password=PASSWORD)

    # When they open the case, its page has a section for the decision with nothing recorded yet
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    expect(page.get_by_text("The decision on the report has not been recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the decision on the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The decision on the investigation report")
    assert_accessible(page)

    # And they decide to refer the practitioner to a conduct hearing, with the framework review that went with it
    page.get_by_label(
        "Referral to a conduct hearing under the employer's disciplinary procedure (MHPS Part III)"
    ).check()
    _fill_date(page, "decided_on", dt.date(2026, 11, 23))
    page.get_by_label("Reasons for the decision").fill("The report found the discharge summary was not sent.")
    page.locator("input[name=review]").first.check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("The decision on the report was recorded.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decision, hearing and appeal")
    expect(page.get_by_text("23 November 2026, by Casey Fictional")).to_be_visible()
    assert_accessible(page)

    # Then setting up the hearing with a conflicted colleague on the panel is refused, with the reason
    page.get_by_role("link", name="Set up the hearing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up the conduct hearing")
    assert_accessible(page)
    _fill_date(page, "held_on", dt.date(2026, 11, 27))
    page.get_by_label("Conrad Conflicted").check()
    page.get_by_label("Hazel Panelmember").check()
    _fill_date(page, "notice_given_on", dt.date(2026, 11, 24))
    page.get_by_label("The practitioner's companion (optional)").fill("A fictional BMA representative")
    page.get_by_role("button", name="Set up the hearing").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Conrad Conflicted is excluded from this case for a conflict of interest"
    )
    assert_accessible(page)

    # When they choose a panel free of conflicts, the hearing is set up; the pack sets no notice for it
    page.get_by_label("Conrad Conflicted").uncheck()
    page.get_by_label("Rowan Panelmember").check()
    page.get_by_role("button", name="Set up the hearing").click()
    expect(page.get_by_text("The hearing was set up.")).to_be_visible()
    expect(page.get_by_text("sets no notice for a conduct hearing")).to_be_visible()
    assert_accessible(page)

    # And they record the hearing's outcome
    page.get_by_role("link", name="Record the hearing's outcome").click()
    assert_accessible(page)
    page.get_by_label("What did the hearing decide?").fill("A first written warning")
    page.get_by_label("Reasons for the outcome").fill("The panel found the allegation proved in part.")
    _fill_date(page, "outcome_on", dt.date(2026, 11, 30))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The hearing's outcome was recorded.")).to_be_visible()
    expect(page.get_by_text("sets no time to appeal after a conduct hearing")).to_be_visible()
    assert_accessible(page)

    # And the practitioner's appeal, heard by someone who did not sit on the hearing, and its outcome
    page.get_by_role("link", name="Record an appeal").click()
    assert_accessible(page)
    _fill_date(page, "received_on", dt.date(2026, 12, 1))
    page.get_by_label("Alder Appeal").check()
    page.get_by_role("button", name="Record the appeal").click()
    expect(page.get_by_text("The appeal was recorded.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Record the appeal's outcome").click()
    assert_accessible(page)
    page.get_by_label("Not upheld").check()
    page.get_by_label("Reasons for the outcome").fill("The hearing followed the procedure.")
    _fill_date(page, "decided_on", dt.date(2026, 12, 1))
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_text("The appeal's outcome was recorded.")).to_be_visible()
    expect(page.get_by_text("Not upheld, 1 December 2026")).to_be_visible()
    assert_accessible(page)

    # Then the disclosable record has the decision with who took it, the hearing and the appeal
    page.goto(reverse("records:record", kwargs={"case_id": case.pk}))
    record = page.locator("section[aria-labelledby=record-decision]")
    expect(record).to_contain_text("The decision on the investigation report")
    expect(record).to_contain_text("Casey Fictional")
    expect(record).to_contain_text("Hazel Panelmember; Rowan Panelmember")
    expect(record).to_contain_text("A first written warning")
    expect(record).to_contain_text("Alder Appeal")
    expect(record).to_contain_text("Not upheld")
    assert_accessible(page)
