"""Small numbers on the lens's pages: a reader who may open some comparable cases and not others reads every page
the lens shows for a case, as an attacker would (tests/reader.py), and must not be able to work out how many of the
cases they may not open were handled one way or another when that number is 1 to 4."""

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.choices import Outcome
from faircase.cases.models import CaseMember
from faircase.consistency import selectors
from faircase.consistency.severity import severity
from faircase.consistency.tests import reader
from faircase.consistency.tests.factories import closed_case
from faircase.framework.tests.test_reviews import complete_review

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


# ---- every page, for random sets of comparable cases ----------------------------------------------------------

KIND = st.fixed_dictionaries(
    {
        "formal": st.booleans(),
        "restriction": st.sampled_from(["", "restriction", "formal_exclusion"]),
        "referral": st.booleans(),
        "outcome": st.sampled_from([*Outcome.values, ""]),
    }
)
# A few kinds of case, each some the reader may open and some not: many alike and a few different.
WORLDS = st.lists(st.tuples(KIND, st.integers(0, 2), st.integers(0, 12)), min_size=1, max_size=3).filter(
    lambda kinds: sum(opened + hidden for _kind, opened, hidden in kinds) <= 16
)


def _codes_of_kind(kind):
    sev = severity()
    referred = kind["referral"] or kind["outcome"] in sev.referrals.step("referred").members
    restriction = sev.restrictions.step_for_member(kind["restriction"]) if kind["restriction"] else None
    return {
        "route": sev.routes.steps[1 if kind["formal"] else 0].code,
        "restriction": restriction.code if restriction else sev.restrictions.steps[0].code,
        "referral": sev.referrals.steps[1 if referred else 0].code,
        "outcome": kind["outcome"],
    }


@pytest.fixture
def subject(case, case_manager):
    """The case the decisions are about, at its initial assessment with the reviews done, so that its move page
    offers a formal investigation and closing."""
    complete_review(case, case_manager, point="commencement")
    case_services.move_stage(
        case=case, to_stage="initial_assessment", decision="Assess", reasons="Facts", by=case_manager
    )
    complete_review(case, case_manager, point="route")
    case.refresh_from_db()
    return case


def _every_page(client, case, outcome):
    """(html, what the page is, the decisions it checks) for every page of the lens the reader may ask for."""
    sev = severity()
    move = reverse("cases:move", kwargs={"case_id": case.pk})
    pages = [
        (client.get(reverse("consistency:case", kwargs={"case_id": case.pk})), "evidence", []),
        (client.get(move), "decision", [("route", 1), ("outcome", 0)]),
        (
            client.get(reverse("process:restriction_referral_new", kwargs={"case_id": case.pk})),
            "decision",
            [("referral", 1)],
        ),
    ]
    for kind in ("restriction", "immediate_exclusion"):
        url = reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": kind})
        pages.append((client.get(url), "decision", [("restriction", sev.restriction_rank_of_kind(kind))]))
    # Closing with an outcome chosen: the form comes back (no decision given) with the check for that outcome.
    rank = sev.outcome_rank(outcome)
    closing = client.post(move, {"to_stage": "closed", "decision": "", "reasons": "Done", "outcome": outcome})
    pages.append((closing, "decision", [("outcome", rank)] if rank else []))
    for response, _what, _decisions in pages:
        assert response.status_code == 200, response
    return [(response.content.decode(), what, decisions) for response, what, decisions in pages]


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=WORLDS, outcome=st.sampled_from(Outcome.values))
def test_no_count_of_one_to_four_can_be_worked_out_from_all_the_pages_the_reader_may_ask_for(
    organisation, case_manager, subject, board_member, client, world, outcome
):
    sev = severity()
    with transaction.atomic():
        opened, hidden = [], []
        for kind, n_opened, n_hidden in world:
            fields = {
                "formal": kind["formal"],
                "restrictions": [kind["restriction"]] if kind["restriction"] else [],
                "referral": kind["referral"],
                "outcome": kind["outcome"],
            }
            made = [
                closed_case(organisation=organisation, by=case_manager, **fields) for _ in range(n_opened)
            ]
            _open_to(board_member, made)
            opened += [_codes_of_kind(kind)] * n_opened
            for _ in range(n_hidden):
                closed_case(organisation=organisation, by=case_manager, **fields)
            hidden += [_codes_of_kind(kind)] * n_hidden
        client.force_login(board_member)
        knowledge = reader.Knowledge()
        for html, what, decisions in _every_page(client, subject, outcome):
            if what == "evidence":
                known = [subject.reference, subject.practitioner.full_name]
                knowledge.add(reader.read_evidence_page(html, sev, known=known))
            else:
                knowledge.add(reader.read_decision_page(html, sev, decisions=decisions))
        transaction.set_rollback(True)
    found = reader.feasible(knowledge, reader.counts_of(opened, sev), sev)
    assert reader.worked_out(found, reader.truth_of(hidden, sev), sev, sev.suppress_below) == []
