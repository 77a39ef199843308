"""Small numbers on the lens's pages: a reader who may open some comparable cases and not others reads every page
the lens shows for a case, as an attacker would (tests/reader.py), and must not be able to work out how many of the
cases they may not open were handled one way or another when that number is 1 to 4."""

import pytest
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases.models import CaseMember
from faircase.consistency import selectors
from faircase.consistency.severity import severity
from faircase.consistency.tests import reader
from faircase.consistency.tests.factories import closed_case

SMALL_BELOW = 5


def _codes(case):
    return reader.codes_of(selectors.handling_so_far(case), severity())


@pytest.fixture
def board_member(organisation, case):
    """A board member who oversees the organisation's cases (so the lens counts them all) but opens only the cases
    they are named on; named on this case as its investigator too, so they reach its decision pages."""
    person = member(organisation, "board_member", username="dbm")
    CaseMember.objects.create(case=case, user=person, role="board_member")
    CaseMember.objects.create(case=case, user=person, role="case_investigator")
    return person


def _open_to(person, cases):
    for comparable in cases:
        CaseMember.objects.create(case=comparable, user=person, role="board_member")


def test_one_comparable_case_you_cannot_open_is_worked_out_from_the_evidence_page(
    organisation, case_manager, case, board_member, signed_in
):
    # Five comparable cases the board member may open, none referred; one they may not, referred.
    seen = [closed_case(organisation=organisation, by=case_manager) for _ in range(5)]
    _open_to(board_member, seen)
    unseen = closed_case(organisation=organisation, by=case_manager, referral=True)
    sev = severity()

    page = signed_in(board_member).get(reverse("consistency:case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    knowledge = reader.read_evidence_page(
        page.content.decode(), sev, known=[case.reference, case.practitioner.full_name]
    )
    visible = reader.counts_of([_codes(c) for c in seen], sev)
    truth = reader.truth_of([_codes(unseen)], sev)

    leaks = reader.worked_out(reader.feasible(knowledge, visible, sev), truth, sev, SMALL_BELOW)
    assert leaks == [], "6 comparable cases less the 5 you can open: the one you cannot was referred"


def test_the_referral_warning_gives_away_the_one_case_you_cannot_open(
    organisation, case_manager, case, board_member, signed_in
):
    seen = [closed_case(organisation=organisation, by=case_manager) for _ in range(5)]
    _open_to(board_member, seen)
    unseen = closed_case(organisation=organisation, by=case_manager, referral=True)
    sev = severity()

    url = reverse("process:restriction_referral_new", kwargs={"case_id": case.pk})
    page = signed_in(board_member).get(url)
    assert page.status_code == 200
    knowledge = reader.read_decision_page(page.content.decode(), sev, decisions=[("referral", 1)])
    visible = reader.counts_of([_codes(c) for c in seen], sev)
    truth = reader.truth_of([_codes(unseen)], sev)

    leaks = reader.worked_out(reader.feasible(knowledge, visible, sev), truth, sev, SMALL_BELOW)
    assert leaks == [], "5 of 6 were not referred, and you can open those 5: the sixth was referred"
    assert (
        "Referring to the regulator: more than half of the comparable closed cases were handled without a referral "
        "to the regulator." in page.content.decode()
    ), "it still warns, without the figures"
