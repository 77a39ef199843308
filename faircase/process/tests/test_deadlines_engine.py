"""Deadlines from key dates, restrictions and their periods, in the pack's nation's calendar. Time is controlled
with time-machine in every test."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases.models import Case
from faircase.cases.tests.factories import open_case
from faircase.process.clock import deadlines_for_case, deadlines_for_cases
from faircase.process.models import AdviceContact, KeyDate, Restriction, RestrictionPeriod

pytestmark = pytest.mark.django_db


def _key_date(case, event, on, by):
    return KeyDate.objects.create(case=case, event=event, on=on, recorded_by=by)


def _one(deadlines, rule_key):
    found = [d for d in deadlines if d.rule.key == rule_key]
    assert len(found) == 1, [d.key for d in deadlines]
    return found[0]


def _exclusion(case, by, *, kind="formal_exclusion", started_on, **fields):
    return Restriction.objects.create(
        case=case,
        kind=kind,
        started_on=started_on,
        terms="Excluded from the workplace",
        reasons="To protect the investigation",
        recorded_by=by,
        **fields,
    )


def _periods(restriction, first_start, count):
    periods = []
    for number in range(1, count + 1):
        starts = first_start + dt.timedelta(weeks=4 * (number - 1))
        periods.append(
            RestrictionPeriod.objects.create(
                restriction=restriction,
                number=number,
                starts_on=starts,
                ends_on=starts + dt.timedelta(days=27),
            )
        )
    return periods


@time_machine.travel(dt.datetime(2026, 12, 21, 10, tzinfo=dt.UTC), tick=False)
def test_comments_due_ten_working_days_after_a_report_shared_before_christmas_in_england(case, case_manager):
    # 18 Dec 2026 is a Friday. 25 and 28 December and 1 January are bank holidays (Boxing Day, a Saturday, is
    # substituted by Monday 28th), so the tenth working day is Wednesday 6 January 2027.
    _key_date(case, "report_shared", dt.date(2026, 12, 18), case_manager)
    deadline = _one(deadlines_for_case(case, today=timezone.localdate()), "practitioner_comments")
    assert deadline.due_on == dt.date(2027, 1, 6)
    assert deadline.starts_on == dt.date(2026, 12, 18)
    assert (deadline.status, deadline.verified) == ("upcoming", False)
    assert deadline.source.startswith("MHPS Part I")


@time_machine.travel(dt.datetime(2026, 12, 21, 10, tzinfo=dt.UTC), tick=False)
def test_the_same_report_in_northern_ireland_uses_the_northern_ireland_calendar(case_manager):
    belfast = OrganisationFactory(slug="lagan", nation="northern-ireland")
    manager = member(belfast, "case_manager")
    ni_case = open_case(organisation=belfast, by=manager, policy="mhps_hpss")
    _key_date(ni_case, "report_shared", dt.date(2026, 12, 18), manager)
    deadline = _one(deadlines_for_case(ni_case, today=timezone.localdate()), "practitioner_comments")
    assert deadline.due_on == dt.date(2027, 1, 6)


@time_machine.travel(dt.datetime(2027, 3, 10, 10, tzinfo=dt.UTC), tick=False)
def test_st_patricks_day_moves_a_northern_ireland_deadline_but_not_an_english_one(case, case_manager):
    belfast = OrganisationFactory(slug="lagan", nation="northern-ireland")
    manager = member(belfast, "case_manager")
    ni_case = open_case(organisation=belfast, by=manager, policy="mhps_hpss")
    for c, by in ((case, case_manager), (ni_case, manager)):
        _key_date(c, "report_shared", dt.date(2027, 3, 10), by)
    today = timezone.localdate()
    assert _one(deadlines_for_case(case, today=today), "practitioner_comments").due_on == dt.date(2027, 3, 24)
    assert _one(deadlines_for_case(ni_case, today=today), "practitioner_comments").due_on == dt.date(
        2027, 3, 25
    )


def test_a_deadline_is_upcoming_then_due_then_overdue_and_done_once_met(case, case_manager):
    _key_date(case, "report_shared", dt.date(2026, 12, 18), case_manager)
    statuses = {}
    for day in (dt.date(2026, 12, 21), dt.date(2026, 12, 30), dt.date(2027, 1, 6), dt.date(2027, 1, 7)):
        with time_machine.travel(dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC), tick=False):
            deadline = _one(deadlines_for_case(case, today=timezone.localdate()), "practitioner_comments")
            statuses[day] = deadline.status
    assert list(statuses.values()) == ["upcoming", "due", "due", "overdue"]
    _key_date(case, "practitioner_comments_received", dt.date(2027, 1, 8), case_manager)
    with time_machine.travel(dt.datetime(2027, 1, 11, 9, tzinfo=dt.UTC), tick=False):
        deadline = _one(deadlines_for_case(case, today=timezone.localdate()), "practitioner_comments")
    assert (deadline.status, deadline.met_on) == ("done", dt.date(2027, 1, 8))


@time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False)
def test_capability_hearing_notice_is_counted_back_in_working_days_from_the_hearing_date(case, case_manager):
    _key_date(case, "capability_hearing_date", dt.date(2027, 2, 5), case_manager)
    deadlines = deadlines_for_case(case, today=timezone.localdate())
    notice = _one(deadlines, "capability_hearing_notice")
    assert notice.due_on == dt.date(2027, 1, 8)  # 20 working days before Friday 5 February 2027
    assert notice.status == "due"
    assert _one(deadlines, "capability_hearing_documents").due_on == dt.date(2027, 1, 22)


@time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False)
def test_a_conduct_hearing_gets_no_capability_timescales_and_its_appeal_none_either(case, case_manager):
    """Seen: MHPS Part IV's capability timescales were applied to every hearing, conduct hearings included."""
    _key_date(case, "hearing_date", dt.date(2027, 2, 5), case_manager)
    _key_date(case, "decision_confirmed", dt.date(2027, 1, 4), case_manager)
    keys = {d.rule.key for d in deadlines_for_case(case, today=timezone.localdate())}
    assert not keys & {"capability_hearing_notice", "capability_hearing_documents", "appeal_lodged"}
    _key_date(case, "capability_hearing_date", dt.date(2026, 12, 1), case_manager)
    appeal = _one(deadlines_for_case(case, today=timezone.localdate()), "appeal_lodged")
    assert appeal.due_on == dt.date(2027, 2, 8)  # 25 working days after Monday 4 January 2027


