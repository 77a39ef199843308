import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.cases import services as case_services
from faircase.cases.tests.factories import tell_practitioner
from faircase.framework import selectors, services
from faircase.framework.models import FollowUp, Review


def _answers(review, *, owner, overrides=None):
    overrides = overrides or {}
    answers = {}
    for c in selectors.considerations_for(review):
        answer = overrides.get(c.code, "yes")
        values = {"answer": answer, "note": ""}
        if answer in ("no", "unknown"):
            values.update(
                follow_up_action=f"Look into {c.code}",
                follow_up_owner=owner,
                follow_up_due_on=timezone.localdate() + dt.timedelta(days=14),
            )
        if answer == "not_applicable":
            values["note"] = "Does not apply because the practitioner is not restricted."
        answers[c.pk] = values
    return answers


def complete_review(case, by, point="commencement", overrides=None):
    review = services.start_review(case=case, review_point=point, by=by)
    services.save_answers(review=review, answers=_answers(review, owner=by, overrides=overrides), by=by)
    return services.complete_review(review=review, by=by)


def test_a_no_or_unknown_opens_a_follow_up(case, case_manager):
    review = complete_review(case, case_manager, overrides={"UI4": "unknown", "WS2": "no"})
    follow_ups = FollowUp.objects.filter(case=case).select_related("answer__consideration")
    assert sorted(f.answer.consideration.code for f in follow_ups) == ["UI4", "WS2"]
    assert review.is_locked


def test_a_no_without_a_follow_up_is_refused(case, case_manager):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    consideration = selectors.considerations_for(review)[0]
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            review=review, answers={consideration.pk: {"answer": "no", "note": ""}}, by=case_manager
        )
    assert f"c{consideration.pk}-follow_up_action" in error.value.message_dict
    assert not review.answers.exists()


def test_not_applicable_needs_a_reason(case, case_manager):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    consideration = selectors.considerations_for(review)[0]
    with pytest.raises(ValidationError) as error:
        services.save_answers(
            review=review, answers={consideration.pk: {"answer": "not_applicable"}}, by=case_manager
        )
    assert f"c{consideration.pk}-note" in error.value.message_dict


def test_changing_a_draft_answer_to_yes_withdraws_its_follow_up(case, case_manager):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    consideration = selectors.considerations_for(review)[0]
    no = _answers(review, owner=case_manager, overrides={consideration.code: "no"})[consideration.pk]
    services.save_answers(review=review, answers={consideration.pk: no}, by=case_manager)
    assert FollowUp.objects.count() == 1
    services.save_answers(review=review, answers={consideration.pk: {"answer": "yes"}}, by=case_manager)
    assert FollowUp.objects.count() == 0


def test_a_review_can_be_saved_part_done_but_not_completed(case, case_manager):
    review = services.start_review(case=case, review_point="commencement", by=case_manager)
    first = selectors.considerations_for(review)[0]
    services.save_answers(review=review, answers={first.pk: {"answer": "yes"}}, by=case_manager)
    with pytest.raises(ValidationError) as error:
        services.complete_review(review=review, by=case_manager)
    assert "Still to answer" in error.value.messages[0]
    review.refresh_from_db()
    assert not review.is_locked


def test_a_completed_review_is_locked_and_a_correction_keeps_the_original(case, case_manager):
    original = complete_review(case, case_manager)
    first = selectors.considerations_for(original)[0]
    with pytest.raises(ValidationError):
        services.save_answers(review=original, answers={first.pk: {"answer": "yes"}}, by=case_manager)
    correction = services.start_review(case=case, review_point="ad_hoc", corrects=original, by=case_manager)
    assert correction.review_point == "commencement"
    assert correction.corrects == original
    assert Review.objects.filter(case=case).count() == 2


def test_the_case_cannot_move_before_the_commencement_review(case, case_manager):
    with pytest.raises(ValidationError) as error:
        case_services.move_stage(
            case=case, to_stage="initial_assessment", decision="Assess", reasons="Because", by=case_manager
        )
    assert "commencement review" in " ".join(error.value.messages)
    case.refresh_from_db()
    assert case.stage == "concern_received"


def test_moving_with_open_follow_ups_needs_a_reason_that_is_kept(case, case_manager):
    complete_review(case, case_manager, overrides={"UI3": "unknown"})
    with pytest.raises(ValidationError) as error:
        case_services.move_stage(
            case=case, to_stage="initial_assessment", decision="Assess", reasons="Facts", by=case_manager
        )
    assert "open_follow_ups_reason" in error.value.message_dict
    move = case_services.move_stage(
        case=case,
        to_stage="initial_assessment",
        decision="Assess",
        reasons="Facts",
        open_follow_ups_reason="Context inquiry runs alongside",
        by=case_manager,
    )
    assert move.open_follow_ups == 1
    assert move.open_follow_ups_reason == "Context inquiry runs alongside"


def test_every_move_asks_for_a_review_since_the_last_one(case, case_manager):
    complete_review(case, case_manager)
    case_services.move_stage(
        case=case, to_stage="initial_assessment", decision="Assess", reasons="Facts", by=case_manager
    )
    with pytest.raises(ValidationError) as error:
        case_services.move_stage(
            case=case, to_stage="informal_resolution", decision="Local", reasons="Minor", by=case_manager
        )
    assert "framework review" in " ".join(error.value.messages)
    complete_review(case, case_manager, point="route")
    case_services.move_stage(
        case=case, to_stage="informal_resolution", decision="Local", reasons="Minor", by=case_manager
    )


def test_a_move_the_workflow_does_not_allow_is_refused(case, case_manager):
    complete_review(case, case_manager)
    with pytest.raises(ValidationError):
        case_services.move_stage(case=case, to_stage="appeal", decision="x", reasons="y", by=case_manager)


def test_closing_a_case_needs_an_outcome(case, case_manager):
    complete_review(case, case_manager)
    with pytest.raises(ValidationError) as error:
        case_services.move_stage(
            case=case, to_stage="closed", decision="Close", reasons="No case", by=case_manager
        )
    assert "outcome" in error.value.message_dict
    tell_practitioner(case, case_manager)
    case_services.move_stage(
        case=case,
        to_stage="closed",
        decision="Close",
        reasons="No case",
        outcome="no_case_to_answer",
        by=case_manager,
    )
    case.refresh_from_db()
    assert case.is_closed
