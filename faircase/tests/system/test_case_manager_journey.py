"""The case manager's core path: open a case, take the commencement review with a "no", see its follow-up,
move the case on with a reason, and download the disclosable record as a PDF. Every page passes axe-core."""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from faircase.accounts.tests.factories import member
from faircase.cases.tests.factories import PractitionerFactory
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


@pytest.fixture
def practitioner(organisation):
    return PractitionerFactory(
        organisation=organisation,
        full_name="Dr Juniper Imaginary",
        contract_type="locum",
        induction="unknown",
        induction_on=None,
        qualification_region="rest_of_world",
        qualification_country="Atlantis",
    )


def fill_date(page: Page, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def test_a_case_manager_opens_a_case_reviews_it_moves_it_and_downloads_the_record(
    page, case_manager, practitioner
):
    # Given a signed-in case manager
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    assert_accessible(page)

    # When they open a case about a locum whose induction is not known
    page.get_by_role("link", name="Cases", exact=True).click()
    assert_accessible(page)
    page.get_by_role("link", name="Open a case").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a case")
    assert_accessible(page)
    choice = page.locator("#id_practitioner option", has_text="Dr Juniper Imaginary").text_content()
    page.get_by_label("Practitioner", exact=True).select_option(label=choice)
    page.get_by_label("Case reference").fill("RFT-2026-101")
    page.get_by_label("Maintaining High Professional Standards (England)").check()
    page.get_by_role("group", name="Did the concern arise from a patient safety incident?").get_by_label(
        "No"
    ).check()
    page.get_by_label("Clinical performance").check()
    page.get_by_label("Incident", exact=True).check()
    page.get_by_label("Moderate: harm or risk that needs action").check()
    # Dated from today rather than fixed: a concern dated after today is refused, whenever the suite runs.
    happened_on = timezone.localdate() - dt.timedelta(days=16)
    fill_date(page, "When it happened", happened_on)
    fill_date(page, "When it was raised", happened_on + dt.timedelta(days=2))
    page.get_by_label("What is alleged").fill(
        "A warfarin dose change was not recorded on the discharge letter."
    )
    page.get_by_role("button", name="Open case").click()

    # Then the case page asks for the commencement review first
    expect(page.get_by_role("heading", level=1)).to_contain_text("RFT-2026-101")
    expect(page.get_by_text("Commencement review needed")).to_be_visible()
    assert_accessible(page)

    # When they take the commencement review, answering "no" about induction (UI4)
    page.get_by_role("button", name="Start the commencement review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Commencement of the case review")
    assert_accessible(page)
    for number, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
        page.get_by_role("link", name=f"{number}. {principle.label}").click()
        # The Principle's own page, not the review page still on screen while the link is followed.
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{number}. {principle.label}")
        assert_accessible(page)
        for radio in page.locator("input[type=radio][value=yes]").all():
            radio.check()
        if principle.value == "understanding":
            ui4 = page.get_by_role("group", name=re.compile(r"^UI4:"))
            ui4.get_by_label("No", exact=True).check()
            item = page.locator(".faircase-principle", has=ui4)
            item.get_by_label("Note on UI4").fill("No record of an induction for this locum post.")
            item.get_by_label("What will be done to put UI4 right?").fill(
                "Ask medical staffing for the induction record and arrange one if there was none."
            )
            item.get_by_label("Who will put UI4 right?").select_option(label="Casey Fictional")
            due = timezone.localdate() + dt.timedelta(days=10)
            fill_date(item, "By when will UI4 be put right?", due)
        page.get_by_role("button", name="Save answers").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Commencement of the case review")
    page.get_by_role("button", name="Complete the review").click()

    # Then the framework at a glance shows the "no" and its open follow-up
    expect(page.get_by_text("Commencement of the case review completed and locked.")).to_be_visible()
    expect(page.get_by_role("table", name="Open follow-ups")).to_contain_text(
        "Ask medical staffing for the induction record"
    )
    assert_accessible(page)

    # When they move the case on without saying why the follow-up is still open, they are told to
    page.get_by_role("link", name="Move the case to another stage").click()
    assert_accessible(page)
    page.get_by_label("Initial assessment").check()
    page.get_by_label("Decision", exact=True).fill("Gather the facts before deciding the route")
    page.get_by_label("Reasons for the decision").fill("The context of the incident needs to be understood.")
    page.get_by_role("button", name="Move the case").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("say why the case should move on")
    assert_accessible(page)
    page.get_by_label("Why should the case move on while follow-ups are open?").fill(
        "The induction record is being traced alongside the initial assessment."
    )
    page.get_by_role("button", name="Move the case").click()

    # Then the case is at initial assessment and the reason is in its stage history
    expect(page.get_by_text("Case moved to Initial assessment.")).to_be_visible()
    expect(
        page.get_by_text("The induction record is being traced alongside the initial assessment.")
    ).to_be_visible()
    assert_accessible(page)

    # When they open the disclosable record and download the PDF
    page.get_by_role("link", name="The disclosable framework record").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("PDF")).first.click()
    # (the PDF is made by the task worker: its page offers the file when it is ready, ADR 39)
    expect(page.get_by_role("heading", level=1)).to_have_text("The record as a PDF")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("Download the record as a PDF")).click()
    download = download_info.value
    pdf = download.path().read_bytes()

    # Then it is a real PDF holding the case, the "no" and the reason for moving on
    assert pdf.startswith(b"%PDF")
    text = " ".join(page_.extract_text() for page_ in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "RFT-2026-101" in text
    assert "No record of an induction for this locum post." in text
    assert "The induction record is being traced alongside the initial assessment." in text
