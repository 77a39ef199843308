"""A later review that carries the last answers forward, and a case closed with its closure checklist.

The case manager finds their follow-up on "Your work" and opens its page; takes the closure review, which starts
from the commencement review's answers, changes one of them and closes its follow-up with a reason; then tries
to close the case with a restriction still in force and the practitioner not yet told, is refused with links to
each item, puts each right and closes the case. Every page passes axe-core."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.framework.principles import PRINCIPLES_IN_ORDER
from faircase.framework.tests.test_reviews import complete_review
from faircase.process import services as process_services
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_case_manager_journey import fill_date
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def case_manager(organisation):
    return member(organisation, "case_manager", username="casey.fictional", full_name="Casey Fictional")


@pytest.fixture
def case_at_initial_assessment(organisation, case_manager):
    """A case whose commencement review found the context "unknown" (a follow-up owned by the case manager),
    moved on to its initial assessment, with a restriction on practice still in force."""
    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-2026-210"
    )
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    case_services.move_stage(
        case=case,
        to_stage="initial_assessment",
        decision="Assess the facts",
        reasons="The context is being found out.",
        open_follow_ups_reason="The rota is being traced alongside the assessment.",
        by=case_manager,
    )
    process_services.record_restriction(
        case=case,
        kind="restriction",
        started_on=timezone.localdate() - dt.timedelta(days=3),
        terms="Works with a second consultant on site.",
        reasons="Keeps patients safe while the facts are found; nothing more restrictive is needed.",
        by=case_manager,
    )
    return case


def open_principle(page: Page, number: int, name: str) -> None:
    page.get_by_role("link", name=f"{number}. {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{number}. {name}")


def test_a_later_review_carries_the_answers_forward_and_the_case_closes_with_its_checklist(
    page, case_manager, case_at_initial_assessment
):
    case = case_at_initial_assessment

    # Given a signed-in case manager with a follow-up on "Your work"
    page.goto("/")
    sign_in(page, username=case_manager.username, password=PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your work")
    assert_accessible(page)

    # When they follow it, they land on the follow-up's own page, with its history
    page.get_by_role("link", name=re.compile(r"RFT-2026-210, UI3")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Follow-up for UI3")
    expect(page.get_by_text("Opened it")).to_be_visible()
    assert_accessible(page)

    # When they take the closure review, it starts from the commencement review's answers
    page.get_by_role("link", name="Back to case RFT-2026-210").click()
    page.get_by_role("link", name="Take a framework review").click()
    assert_accessible(page)
    page.get_by_label("Closure", exact=True).check()
    page.get_by_role("button", name="Start the review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure review")
    expect(page.locator(".nhsuk-task-list")).to_contain_text("Unchanged since review 1")
    assert_accessible(page)

    # And they change the context answer to "yes", closing its follow-up with a reason
    open_principle(page, 2, "Understanding the issues")
    expect(page.get_by_text("This review starts from the last answers.")).to_be_visible()
    ui3 = page.get_by_role("group", name=re.compile(r"^UI3:"))
    expect(ui3.get_by_label("Unknown", exact=True)).to_be_checked()
    ui3.get_by_label("Yes", exact=True).check()
    item = page.locator(".faircase-principle", has=ui3)
    item.get_by_label("Yes, close it").check()
    item.get_by_label("Say why the follow-up for UI3 can close").fill(
        "The rota shows one registrar covering three wards that night."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Save and confirm these answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closure review")

    # And confirm every other Principle as it stands, answering what was not asked before
    for number, principle in enumerate(PRINCIPLES_IN_ORDER, start=1):
        if principle.value == "understanding":
            continue
        open_principle(page, number, principle.label)
        for group in page.locator(".faircase-principle").all():
            if not group.locator("input[type=radio][name$=-answer]:checked").count():
                group.locator("input[type=radio][name$=-answer][value=yes]").check()
        page.get_by_role("button", name=re.compile(r"^Save")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Closure review")
    expect(page.locator(".nhsuk-task-list")).to_contain_text("1 changed")
    page.get_by_role("button", name="Complete the review").click()
    # Completing locks the review and works out the checklist: on a loaded 2-core machine it took over 5 seconds.
    expect(page.get_by_text("Closure review completed and locked.")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("There are no open follow-ups.")).to_be_visible()

    # Then the completed review shows the changed answer standing out
    page.get_by_role("link", name="Closure", exact=True).click()
    expect(page.get_by_text("Changed since review 1: was Unknown")).to_be_visible()
    assert_accessible(page)

    # When they try to close the case with the restriction in force and the practitioner not told
    page.get_by_role("link", name="Back to case RFT-2026-210").click()
    page.get_by_role("link", name="Move the case to another stage").click()
    expect(page.get_by_role("heading", name="Before the case can close")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Closed", exact=True).check()
    page.get_by_label("Decision", exact=True).fill("Close the case")
    page.get_by_label("Reasons for the decision").fill(
        "The context explains what happened; no case to answer."
    )
    page.get_by_label("Outcome (when closing the case)").select_option(label="No case to answer")
    page.get_by_role("button", name="Move the case").click()

    # Then the closure is refused, with a link to each item still open
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("End the restriction on practice that started on")
    expect(summary).to_contain_text("Tell the practitioner the outcome")
    assert_accessible(page)

    # When they follow the restriction's link and record that it ended
    summary.get_by_role("link", name=re.compile("End the restriction on practice")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Record that it has ended").click()
    assert_accessible(page)
    fill_date(page, "Date it ended", timezone.localdate())
    page.get_by_label("Why it ended").fill("Lifted as the case closes: the facts do not support a concern.")
    page.get_by_role("button", name="Record the end").click()

    # And they log how the practitioner was told the outcome
    page.goto(f"/cases/{case.pk}/communications/new/")
    assert_accessible(page)
    page.get_by_label("Meeting", exact=True).check()
    page.get_by_label("To the practitioner").check()
    page.get_by_label("Summary").fill("Told Dr Imaginary the outcome at a meeting with their representative.")
    page.get_by_role("button", name="Log communication").click()

    # Then the case closes, with every item of the checklist done
    page.goto(f"/cases/{case.pk}/move/")
    checklist = page.locator("ul.nhsuk-list--border").first
    expect(checklist).not_to_contain_text("To do")
    assert_accessible(page)
    page.get_by_label("Closed", exact=True).check()
    page.get_by_label("Decision", exact=True).fill("Close the case")
    page.get_by_label("Reasons for the decision").fill(
        "The context explains what happened; no case to answer."
    )
    page.get_by_label("Outcome (when closing the case)").select_option(label="No case to answer")
    page.get_by_role("button", name="Move the case").click()
    expect(page.get_by_text("Case moved to Closed.")).to_be_visible()
    assert_accessible(page)

    # And nothing of the case is left on "Your work"
    page.goto("/")
    expect(page.get_by_text("You have no open follow-ups.")).to_be_visible()
    assert_accessible(page)
