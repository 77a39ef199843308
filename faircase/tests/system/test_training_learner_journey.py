"""A learner works through a training case study to completion in a browser: from the Training link in the header,
a step refused with nothing answered, each step's considerations and decision, the authors' view after each, and
the study shown as completed. Every page is checked with axe-core. Built from factories, not the demo."""

import pytest
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in
from faircase.training.tests.factories import a_study

pytestmark = pytest.mark.browser


def _answer(page: Page, stage, answer: str) -> None:
    for code in stage.considerations:
        page.locator(f"input[name='consideration_{code}'][value='{answer}']").check()
    page.get_by_label(stage.option(stage.would_choose).label, exact=True).check()
    page.get_by_role("button", name="Save and see the authors' view").click()


def test_a_learner_works_through_a_case_study_to_completion(page: Page, organisation):
    # Given a member of staff
    member(organisation, "case_investigator", username="lena.fictional", full_name="Lena Fictional")
    study = a_study()
    first, second = study.stages
    page.goto("/")
    sign_in(page, username="lena.fictional", password=PASSWORD)

    # When they open Training from the header and choose a study
    follow_header_link(page, "Training")
    expect(page.get_by_role("heading", level=1)).to_have_text("Training")
    assert_accessible(page)
    page.get_by_role("link", name=study.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(study.title)
    assert_accessible(page)
    page.get_by_role("button", name="Start the case study").click()

    # Then the first step shows what is known; saving it unanswered says what is missing
    expect(page.get_by_role("heading", level=1)).to_have_text(first.title)
    assert_accessible(page)
    page.get_by_role("button", name="Save and see the authors' view").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(f"Answer {first.considerations[0]}")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose the decision you would make")
    assert_accessible(page)

    # When they answer it, the authors' view and the points to discuss follow
    _answer(page, first, "unknown")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"The authors' view: {first.title}")
    expect(page.get_by_role("heading", name="Points to discuss")).to_be_visible()
    expect(page.get_by_text("(the same as you)")).to_be_visible()
    assert_accessible(page)

    # And after the last step the study is completed
    page.get_by_role("button", name="Continue to the next step").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    _answer(page, second, "yes")
    expect(page.get_by_text("You have completed this case study")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Back to training").last.click()
    expect(page.locator(".nhsuk-tag", has_text="Completed")).to_have_count(1)
    assert_accessible(page)