@time_machine.travel(dt.datetime(2027, 2, 2, 9, tzinfo=dt.UTC), tick=False)
def test_a_lapsed_formal_exclusion_review_is_overdue_with_the_right_to_return_warning(case, case_manager):
    exclusion = _exclusion(case, case_manager, started_on=dt.date(2026, 12, 28))
    first, second = _periods(exclusion, dt.date(2026, 12, 28), 2)
    first.reviewed_on = dt.date(2027, 1, 22)
    first.save()
    deadlines = deadlines_for_case(case, today=timezone.localdate())
    reviews = [d for d in deadlines if d.rule.key == "formal_exclusion_review"]
    assert [(d.period_number, d.due_on, d.status) for d in reviews] == [
        (1, dt.date(2027, 1, 24), "done"),
        (2, dt.date(2027, 2, 21), "upcoming"),
    ]
    second.ends_on = dt.date(2027, 2, 1)  # the second period was set shorter and its review has lapsed
    second.save()
    lapsed = next(
        d
        for d in deadlines_for_case(case, today=timezone.localdate())
        if d.rule.key == "formal_exclusion_review" and d.period_number == 2
    )
    assert (lapsed.due_on, lapsed.status, lapsed.verified) == (dt.date(2027, 2, 1), "overdue", True)
    assert "right to return to work" in lapsed.detail
    assert lapsed.restriction_id == exclusion.pk
    assert lapsed.key == f"{case.pk}:formal_exclusion_review:r{exclusion.pk}-p2"


