"""The consistency page of a case, and the check on the pages of significant decisions: shown before the
decision, linked to the evidence, never blocking it. The framework's EP3 consideration links to the evidence."""

import pytest
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.models import Case
from faircase.consistency.tests.factories import closed_case
from faircase.core.models import AuditEvent
from faircase.framework.tests.test_reviews import complete_review

WARNING = "More severe than most comparable cases"


def _at_initial_assessment(case, by):
    complete_review(case, by, point="commencement")
    case_services.move_stage(
        case=case, to_stage="initial_assessment", decision="Assess", reasons="Facts", by=by
    )
    complete_review(case, by, point="route")
    case.refresh_from_db()
    return case


def _comparables(organisation, by, *, informal, formal, **fields):
    for _ in range(informal):
        closed_case(organisation=organisation, by=by, **fields)
    for _ in range(formal):
        closed_case(organisation=organisation, by=by, formal=True, **fields)


# ---- the evidence page ----------------------------------------------------------------------------------------


def test_the_page_shows_counts_shares_and_the_comparison_profile(organisation, case_manager, case, signed_in):
    _comparables(organisation, case_manager, informal=5, formal=1)
    closed_case(
        organisation=organisation,
        by=case_manager,
        outcome="warning",
        formal=True,
        restrictions=["formal_exclusion"],
    )
    page = signed_in(case_manager).get(reverse("consistency:case", kwargs={"case_id": case.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "7 comparable closed cases" in text
    assert "Clinical performance" in text and "Secondary care" in text
    assert "71%" in text, "5 of 7 had no formal investigation"
    assert "The comparison is weak" not in text
    assert "place of primary qualification" in text, "the page says what is never compared"


def test_a_weak_comparison_says_so(organisation, case_manager, case, signed_in):
    _comparables(organisation, case_manager, informal=2, formal=2)
    page = signed_in(case_manager).get(reverse("consistency:case", kwargs={"case_id": case.pk}))
    assert "4 comparable closed cases" in page.content.decode()
    assert "The comparison is weak" in page.content.decode()


def test_reading_the_page_is_audited_as_a_read_of_the_case(case, case_manager, signed_in):
    signed_in(case_manager).get(reverse("consistency:case", kwargs={"case_id": case.pk}))
    event = AuditEvent.objects.filter(case=case, action="case.viewed").latest("sequence")
    assert event.summary["detail"] == {"viewed": "consistency.read"}


def test_someone_who_cannot_see_the_case_gets_404(case, organisation, other_organisation, signed_in):
    url = reverse("consistency:case", kwargs={"case_id": case.pk})
    for user in (
        member(other_organisation, "case_manager", username="outsider"),
        member(organisation, "equality_analyst", username="analyst"),
    ):
        assert signed_in(user).get(url).status_code == 404


def test_the_page_lists_only_references_the_user_may_open(organisation, case_manager, case, signed_in):
    seen = closed_case(organisation=organisation, by=case_manager)
    unseen = closed_case(organisation=organisation, by=case_manager)
    board = member(organisation, "board_member", username="dbm")
    case_services.name_person(case=case, user=board, role="board_member", by=case_manager)
    case_services.name_person(case=seen, user=board, role="board_member", by=case_manager)
    text = signed_in(board).get(reverse("consistency:case", kwargs={"case_id": case.pk})).content.decode()
    assert seen.reference in text
    assert unseen.reference not in text
    # The one they cannot open is counted, but one is too few to say so exactly (ADR 12).
    assert "1 comparable closed case you can open, and fewer than 10 you cannot open" in text


def test_the_case_page_links_to_comparable_cases(case, case_manager, signed_in):
    text = signed_in(case_manager).get(reverse("cases:detail", kwargs={"case_id": case.pk})).content.decode()
    assert reverse("consistency:case", kwargs={"case_id": case.pk}) in text


# ---- the check before a significant decision ------------------------------------------------------------------


def test_moving_to_formal_investigation_warns_when_most_comparable_cases_had_none(
    organisation, case_manager, case, signed_in
):
    _comparables(organisation, case_manager, informal=3, formal=1)
    _at_initial_assessment(case, case_manager)
    client = signed_in(case_manager)
    url = reverse("cases:move", kwargs={"case_id": case.pk})
    text = client.get(url).content.decode()
    assert WARNING in text
    assert "3 of 4 comparable closed cases (75%) were handled without a formal investigation" in text
    assert reverse("consistency:case", kwargs={"case_id": case.pk}) in text
    assert "The comparison is weak" in text
    # It never blocks: the case moves.
    moved = client.post(
        url, {"to_stage": "formal_investigation", "decision": "Investigate", "reasons": "Several incidents"}
    )
    assert moved.status_code == 302
    assert Case.objects.get(pk=case.pk).stage == "formal_investigation"


def test_no_warning_when_half_or_fewer_comparable_cases_were_handled_less_severely(
    organisation, case_manager, case, signed_in
):
    _comparables(organisation, case_manager, informal=3, formal=3)
    _at_initial_assessment(case, case_manager)
    url = reverse("cases:move", kwargs={"case_id": case.pk}) + "?to=formal_investigation"
    text = signed_in(case_manager).get(url).content.decode()
    assert WARNING not in text
    assert "compare with the 6 comparable closed cases" in text


def test_a_move_that_is_not_a_significant_decision_shows_nothing(organisation, case_manager, case, signed_in):
    _comparables(organisation, case_manager, informal=3, formal=0)
    complete_review(case, case_manager, point="commencement")
    text = (
        signed_in(case_manager)
        .get(reverse("cases:move", kwargs={"case_id": case.pk}) + "?to=initial_assessment")
        .content.decode()
    )
    assert WARNING not in text and "comparable closed case" not in text


def test_closing_with_an_outcome_more_severe_than_most_is_pointed_out(
    organisation, case_manager, case, signed_in
):
    for _ in range(3):
        closed_case(organisation=organisation, by=case_manager, outcome="no_further_action")
    closed_case(organisation=organisation, by=case_manager, outcome="final_warning")
    _at_initial_assessment(case, case_manager)
    client = signed_in(case_manager)
    url = reverse("cases:move", kwargs={"case_id": case.pk})
    text = client.get(url + "?to=closed").content.decode()
    assert WARNING in text
    assert (
        "Closing the case with the outcome “Resolved informally” or a more severe one: 3 of 4 comparable "
        "closed cases (75%) ended with a less severe outcome"
    ) in text
    # With an outcome chosen (here the form comes back for a missing decision), the check names it.
    again = client.post(url, {"to_stage": "closed", "decision": "", "reasons": "Done", "outcome": "warning"})
    assert again.status_code == 200
    assert (
        "Closing with the outcome “Formal warning”: 3 of 4 comparable closed cases (75%)"
        in again.content.decode()
    )
    mild = client.post(
        url, {"to_stage": "closed", "decision": "", "reasons": "Done", "outcome": "no_further_action"}
    )
    assert WARNING not in mild.content.decode()


def test_recording_an_exclusion_warns_when_most_comparable_cases_had_none(
    organisation, case_manager, case, signed_in
):
    closed_case(organisation=organisation, by=case_manager)
    closed_case(organisation=organisation, by=case_manager, restrictions=["restriction"])
    closed_case(organisation=organisation, by=case_manager, restrictions=["formal_exclusion"])
    client = signed_in(case_manager)
    url = reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": "immediate_exclusion"})
    text = client.get(url).content.decode()
    assert WARNING in text
    assert (
        "Immediate exclusion: 2 of 3 comparable closed cases (67%) were handled without an exclusion or suspension"
        in text
    )
    restriction = client.get(
        reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": "restriction"})
    ).content.decode()
    assert WARNING not in restriction, "1 of 3 had no restriction at all: not more than half"
    started = timezone.localdate()
    recorded = client.post(
        url,
        {
            "started_on_0": started.day,
            "started_on_1": started.month,
            "started_on_2": started.year,
            "terms": "No clinical duties",
            "reasons": "Immediate risk",
            "criminal_investigation": "no",
        },
    )
    assert recorded.status_code == 302, "the warning never blocks"


def test_recording_a_referral_warns_when_most_comparable_cases_were_not_referred(
    organisation, case_manager, case, signed_in
):
    for _ in range(2):
        closed_case(organisation=organisation, by=case_manager)
    text = (
        signed_in(case_manager)
        .get(reverse("process:restriction_referral_new", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert WARNING in text
    assert "2 of 2 comparable closed cases (100%) were handled without a referral to the regulator" in text
    assert "The comparison is weak: there are only 2 comparable closed cases" in text


def test_with_no_comparable_cases_the_decision_page_says_so(case, case_manager, signed_in):
    text = (
        signed_in(case_manager)
        .get(reverse("process:restriction_referral_new", kwargs={"case_id": case.pk}))
        .content.decode()
    )
    assert "There are no comparable closed cases in your organisation yet" in text
    assert WARNING not in text


# ---- the framework's "same approach for anyone" consideration -------------------------------------------------


def test_the_ep3_consideration_links_to_the_comparable_cases(case, case_manager, signed_in):
    from faircase.framework import services as framework_services

    client = signed_in(case_manager)
    evidence = reverse("consistency:case", kwargs={"case_id": case.pk})
    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    answering = client.get(
        reverse(
            "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": "equity"}
        )
    )
    assert answering.status_code == 200
    assert evidence in answering.content.decode()
    other_principle = client.get(
        reverse(
            "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": "welfare"}
        )
    )
    assert evidence not in other_principle.content.decode()


def test_a_completed_review_links_ep3_to_the_comparable_cases(case, case_manager, signed_in):
    review = complete_review(case, case_manager)
    text = (
        signed_in(case_manager)
        .get(reverse("reviews:detail", kwargs={"case_id": case.pk, "review_id": review.pk}))
        .content.decode()
    )
    assert reverse("consistency:case", kwargs={"case_id": case.pk}) in text


def test_every_shipped_evidence_link_resolves():
    from faircase.framework.evidence_links import evidence_links, links_for_case

    case_id = "00000000-0000-0000-0000-000000000001"
    links = links_for_case(case_id)
    assert set(links) == set(evidence_links())
    assert links["EP3"]["href"] == reverse("consistency:case", kwargs={"case_id": case_id})


@pytest.mark.parametrize("kind", ["voluntary_undertaking", "pl_conditions"])
def test_less_restrictive_kinds_compare_with_cases_that_had_no_restriction(
    organisation, case_manager, case, signed_in, kind
):
    for _ in range(3):
        closed_case(organisation=organisation, by=case_manager)
    text = (
        signed_in(case_manager)
        .get(reverse("process:restriction_new_kind", kwargs={"case_id": case.pk, "kind": kind}))
        .content.decode()
    )
    assert (
        "3 of 3 comparable closed cases (100%) were handled with no restriction, exclusion or suspension"
        in text
    )
