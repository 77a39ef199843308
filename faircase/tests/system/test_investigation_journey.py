"""The investigation, in a browser: a case manager appoints the case investigator (after a conflicted colleague is
refused), sets the terms of reference, records an interview with the practitioner and the report's receipt, and
sees the investigation on the case page and in the disclosable record. Every page is checked with axe-core."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.documents.choices import Kind
from faircase.documents.tests.factories import add_document
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def _fill_date(page: Page, field: str, day: dt.date) -> None:
    page.locator(f"#id_{field}_0").fill(str(day.day))
    page.locator(f"#id_{field}_1").fill(str(day.month))
    page.locator(f"#id_{field}_2").fill(str(day.year))


def test_a_case_manager_runs_the_investigation_from_appointment_to_the_report(page: Page, organisation):
    # Given a case manager with an MHPS case, a colleague excluded from it for a conflict of interest, a colleague
    # free to investigate, and the interview minutes and the report already added as documents of the case
    case_manager = member(
        organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional"
    )
    conflicted = member(organisation, "case_investigator", username="conrad", full_name="Conrad Conflicted")
    member(organisation, "case_investigator", username="iris", full_name="Iris Investigator")
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager)
    case_services.exclude_for_conflict(
        case=case, user=conflicted, reason="Trained the practitioner", by=case_manager
    )
    add_document(
        case, case_manager, name="Interview minutes.pdf", kind=Kind.MINUTES, dated=dt.date(2026, 3, 9)
    )
    add_document(
        case, case_manager, name="Investigation report.pdf", kind=Kind.REPORT, dated=dt.date(2026, 3, 26)
    )
    page.goto("/")
    sign_in(page, username="casey.fictional", password=PASSWORD)

    # When they open the case, its page has an investigation section with no investigator yet
    page.goto(reverse("cases:detail", kwargs={"case_id": case.pk}))
    section = page.locator("#investigation ~ *").first
    expect(page.locator("#investigation")).to_have_text("Investigation")
    expect(page.get_by_text("No case investigator has been appointed.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Appoint the case investigator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Appoint the case investigator")
    assert_accessible(page)

    # Then the conflicted colleague is refused, with the reason, and nothing is saved
    page.get_by_label("Who is the case investigator?").select_option(label="Conrad Conflicted")
    _fill_date(page, "appointed_on", dt.date(2026, 3, 2))
    page.get_by_role("button", name="Appoint the case investigator").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Conrad Conflicted is excluded from this case for a conflict of interest"
    )
    assert_accessible(page)

    # When they choose a colleague who is free to investigate, she is appointed
    page.get_by_label("Who is the case investigator?").select_option(label="Iris Investigator")
    page.get_by_role("button", name="Appoint the case investigator").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The investigation")
    expect(page.get_by_text("Iris Investigator was appointed case investigator.")).to_be_visible()
    expect(page.get_by_text("Investigation report to the case manager")).to_be_visible()
    assert_accessible(page)

    # And they set the terms of reference, the allegations chosen from the case's concerns
    page.get_by_role("link", name="Set the terms of reference").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Terms of reference")
    expect(page.get_by_text("Investigation completed")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save the terms of reference").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the allegations")
    assert_accessible(page)
    page.get_by_label("Scope of the investigation").fill("Establish what happened to the discharge summary")
    page.locator("input[name=allegations]").first.check()
    page.get_by_label("Who is to be interviewed?").fill("The practitioner\nA fictional ward pharmacist")
    page.get_by_role("button", name="Save the terms of reference").click()
    expect(page.get_by_text("The terms of reference were saved.")).to_be_visible()
    expect(page.get_by_text("A fictional ward pharmacist")).to_be_visible()
    assert_accessible(page)

    # And they record the interview with the practitioner, accompanied, with its minutes and her comments
    page.get_by_role("link", name="Record an interview or meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an interview or meeting")
    assert_accessible(page)
    _fill_date(page, "held_on", dt.date(2026, 3, 9))
    page.get_by_label("Who was interviewed?").fill("Dr Imaginary Practitioner")
    page.get_by_label("The interviewee is the practitioner the case is about").check()
    page.get_by_label("Who attended?").fill("Iris Investigator\nA fictional HR adviser")
    page.get_by_label("The practitioner's companion (if the practitioner was interviewed)").fill(
        "A fictional BMA representative"
    )
    page.get_by_label("Minutes", exact=True).select_option(label="Interview minutes.pdf, dated 9 March 2026")
    page.get_by_label("The interviewee's comments on the accuracy of the minutes (if received)").fill(
        "The ward round was at 9am, not 10am."
    )
    _fill_date(page, "comments_received_on", dt.date(2026, 3, 13))
    page.get_by_role("button", name="Record the interview").click()
    expect(page.get_by_text("The interview with Dr Imaginary Practitioner was recorded.")).to_be_visible()
    expect(page.get_by_text("A fictional BMA representative")).to_be_visible()
    expect(page.get_by_role("link", name="Interview minutes.pdf")).to_be_visible()
    assert_accessible(page)

    # And they record that they received the report
    page.get_by_role("link", name="Record the report's receipt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The report received by the case manager")
    expect(page.get_by_text("sets no time for the case manager's decision on the report")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("The investigation report").select_option(
        label="Investigation report.pdf, dated 26 March 2026"
    )
    _fill_date(page, "received_on", dt.date(2026, 3, 27))
    page.get_by_role("button", name="Record the receipt").click()
    expect(page.get_by_text("The report's receipt by the case manager was recorded.")).to_be_visible()
    expect(page.get_by_text("27 March 2026 (recorded by Casey Fictional)")).to_be_visible()
    expect(page.get_by_text("sets no time for the case manager's decision on the report")).to_be_visible()
    assert_accessible(page)

    # Then the case page shows the investigation, and so does the disclosable record
    page.get_by_role("link", name=f"Back to case {case.reference}").click()
    expect(section).to_contain_text("Iris Investigator")
    expect(section).to_contain_text("27 March 2026")
    assert_accessible(page)
    page.goto(reverse("records:record", kwargs={"case_id": case.pk}))
    record = page.locator("section[aria-labelledby=record-investigation]")
    expect(record).to_contain_text("Appointment of the case investigator")
    expect(record).to_contain_text("Interview: Dr Imaginary Practitioner")
    expect(record).to_contain_text("A fictional BMA representative")
    expect(record).to_contain_text("Received by the case manager on")
    assert_accessible(page)