@time_machine.travel(dt.datetime(2027, 3, 1, 9, tzinfo=dt.UTC), tick=False)
def test_advice_is_due_before_the_exclusion_goes_beyond_three_periods_not_when_the_third_starts(
    case, case_manager
):
    """Seen: the rule fired when the third period started (8 weeks), though its own text said 12 weeks."""
    exclusion = _exclusion(case, case_manager, started_on=dt.date(2027, 1, 4))
    _periods(exclusion, dt.date(2027, 1, 4), 3)  # period 3 runs from 1 to 28 March 2027
    today = timezone.localdate()
    prompts = [d for d in deadlines_for_case(case, today=today) if d.rule.key == "advice_third_period"]
    # Three periods of four weeks from 4 January, the first day counted, end on 28 March: 12 weeks.
    assert [(p.period_number, p.due_on, p.status) for p in prompts] == [(3, dt.date(2027, 3, 28), "upcoming")]
    report = _one(deadlines_for_case(case, today=today), "chief_executive_third_review")
    assert (report.due_on, report.verified) == (dt.date(2027, 3, 28), False)
    with time_machine.travel(dt.datetime(2027, 3, 29, 9, tzinfo=dt.UTC), tick=False):
        assert (
            _one(deadlines_for_case(case, today=timezone.localdate()), "advice_third_period").status
            == "overdue"
        )
        AdviceContact.objects.create(
            case=case,
            contacted_on=dt.date(2027, 3, 2),
            adviser="A Fictional Adviser",
            question="Continue?",
            advice="Review the terms",
            recorded_by=case_manager,
        )
        prompt = _one(deadlines_for_case(case, today=timezone.localdate()), "advice_third_period")
    assert (prompt.status, prompt.met_on) == ("done", dt.date(2027, 3, 2))


@time_machine.travel(dt.datetime(2027, 7, 6, 9, tzinfo=dt.UTC), tick=False)
def test_during_a_criminal_investigation_the_six_month_mark_becomes_a_six_monthly_review(case, case_manager):
    """Seen: the six-month mark used 26 weeks and switched off entirely in criminal cases."""
    _exclusion(case, case_manager, started_on=dt.date(2027, 1, 4))
    mark = _one(deadlines_for_case(case, today=timezone.localdate()), "exclusion_six_months")
    # Six calendar months from 4 January, the first day counted: 3 July (26 weeks would give 4 July).
    assert (mark.due_on, mark.status) == (dt.date(2027, 7, 3), "overdue")
    Restriction.objects.filter(case=case).update(criminal_investigation=True)
    deadlines = deadlines_for_case(case, today=timezone.localdate())
    assert not [d for d in deadlines if d.rule.key == "exclusion_six_months"]
    reviews = [d for d in deadlines if d.rule.key == "exclusion_six_monthly_criminal"]
    assert [(d.due_on, d.status) for d in reviews] == [
        (dt.date(2027, 7, 3), "done"),
        (dt.date(2028, 1, 3), "upcoming"),
    ]
    assert reviews[1].title.endswith("(12 months)")


@time_machine.travel(dt.datetime(2027, 1, 20, 9, tzinfo=dt.UTC), tick=False)
def test_an_immediate_exclusion_ends_after_two_weeks_its_first_day_counted_and_is_done_once_ended(
    case, case_manager
):
    immediate = _exclusion(case, case_manager, kind="immediate_exclusion", started_on=dt.date(2027, 1, 4))
    RestrictionPeriod.objects.create(
        restriction=immediate, number=1, starts_on=dt.date(2027, 1, 4), ends_on=dt.date(2027, 1, 17)
    )
    limit = _one(deadlines_for_case(case, today=timezone.localdate()), "immediate_exclusion_limit")
    assert (limit.due_on, limit.status) == (dt.date(2027, 1, 17), "overdue")
    immediate.ended_on = dt.date(2027, 1, 15)
    immediate.save()
    limit = _one(deadlines_for_case(case, today=timezone.localdate()), "immediate_exclusion_limit")
    assert (limit.status, limit.met_on) == ("done", dt.date(2027, 1, 15))


