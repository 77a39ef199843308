"""A facilitator runs a training session in a browser: creates it (refused first without a study or a name), gives
learners the join code, sees the group's answers counted side by side with no names once enough have answered,
and closes the session. Every page is checked with axe-core. Built from factories, not the demo."""

import pytest
from playwright.sync_api import Page, expect

from faircase.accounts.models import Organisation
from faircase.accounts.tests.factories import member
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.header import follow_header_link
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in
from faircase.training import services
from faircase.training.models import TrainingSession
from faircase.training.rules import MINIMUM_GROUP
from faircase.training.tests.factories import a_study, answers_for

pytestmark = pytest.mark.browser


def _learners_answer_the_first_step(organisation: Organisation, code: str, numbers: range) -> None:
    """Learners numbered `numbers` join and answer the first step; learner 0 answers no, the others yes."""
    study = a_study()
    first = study.stages[0]
    for n in numbers:
        learner = member(
            organisation, "case_investigator", username=f"learner-{n}", full_name=f"Named Learner {n}"
        )
        attempt = services.join_session(organisation=organisation, code=code, by=learner)
        given = answers_for(first, "no" if n == 0 else "yes")
        services.answer_stage(attempt=attempt, study=study, stage_key=first.key, by=learner, **given)


def test_a_facilitator_runs_a_session_and_sees_the_answers_side_by_side(page: Page, organisation):
    # Given a case manager, who may facilitate
    member(organisation, "case_manager", username="faye.fictional", full_name="Faye Fictional")
    study = a_study()
    page.goto("/")
    sign_in(page, username="faye.fictional", password=PASSWORD)

    # When they choose to run a session and create it without a study or a name, they are told what is missing
    follow_header_link(page, "Training")
    page.get_by_role("button", name="Run a training session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Run a training session")
    assert_accessible(page)
    page.get_by_role("button", name="Create the session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Choose a case study for the session")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a name for the session")
    assert_accessible(page)

    # Then with both the session is created, with a code for the learners
    page.get_by_label(study.title, exact=False).check()
    page.get_by_label("Name of the session").fill("Case managers' induction")
    page.get_by_role("button", name="Create the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Session: Case managers' induction")
    code = TrainingSession.objects.get().join_code
    expect(page.locator(".nhsuk-summary-list")).to_contain_text(code)
    assert_accessible(page)

    # When fewer learners than the minimum have answered, only how many is shown
    _learners_answer_the_first_step(organisation, code, range(MINIMUM_GROUP - 1))
    page.reload()
    expect(page.get_by_text(f"{MINIMUM_GROUP - 1} of {MINIMUM_GROUP - 1} learners answered.")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)

    # And once enough have, the group's answers are counted side by side, with no one's name
    _learners_answer_the_first_step(organisation, code, range(MINIMUM_GROUP - 1, MINIMUM_GROUP))
    page.reload()
    considerations = page.locator("table").first
    first_code = study.stages[0].considerations[0]
    row = considerations.locator("tr", has_text=f"{first_code}:")
    expect(row.locator("td")).to_have_text([str(MINIMUM_GROUP - 1), "1", "0"])
    expect(page.locator("main")).not_to_contain_text("Named Learner")
    page.get_by_text("The authors' view of step 1").click()
    assert_accessible(page)

    # Then they close the session, and no one can join it any more
    page.get_by_role("button", name="Close the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Close the session Case managers' induction?")
    assert_accessible(page)
    page.get_by_role("button", name="Close the session").click()
    expect(page.get_by_text("Session closed.")).to_be_visible()
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Closed: no one can join")
    assert_accessible(page)
