"""A designated board member, who oversees the organisation's cases but opens only those they are named on, reads
the comparable cases of a case: small numbers of the cases they cannot open are never shown (ADR 12), and the
warning before a decision still appears, without the figures. Every page passes axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from faircase.accounts.tests.factories import member
from faircase.cases.models import CaseMember
from faircase.cases.services import move_stage
from faircase.cases.tests.factories import open_case
from faircase.consistency.tests.factories import closed_case
from faircase.framework.tests.test_reviews import complete_review
from faircase.tests.system.axe import assert_accessible
from faircase.tests.system.test_sign_in_journey import PASSWORD, sign_in

pytestmark = pytest.mark.browser


def test_a_board_member_sees_no_small_numbers_of_cases_they_cannot_open(page: Page, organisation):
    case_manager = member(organisation, "case_manager", username="cm.fictional", full_name="Casey Fictional")
    board = member(organisation, "board_member", username="rowan.fictional", full_name="Rowan Fictional")
    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-2026-501"
    )
    CaseMember.objects.create(case=case, user=board, role="board_member")
    CaseMember.objects.create(case=case, user=board, role="case_investigator")
    complete_review(case, case_manager, point="commencement")
    move_stage(case=case, to_stage="initial_assessment", decision="Assess", reasons="Facts", by=case_manager)
    complete_review(case, case_manager, point="route")
    for _ in range(2):
        theirs = closed_case(organisation=organisation, by=case_manager, formal=True)
        CaseMember.objects.create(case=theirs, user=board, role="board_member")
    for _ in range(3):
        closed_case(organisation=organisation, by=case_manager)

    # Given a board member with 2 comparable cases they can open and 3 they cannot
    page.goto("/")
    sign_in(page, username=board.username, password=PASSWORD)

    # When they open the comparable cases of the case
    page.goto(reverse("consistency:case", kwargs={"case_id": case.pk}))

    # Then they see how many they can open, "fewer than 10" of the others, and no table
    expect(page.get_by_role("heading", level=1)).to_have_text("Comparable cases")
    expect(
        page.get_by_text("2 comparable closed cases you can open, and fewer than 10 you cannot open")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="The comparison may be weak")).to_be_visible()
    expect(
        page.get_by_text("The counts of how they were handled and how they ended are not shown")
    ).to_be_visible()
    expect(page.get_by_role("table", name="Route")).to_have_count(0)
    expect(
        page.get_by_role("table", name="Comparable closed cases you can open").get_by_role("link")
    ).to_have_count(2)
    assert_accessible(page)

    # When 10 more comparable cases they cannot open have closed, one of them after a formal investigation
    for _ in range(9):
        closed_case(organisation=organisation, by=case_manager)
    closed_case(organisation=organisation, by=case_manager, formal=True)
    page.reload()

    # Then the number is given, and the route table (1 of the others had a formal investigation) is not shown
    expect(page.get_by_text("15 comparable closed cases", exact=True)).to_be_visible()
    expect(page.get_by_text("13 of them are cases you cannot open.")).to_be_visible()
    expect(page.get_by_role("heading", name="Route", level=3)).to_be_visible()
    expect(page.get_by_text("Not shown: it would show how a small number")).to_have_count(1)
    expect(page.get_by_role("table", name="Referral to the regulator")).to_be_visible()
    assert_accessible(page)

    # And before recording a referral the warning appears with its figures (its table is shown: none referred)
    page.goto(reverse("process:restriction_referral_new", kwargs={"case_id": case.pk}))
    expect(page.get_by_text("15 of 15 comparable closed cases (100%)")).to_be_visible()
    assert_accessible(page)

    # And before moving the case to a formal investigation it still appears, without the figures
    page.goto(reverse("cases:move", kwargs={"case_id": case.pk}) + "?to=formal_investigation")
    expect(page.get_by_role("heading", name="More severe than most comparable cases")).to_be_visible()
    expect(
        page.get_by_text(
            "Moving to formal investigation: more than half of the comparable closed cases were handled without "
            "a formal investigation."
        )
    ).to_be_visible()
    assert_accessible(page)