@time_machine.travel(dt.datetime(2027, 3, 30, 9, tzinfo=dt.UTC), tick=False)
def test_a_performers_list_suspension_needs_oral_hearing_notice_two_working_days_ahead(
    organisation, case_manager
):
    case = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    _exclusion(
        case,
        case_manager,
        kind="pl_suspension",
        started_on=dt.date(2027, 4, 6),
        oral_hearing_on=dt.date(2027, 4, 1),
    )
    notice = _one(deadlines_for_case(case, today=timezone.localdate()), "suspension_oral_hearing_notice")
    # Thursday 1 April 2027: two working days before is Tuesday 30 March (Good Friday is 26 March).
    assert (notice.due_on, notice.status, notice.verified) == (dt.date(2027, 3, 30), "due", True)
    Restriction.objects.filter(case=case).update(oral_hearing_notice_on=dt.date(2027, 3, 29))
    notice = _one(deadlines_for_case(case, today=timezone.localdate()), "suspension_oral_hearing_notice")
    assert (notice.status, notice.met_on) == ("done", dt.date(2027, 3, 29))


@time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_northern_ireland_primary_care_decision_is_due_28_days_after_the_complaint_ended():
    belfast = OrganisationFactory(slug="lagan", nation="northern-ireland")
    manager = member(belfast, "case_manager")
    ni_case = open_case(organisation=belfast, by=manager, policy="family_practitioners_ni")
    _key_date(ni_case, "complaint_concluded", dt.date(2026, 12, 31), manager)
    decision = _one(deadlines_for_case(ni_case, today=timezone.localdate()), "hsc_decide_after_complaint")
    assert (decision.due_on, decision.status, decision.verified) == (dt.date(2027, 1, 28), "overdue", True)


@time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False)
def test_a_closed_case_has_no_deadlines(case, case_manager):
    _key_date(case, "report_shared", dt.date(2026, 12, 18), case_manager)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now())
    case.refresh_from_db()
    assert deadlines_for_case(case, today=timezone.localdate()) == []


@time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False)
def test_deadlines_for_many_cases_take_the_same_number_of_queries_as_for_one(organisation, case_manager):
    def populate(case):
        _key_date(case, "report_shared", dt.date(2026, 12, 18), case_manager)
        exclusion = _exclusion(case, case_manager, started_on=dt.date(2026, 12, 1))
        _periods(exclusion, dt.date(2026, 12, 1), 2)
        AdviceContact.objects.create(
            case=case,
            contacted_on=dt.date(2026, 12, 1),
            adviser="A Fictional Adviser",
            question="?",
            advice="!",
            recorded_by=case_manager,
        )

    first = open_case(organisation=organisation, by=case_manager)
    populate(first)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as one:
        single = deadlines_for_cases(Case.objects.filter(pk=first.pk), today=today)
    for policy in ("mhps_england", "performers_lists", "local", "mhps_england"):
        populate(open_case(organisation=organisation, by=case_manager, policy=policy))
    with CaptureQueriesContext(connection) as many:
        several = deadlines_for_cases(Case.objects.filter(organisation=organisation), today=today)
    assert len(several) > len(single) > 0
    assert len(many.captured_queries) == len(one.captured_queries)
    # The Performers Lists pack has no rule on reports or formal exclusions, so that case has no deadline.
    expected = Case.objects.filter(organisation=organisation).exclude(policy="performers_lists")
    assert {d.case_id for d in several} == set(expected.values_list("pk", flat=True))


# ---- rules release 2 added (the outside review's "missing" list) ----------------------------------------------


def _advice_on(case, by, on):
    return AdviceContact.objects.create(
        case=case, contacted_on=on, adviser="A Fictional Adviser", question="?", advice="!", recorded_by=by
    )


@time_machine.travel(dt.datetime(2027, 1, 8, 9, tzinfo=dt.UTC), tick=False)
def test_advice_is_consulted_about_an_immediate_exclusion_before_it_or_by_the_next_working_day(
    case, case_manager
):
    _exclusion(case, case_manager, kind="immediate_exclusion", started_on=dt.date(2027, 1, 8))  # a Friday
    rule = _one(deadlines_for_case(case, today=timezone.localdate()), "advice_before_immediate_exclusion")
    assert (rule.due_on, rule.status) == (dt.date(2027, 1, 11), "due")
    _advice_on(case, case_manager, dt.date(2026, 12, 20))  # too long before to be about this exclusion
    assert _one(
        deadlines_for_case(case, today=timezone.localdate()), "advice_before_immediate_exclusion"
    ).is_open
    _advice_on(case, case_manager, dt.date(2027, 1, 7))  # the day before: Advice first, as MHPS asks
    rule = _one(deadlines_for_case(case, today=timezone.localdate()), "advice_before_immediate_exclusion")
    assert (rule.status, rule.met_on) == ("done", dt.date(2027, 1, 7))


