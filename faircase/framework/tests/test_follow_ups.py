"""Follow-ups with a life: one open follow-up per consideration and case, added to by later answers, closed by a
later "yes" only with a reason, owned only by someone who can see the case, and gone from "Your work" when done."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.framework import selectors, services
from faircase.framework.models import FollowUp
from faircase.framework.tests.test_reviews import complete_review

TODAY = dt.date(2026, 11, 16)
pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _values(answer, owner, *, note="", action="Look into it", due=TODAY + dt.timedelta(days=14), **extra):
    values = {"answer": answer, "note": note, **extra}
    if answer in ("no", "unknown"):
        values.update(follow_up_action=action, follow_up_owner=owner, follow_up_due_on=due)
    return values


def _consideration(review, code):
    return next(c for c in selectors.considerations_for(review) if c.code == code)


def _answer(case, by, point, code, answer, **extra):
    """Start a review at `point`, answer one consideration, leave it in progress."""
    review = services.start_review(case=case, review_point=point, by=by)
    consideration = _consideration(review, code)
    services.save_answers(review=review, answers={consideration.pk: _values(answer, by, **extra)}, by=by)
    return review


def _open(case):
    return list(selectors.open_follow_ups(case).order_by("code"))


# ---- one open follow-up per consideration and case --------------------------------------------------------------


def test_a_later_review_adds_to_the_open_follow_ups_instead_of_duplicating_them(case, case_manager):
    unknowns = {"WS2": "no", "UI3": "unknown", "UI4": "unknown", "EP4": "unknown"}
    complete_review(case, case_manager, overrides=unknowns)
    assert len(_open(case)) == 4
    case_services.move_stage(
        case=case,
        to_stage="initial_assessment",
        decision="Assess",
        reasons="Facts",
        open_follow_ups_reason="In hand",
        by=case_manager,
    )
    complete_review(case, case_manager, point="route", overrides=unknowns)

    follow_ups = _open(case)
    assert len(follow_ups) == 4, "the route review's answers join the follow-ups already open"
    for follow_up in follow_ups:
        history = selectors.follow_up_history(follow_up)
        assert [entry.review_point for entry in history] == ["commencement", "route"]


def test_the_later_answer_and_its_note_are_kept_against_the_same_follow_up(case, case_manager):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    first = _open(case)[0]
    review = _answer(
        case, case_manager, "ad_hoc", "UI3", "no", note="The rota shows one registrar for three wards."
    )
    assert _open(case) == [first]
    answer = review.answers.get()
    assert answer.follow_up == first
    history = selectors.follow_up_history(first)
    assert [(e.answer, e.note) for e in history][-1] == (
        "no",
        "The rota shows one registrar for three wards.",
    )


def test_a_later_no_may_change_what_will_be_done_who_does_it_and_by_when(case, case_manager, organisation):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    adviser = member(organisation, "hr_adviser", username="hra", full_name="Harriet Adviser")
    review = services.start_review(case=case, review_point="ad_hoc", by=case_manager)
    consideration = _consideration(review, "UI3")
    values = _values("no", adviser, action="Ask the site manager", due=TODAY + dt.timedelta(days=3))
    services.save_answers(review=review, answers={consideration.pk: values}, by=case_manager)
    (follow_up,) = _open(case)
    assert (follow_up.action, follow_up.owner, follow_up.due_on) == (
        "Ask the site manager",
        adviser,
        TODAY + dt.timedelta(days=3),
    )


def test_the_database_refuses_a_second_open_follow_up_for_a_consideration(case, case_manager):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    assert len(_open(case)) == 1
    other = complete_review(case, case_manager, point="ad_hoc").answers.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        FollowUp.objects.create(
            case=case,
            code="UI3",
            answer=other,
            action="A duplicate",
            owner=case_manager,
            due_on=TODAY,
        )


def test_a_closed_follow_up_does_not_block_a_new_one(case, case_manager):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    (first,) = _open(case)
    services.close_follow_up(follow_up=first, outcome="The rota was found.", by=case_manager)
    complete_review(case, case_manager, point="ad_hoc", overrides={"UI3": "no"})
    (second,) = _open(case)
    assert second != first


# ---- a later "yes" offers to close it, with a reason -------------------------------------------------------------


def test_a_later_yes_closes_the_follow_up_with_the_reason_given(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    (follow_up,) = _open(case)
    review = _answer(
        case,
        case_manager,
        "ad_hoc",
        "UI4",
        "yes",
        close_follow_up=True,
        close_reason="Medical staffing confirmed no local induction took place.",
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.CLOSED
    assert follow_up.outcome == "Medical staffing confirmed no local induction took place."
    assert follow_up.closed_by_answer == review.answers.get()
    assert _open(case) == []


def test_a_yes_that_closes_a_follow_up_needs_a_reason(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    review = services.start_review(case=case, review_point="ad_hoc", by=case_manager)
    consideration = _consideration(review, "UI4")
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            review=review,
            answers={consideration.pk: _values("yes", case_manager, close_follow_up=True, close_reason=" ")},
            by=case_manager,
        )
    assert error.value.message_dict[f"c{consideration.pk}-close_reason"] == [
        "Say why the follow-up for UI4 can close"
    ]


def test_a_later_yes_left_open_keeps_the_follow_up_and_says_so_in_its_history(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    (follow_up,) = _open(case)
    _answer(case, case_manager, "ad_hoc", "UI4", "yes")
    assert _open(case) == [follow_up]
    last = selectors.follow_up_history(follow_up)[-1]
    assert (last.answer, last.left_open) == ("yes", True)


def test_changing_the_yes_back_to_no_before_completing_reopens_the_follow_up(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    (follow_up,) = _open(case)
    review = _answer(
        case, case_manager, "ad_hoc", "UI4", "yes", close_follow_up=True, close_reason="Found out."
    )
    consideration = _consideration(review, "UI4")
    services.save_answers(
        review=review, answers={consideration.pk: _values("no", case_manager)}, by=case_manager
    )
    assert _open(case) == [follow_up]
    follow_up.refresh_from_db()
    assert follow_up.outcome == "" and follow_up.closed_by_answer is None


def test_changing_a_draft_no_to_yes_withdraws_only_a_follow_up_this_review_opened(case, case_manager):
    complete_review(case, case_manager, overrides={"UI4": "unknown"})
    (earlier,) = _open(case)
    review = _answer(case, case_manager, "ad_hoc", "UI4", "no")
    consideration = _consideration(review, "UI4")
    services.save_answers(review=review, answers={consideration.pk: {"answer": "yes"}}, by=case_manager)
    assert _open(case) == [earlier], "the earlier follow-up stays; only this review's own addition goes"


# ---- nobody excluded from a case owns its work ----------------------------------------------------------------


@pytest.fixture
def conflicted(organisation, case, case_manager):
    person = member(organisation, "case_manager", username="conflicted", full_name="Connie Flicted")
    return person


def test_someone_excluded_from_the_case_cannot_be_given_a_follow_up(case, case_manager, conflicted):
    case_services.exclude_for_conflict(case=case, user=conflicted, reason="Trained them", by=case_manager)
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    consideration = _consideration(review, "UI3")
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            review=review, answers={consideration.pk: _values("unknown", conflicted)}, by=case_manager
        )
    assert error.value.message_dict[f"c{consideration.pk}-follow_up_owner"] == [
        "Connie Flicted is excluded from this case for a conflict of interest, so cannot own its "
        "follow-ups: choose someone else"
    ]


def test_someone_who_cannot_see_the_case_cannot_own_a_follow_up(case, case_manager, organisation):
    analyst = member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    consideration = _consideration(review, "UI3")
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            review=review, answers={consideration.pk: _values("unknown", analyst)}, by=case_manager
        )
    assert (
        "Ana Lyst cannot see this case" in error.value.message_dict[f"c{consideration.pk}-follow_up_owner"][0]
    )


def test_the_owner_choices_leave_out_people_excluded_from_the_case(case, case_manager, conflicted, signed_in):
    case_services.exclude_for_conflict(case=case, user=conflicted, reason="Trained them", by=case_manager)
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    url = reverse(
        "reviews:principle", kwargs={"case_id": case.pk, "review_id": review.pk, "principle": "understanding"}
    )
    html = signed_in(case_manager).get(url).content.decode()
    assert "Casey Manager" in html
    assert "Connie Flicted" not in html


def test_excluding_someone_who_owns_open_follow_ups_asks_who_takes_them_over(
    case, case_manager, conflicted, organisation
):
    complete_review(case, case_manager, overrides={"UI3": "unknown", "UI4": "unknown"})
    for follow_up in _open(case):
        services.reassign_follow_up(follow_up=follow_up, owner=conflicted, by=case_manager)
    with pytest.raises(ValidationError) as error:
        case_services.exclude_for_conflict(case=case, user=conflicted, reason="Trained them", by=case_manager)
    assert error.value.message_dict["take_over_by"] == [
        "Connie Flicted owns 2 open follow-ups on this case (UI3, UI4): choose who takes them over"
    ]
    assert not case.exclusions.exists(), "nothing is recorded until someone takes them over"

    case_services.exclude_for_conflict(
        case=case, user=conflicted, reason="Trained them", take_over_by=case_manager, by=case_manager
    )
    assert {f.owner for f in _open(case)} == {case_manager}
    from faircase.access.scopes import people_with_access

    assert conflicted not in people_with_access(case)


def test_the_person_taking_over_must_be_able_to_see_the_case(case, case_manager, conflicted, organisation):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    services.reassign_follow_up(follow_up=_open(case)[0], owner=conflicted, by=case_manager)
    analyst = member(organisation, "equality_analyst", username="analyst", full_name="Ana Lyst")
    with pytest.raises(ValidationError) as error:
        case_services.exclude_for_conflict(
            case=case, user=conflicted, reason="Trained them", take_over_by=analyst, by=case_manager
        )
    assert "Ana Lyst cannot see this case" in error.value.message_dict["take_over_by"][0]
    with pytest.raises(ValidationError):
        case_services.exclude_for_conflict(
            case=case, user=conflicted, reason="Trained them", take_over_by=conflicted, by=case_manager
        )


def test_the_exclusion_page_hands_the_follow_ups_over_in_the_same_step(
    case, case_manager, conflicted, signed_in
):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    services.reassign_follow_up(follow_up=_open(case)[0], owner=conflicted, by=case_manager)
    client = signed_in(case_manager)
    url = reverse("cases:exclude_person", kwargs={"case_id": case.pk})
    refused = client.post(url, {"user": conflicted.pk, "reason": "Trained them"})
    assert refused.status_code == 200
    assert "choose who takes them over" in refused.content.decode()
    done = client.post(
        url, {"user": conflicted.pk, "reason": "Trained them", "take_over_by": case_manager.pk}
    )
    assert done.status_code == 302
    assert _open(case)[0].owner == case_manager


# ---- "Your work" ------------------------------------------------------------------------------------------------


def test_your_work_links_straight_to_the_follow_up(case, case_manager, signed_in):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    (follow_up,) = _open(case)
    html = signed_in(case_manager).get(reverse("cases:home")).content.decode()
    page = reverse("reviews:follow_up", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk})
    assert f'href="{page}"' in html


def test_the_follow_up_page_shows_its_history_and_what_can_be_done(case, case_manager, signed_in):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    (follow_up,) = _open(case)
    _answer(case, case_manager, "ad_hoc", "UI3", "no", note="Still waiting for the rota.")
    html = (
        signed_in(case_manager)
        .get(reverse("reviews:follow_up", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk}))
        .content.decode()
    )
    assert "Still waiting for the rota." in html
    assert (
        reverse("reviews:close_follow_up", kwargs={"case_id": case.pk, "follow_up_id": follow_up.pk}) in html
    )


def test_your_work_leaves_out_the_follow_ups_of_a_closed_case(case, case_manager, signed_in):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    from faircase.cases.models import Case

    Case.objects.filter(pk=case.pk).update(closed_at="2026-11-16T09:00:00Z")
    assert list(selectors.follow_ups_owned_by(case_manager)) == []


def test_a_follow_up_can_be_carried_beyond_the_case_with_a_reason(case, case_manager):
    complete_review(case, case_manager, overrides={"EP6": "unknown"})
    (follow_up,) = _open(case)
    with pytest.raises(ValidationError):
        services.carry_follow_up(follow_up=follow_up, reason="", by=case_manager)
    services.carry_follow_up(
        follow_up=follow_up, reason="Handed to the appraiser for the next appraisal.", by=case_manager
    )
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUp.Status.CARRIED
    assert follow_up.outcome == "Handed to the appraiser for the next appraisal."
    assert _open(case) == []
