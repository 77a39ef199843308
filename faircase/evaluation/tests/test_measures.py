"""Each measure against a small dataset built through the product's services, the expected numbers worked out by
hand below. The period is 1 April to 30 September 2026; the organisation adopted the framework on 1 April 2026, so
the period before is the 183 days ending 31 March 2026 (30 September 2025 to 31 March 2026)."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from faircase.cases import services as case_services
from faircase.cases.tests.factories import concern_fields, open_case, tell_practitioner
from faircase.evaluation import measures
from faircase.framework import selectors as framework_selectors
from faircase.framework import services as framework_services
from faircase.framework.tests.test_reviews import complete_review
from faircase.practitioners.models import ConfidenceResponse, ExperienceResponse, Invitation
from faircase.process import clock
from faircase.process.models import Restriction, RestrictionPeriod

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(11, 0), tzinfo=dt.UTC), tick=False)


def move(case, to_stage, by, **extra):
    return case_services.move_stage(
        case=case,
        to_stage=to_stage,
        decision=f"Move to {to_stage}",
        reasons="As the review found.",
        by=by,
        **extra,
    )


def close(case, by, outcome):
    tell_practitioner(case, by)
    move(case, "closed", by, outcome=outcome)


@pytest.fixture(autouse=True)
def after_the_period():
    """Read after the period has ended (a deadline still to come is not counted as missed)."""
    with at(dt.date(2026, 10, 15)):
        yield


@pytest.fixture
def dataset(organisation, case_manager):
    """Cases A to D (see the module docstring for the period)."""
    organisation.framework_adopted_on = START
    organisation.save()
    cases = {}
    # C: opened before adoption, its commencement review in the period before; excluded in the period.
    with at(dt.date(2026, 3, 1)):
        c = cases["C"] = open_case(
            organisation=organisation, by=case_manager, concern=concern_fields(raised_on=dt.date(2026, 3, 1))
        )
        complete_review(c, case_manager)
    # A: raised 8 April, every consideration answered; informal route; closed 9 May (32 days, both counted).
    with at(dt.date(2026, 4, 10)):
        a = cases["A"] = open_case(
            organisation=organisation, by=case_manager, concern=concern_fields(raised_on=dt.date(2026, 4, 8))
        )
        complete_review(a, case_manager)
        move(a, "initial_assessment", case_manager)
    with at(dt.date(2026, 4, 11)):  # a review counts for a move only when taken after the move before it
        complete_review(a, case_manager, point="route")
        move(a, "informal_resolution", case_manager)
    with at(dt.date(2026, 5, 9)):
        complete_review(a, case_manager, point="closure")
        close(a, case_manager, "informal_resolution")
    # D: raised 2 April, closed at assessment on 30 April (29 days).
    with at(dt.date(2026, 4, 5)):
        d = cases["D"] = open_case(
            organisation=organisation, by=case_manager, concern=concern_fields(raised_on=dt.date(2026, 4, 2))
        )
        complete_review(d, case_manager)
    with at(dt.date(2026, 4, 30)):
        complete_review(d, case_manager, point="closure")
        close(d, case_manager, "no_case_to_answer")
    # B: "Understanding the issues" left unknown (UI3): its follow-up is resolved on 1 May. Then moved on after an
    # ad hoc review, not the commencement review that move asks for.
    with at(dt.date(2026, 4, 20)):
        b = cases["B"] = open_case(
            organisation=organisation, by=case_manager, concern=concern_fields(raised_on=dt.date(2026, 4, 20))
        )
        complete_review(b, case_manager, overrides={"UI3": "unknown"})
    with at(dt.date(2026, 5, 1)):
        (follow_up,) = framework_selectors.open_follow_ups(b)
        framework_services.close_follow_up(
            follow_up=follow_up, outcome="The rota was checked.", by=case_manager
        )
        complete_review(b, case_manager, point="ad_hoc")
        move(b, "initial_assessment", case_manager, open_follow_ups_reason="")
    # C's exclusion: 1 May to 10 July (71 days); period 1 reviewed on time, period 2 late.
    exclusion = Restriction.objects.create(
        case=c,
        kind="formal_exclusion",
        started_on=dt.date(2026, 5, 1),
        ended_on=dt.date(2026, 7, 10),
        terms="Excluded from clinical duties.",
        reasons="To protect patients while the concern is investigated.",
        advice_not_consulted_reason="Advice taken from the case manager's director.",
        recorded_by=case_manager,
    )
    for number, starts, ends, reviewed in (
        (1, dt.date(2026, 5, 1), dt.date(2026, 5, 28), dt.date(2026, 5, 27)),
        (2, dt.date(2026, 5, 29), dt.date(2026, 6, 25), dt.date(2026, 6, 30)),
    ):
        RestrictionPeriod.objects.create(
            restriction=exclusion, number=number, starts_on=starts, ends_on=ends, reviewed_on=reviewed
        )
    # C's practitioner accepted a portal invitation in June.
    Invitation.objects.create(
        practitioner=c.practitioner,
        case=c,
        email="imaginary@example.org",
        token_hash="0" * 64,
        expires_at=timezone.now(),
        used_at=dt.datetime(2026, 6, 2, 9, 0, tzinfo=dt.UTC),
        invited_by=case_manager,
    )
    # Surveys: six experience answers in the period (4, 5, 2, 4, 3, 5: four agree), one in March (before).
    for month, answer in [
        (dt.date(2026, m, 1), a) for m, a in zip((4, 5, 6, 7, 8, 9), (4, 5, 2, 4, 3, 5), strict=True)
    ] + [(dt.date(2026, 3, 1), 5)]:
        ExperienceResponse.objects.create(
            organisation=organisation,
            point="closure",
            month=month,
            communication=answer,
            support_awareness=answer,
            process_understanding=answer,
            fairness=6 - answer,  # the mirror: 2, 1, 4, 2, 3, 1 agree once in the period
        )
    # Confidence: three ratings in the period (4, 2, 5: two confident).
    for answer in (4, 2, 5):
        ConfidenceResponse.objects.create(
            organisation=organisation, review_point="route", month=dt.date(2026, 6, 1), confidence=answer
        )
    return cases


def test_each_measure_counts_what_its_definition_says(dataset, organisation):
    counts = measures.raw_counts(organisation, START, END)
    assert counts["commencement_context_answered"] == (
        2,
        3,
    )  # A and D answered everything; B left UI3 unknown
    assert counts["understanding_follow_ups_resolved"] == (1, 1)  # B's UI3, closed 1 May
    # Moves in the period: A three (each with its own review point), D one (closure), B one after an ad hoc review.
    assert counts["reviews_at_required_points"] == (4, 5)
    assert counts["exclusion_reviews_on_time"] == (1, 2)
    assert counts["cases_with_exclusion"] == (1, 4)  # A, B, C, D were open in the period; C was excluded
    assert counts["exclusion_days"] == (71, 1)
    assert counts["portal_use"] == (1, 4)
    assert counts["survey_communication"] == (4, 6)
    assert counts["survey_support_awareness"] == (4, 6)
    assert counts["survey_process_understanding"] == (4, 6)
    assert counts["survey_fairness"] == (1, 6)
    assert counts["decision_confidence"] == (2, 3)
    assert counts["resolved_without_formal_process"] == (2, 2)  # A informally, D at assessment
    assert counts["resolution_days_informal"] == (32, 1)
    assert counts["resolution_days_early"] == (29, 1)
    assert counts["resolution_days_formal"] == (0, 0)


def test_the_period_before_adoption_is_as_long_and_ends_the_day_before(dataset, organisation):
    assert measures.before_period(START, START, END) == (dt.date(2025, 9, 30), dt.date(2026, 3, 31))
    before = measures.raw_counts(organisation, dt.date(2025, 9, 30), dt.date(2026, 3, 31))
    assert before["commencement_context_answered"] == (1, 1)  # C, on 1 March
    assert before["survey_communication"] == (1, 1)
    assert measures.before_period(START, dt.date(2026, 3, 1), END) is None  # starts before adoption
    assert measures.before_period(None, START, END) is None


def test_deadlines_met_are_the_one_clocks_deadlines_due_in_the_period(dataset, organisation):
    from faircase.cases.models import Case

    cases = Case.objects.for_system("statistics").filter(organisation=organisation)
    deadlines = [
        d
        for d in clock.deadlines_for_cases(cases, today=END, include_closed=True)
        if START <= d.due_on <= END and not (d.status == clock.DONE and d.met_on is None)
    ]
    met = [d for d in deadlines if d.met_on is not None and d.met_on <= d.due_on]
    assert deadlines, "the dataset should have deadlines falling due in the period"
    assert measures.raw_counts(organisation, START, END)["deadlines_met"] == (len(met), len(deadlines))


def test_the_published_evaluation_leaves_out_small_numbers(dataset, organisation):
    evaluation = measures.build_evaluation(organisation, START, END)
    by_key = {m.key: m for m in evaluation.measures}
    communication = by_key["survey_communication"]  # 4 agree, 2 do not: both small, the total (6) shown
    assert (communication.numerator, communication.denominator, communication.value) == (None, 6, None)
    assert communication.suppressed
    # Closed: one early, one informal, none formal. The small routes leave out every route, even the 0.
    assert [by_key[k].denominator for k in ("resolution_days_early", "resolution_days_formal")] == [
        None,
        None,
    ]
    assert by_key["resolved_without_formal_process"].denominator is None  # 2 closed in all
    deadlines = by_key["deadlines_met"]
    assert deadlines.suppressed == (deadlines.numerator is None)
    assert evaluation.before_period == (dt.date(2025, 9, 30), dt.date(2026, 3, 31))
    assert all(m.before is not None for m in evaluation.measures)


def test_a_period_that_ends_before_it_starts_is_refused(organisation):
    with pytest.raises(measures.EvaluationError, match="must end on or after the day it starts"):
        measures.raw_counts(organisation, END, START)