@time_machine.travel(dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_prolonged_exclusion_is_referred_to_advice_by_its_six_month_mark(case, case_manager):
    _exclusion(case, case_manager, started_on=dt.date(2027, 1, 4))
    _advice_on(
        case, case_manager, dt.date(2027, 1, 4)
    )  # before formal exclusion: not a referral of a prolonged one
    rule = _one(deadlines_for_case(case, today=timezone.localdate()), "prolonged_exclusion_advice")
    assert (rule.due_on, rule.status) == (dt.date(2027, 7, 3), "due")
    _advice_on(case, case_manager, dt.date(2027, 6, 20))
    assert _one(
        deadlines_for_case(case, today=timezone.localdate()), "prolonged_exclusion_advice"
    ).met_on == (dt.date(2027, 6, 20))


@time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=False)
def test_a_regulators_interim_order_makes_suspension_from_the_list_due_at_once(organisation, case_manager):
    case = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    _key_date(case, "interim_suspension_order", dt.date(2027, 3, 1), case_manager)
    rule = _one(deadlines_for_case(case, today=timezone.localdate()), "mandatory_suspension_interim_order")
    assert (rule.due_on, rule.status) == (dt.date(2027, 3, 1), "overdue")
    suspension = _exclusion(case, case_manager, kind="pl_suspension", started_on=dt.date(2027, 3, 2))
    RestrictionPeriod.objects.create(
        restriction=suspension, number=1, starts_on=dt.date(2027, 3, 2), ends_on=dt.date(2027, 9, 1)
    )
    deadlines = deadlines_for_case(case, today=timezone.localdate())
    assert _one(deadlines, "mandatory_suspension_interim_order").met_on == dt.date(2027, 3, 2)
    period = _one(deadlines, "suspension_period")
    assert (period.due_on, period.verified) == (dt.date(2027, 9, 1), False)
    payments = _one(deadlines, "payments_during_suspension")
    assert (payments.due_on, payments.status) == (dt.date(2027, 4, 2), "upcoming")


@time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=False)
def test_appeal_windows_are_28_days_to_the_tribunal_and_45_days_to_the_department_in_northern_ireland(
    organisation, case_manager
):
    england = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    _key_date(england, "decision_notified", dt.date(2027, 3, 1), case_manager)
    assert _one(
        deadlines_for_case(england, today=timezone.localdate()), "appeal_first_tier_tribunal"
    ).due_on == (dt.date(2027, 3, 29))
    belfast = OrganisationFactory(slug="lagan", nation="northern-ireland")
    manager = member(belfast, "case_manager")
    ni_case = open_case(organisation=belfast, by=manager, policy="family_practitioners_ni")
    _key_date(ni_case, "decision_notified", dt.date(2027, 3, 1), manager)
    appeal = _one(deadlines_for_case(ni_case, today=timezone.localdate()), "appeal_to_department")
    assert (appeal.due_on, appeal.verified) == (dt.date(2027, 4, 15), True)


@time_machine.travel(dt.datetime(2027, 3, 2, 9, tzinfo=dt.UTC), tick=False)
def test_welsh_performers_rules_no_longer_fire_in_a_welsh_employment_case(case_manager):
    cardiff = OrganisationFactory(slug="taf", nation="wales", kind="health_board")
    manager = member(cardiff, "case_manager")
    employed = open_case(organisation=cardiff, by=manager, policy="upsw")
    listed = open_case(organisation=cardiff, by=manager, policy="performers_lists_wales")
    for case in (employed, listed):
        _key_date(case, "decision_confirmed", dt.date(2027, 3, 1), manager)
    assert not [
        d for d in deadlines_for_case(employed, today=timezone.localdate()) if "performer" in d.rule.key
    ]
    notify = _one(deadlines_for_case(listed, today=timezone.localdate()), "welsh_performer_decision_notified")
    assert notify.due_on == dt.date(2027, 3, 8)
