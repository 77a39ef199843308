"""Restrictions, exclusions and suspensions: the limits the services enforce, with time under control."""

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.framework import services as framework_services
from faircase.policy.calendar import add_months, last_day, working_days_between
from faircase.policy.models import PolicyPackVersion
from faircase.policy.packs import forget_cached_packs, parse_pack, shipped_pack, shipped_text
from faircase.process import clock, services
from faircase.process.models import Restriction, RestrictionPeriod
from faircase.records.tests.factories import answer_all

LONDON = ZoneInfo("Europe/London")


def at(year, month, day, hour=12):
    return time_machine.travel(dt.datetime(year, month, day, hour, tzinfo=LONDON), tick=False)


def restriction_review(case, by):
    review = framework_services.start_review(case=case, review_point="restriction", by=by)
    return answer_all(review, by=by)


def advice(case, by, on=dt.date(2027, 1, 4)):
    return services.record_advice_contact(
        case=case,
        contacted_on=on,
        adviser="A. Adviser (fictional)",
        question="Is exclusion proportionate?",
        advice="Consider restrictions first; if excluding, review every 4 weeks.",
        by=by,
    )


def formal(case, by, *, started_on=dt.date(2027, 1, 4), **kwargs):
    if "advice_contact" not in kwargs:
        kwargs["advice_contact"] = advice(case, by, on=started_on)
    return services.record_restriction(
        case=case,
        kind="formal_exclusion",
        started_on=started_on,
        terms="Excluded from all clinical duties.",
        reasons="Risk to patients while prescribing is investigated.",
        by=by,
        **kwargs,
    )


def immediate_exclusion(case, by, *, started_on=dt.date(2027, 1, 4)):
    """An immediate exclusion while facts are established: what a formal one later continues."""
    return services.record_restriction(
        case=case,
        kind="immediate_exclusion",
        started_on=started_on,
        terms="Off duty.",
        reasons="Facts to establish.",
        by=by,
    )


# ---- formal exclusion: Advice first, periods of at most 4 weeks ----


@pytest.mark.django_db
def test_formal_exclusion_is_refused_without_advice_or_a_reason(case, case_manager):
    with at(2027, 1, 10), pytest.raises(ValidationError) as refused:
        formal(case, case_manager, advice_contact=None)
    assert "Advice must be consulted before formal exclusion" in str(
        refused.value.message_dict["advice_contact"]
    )
    assert not Restriction.objects.exists()
    assert not AuditEvent.objects.filter(action="restriction.recorded").exists()


@pytest.mark.django_db
def test_formal_exclusion_is_saved_with_the_reason_advice_was_not_consulted(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(
            case,
            case_manager,
            advice_contact=None,
            advice_not_consulted_reason="Out of hours; Advice contacted the next morning.",
        )
    assert restriction.advice_not_consulted_reason.startswith("Out of hours")


@pytest.mark.django_db
def test_advice_contacted_after_the_exclusion_started_is_not_advice_before_it(case, case_manager):
    with at(2027, 1, 10):
        late = advice(case, case_manager, on=dt.date(2027, 1, 6))
        with pytest.raises(ValidationError) as refused:
            formal(case, case_manager, advice_contact=late)
    assert "after the start date" in str(refused.value.message_dict["advice_contact"])


@pytest.mark.django_db
def test_advice_of_another_case_does_not_count(case, case_manager, organisation):
    from faircase.cases.tests.factories import open_case

    other = open_case(organisation=organisation, by=case_manager)
    with at(2027, 1, 10):
        elsewhere = advice(other, case_manager)
        with pytest.raises(ValidationError):
            formal(case, case_manager, advice_contact=elsewhere)


@pytest.mark.django_db
def test_formal_exclusion_period_one_runs_four_weeks_with_the_review_due_on_its_last_day(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    period = restriction.periods.get()
    assert (period.number, period.starts_on, period.ends_on) == (1, dt.date(2027, 1, 4), dt.date(2027, 1, 31))
    assert AuditEvent.objects.filter(action="restriction.recorded", case=case).count() == 1


@pytest.mark.django_db
def test_a_formal_exclusion_period_longer_than_four_weeks_is_refused(case, case_manager):
    with at(2027, 1, 10):
        with pytest.raises(ValidationError) as refused:
            formal(case, case_manager, first_period_ends_on=dt.date(2027, 2, 1))
        assert "at most 4 weeks" in str(refused.value.message_dict["first_period_ends_on"])
        assert not Restriction.objects.exists()
        shorter = formal(case, case_manager, first_period_ends_on=dt.date(2027, 1, 20))
    assert shorter.periods.get().ends_on == dt.date(2027, 1, 20)


@pytest.mark.django_db
def test_a_start_date_in_the_future_is_refused(case, case_manager):
    with at(2027, 1, 3), pytest.raises(ValidationError) as refused:
        formal(case, case_manager, advice_contact=None, advice_not_consulted_reason="n/a")
    assert "today or in the past" in str(refused.value.message_dict["started_on"])


# ---- immediate exclusion: at most 2 weeks ----


@pytest.mark.django_db
def test_immediate_exclusion_lasts_at_most_two_weeks(case, case_manager):
    values = {
        "case": case,
        "kind": "immediate_exclusion",
        "started_on": dt.date(2027, 1, 4),
        "terms": "Not to attend the ward.",
        "reasons": "Allegation of harm to a patient.",
        "by": case_manager,
    }
    with at(2027, 1, 5):
        with pytest.raises(ValidationError) as refused:
            services.record_restriction(**values, first_period_ends_on=dt.date(2027, 1, 18))
        assert "at most 2 weeks" in str(refused.value.message_dict["first_period_ends_on"])
        restriction = services.record_restriction(**values)
    assert restriction.periods.get().ends_on == dt.date(2027, 1, 17)


@pytest.mark.django_db
def test_an_immediate_exclusion_cannot_be_continued_by_review(case, case_manager):
    with at(2027, 1, 5):
        restriction = services.record_restriction(
            case=case,
            kind="immediate_exclusion",
            started_on=dt.date(2027, 1, 4),
            terms="Off the ward.",
            reasons="Allegation of harm.",
            by=case_manager,
        )
    with at(2027, 1, 15):
        review = restriction_review(case, case_manager)
        with pytest.raises(ValidationError) as refused:
            services.review_period(
                period=restriction.periods.get(),
                reviewed_on=dt.date(2027, 1, 15),
                outcome="Facts still unclear.",
                continues=True,
                review=review,
                by=case_manager,
            )
    assert "formal exclusion" in str(refused.value.message_dict["continues"])
    assert restriction.periods.count() == 1
    assert RestrictionPeriod.objects.get().reviewed_on is None


# ---- Performers List suspension: 2 working days' notice of the oral hearing ----


def test_two_working_days_before_tuesday_29_december_2026_is_wednesday_23_december():
    # Friday 25 (Christmas) and Monday 28 December (Boxing Day, substituted) are bank holidays in England.
    assert working_days_between(dt.date(2026, 12, 23), dt.date(2026, 12, 29), "england") == 2
    assert working_days_between(dt.date(2026, 12, 24), dt.date(2026, 12, 29), "england") == 1
    notice, rule = clock.latest_notice(shipped_pack("performers_lists"), dt.date(2026, 12, 29))
    assert notice == dt.date(2026, 12, 23) and rule.source.endswith("reg 12(2)")


@pytest.fixture
def pl_case(organisation, case_manager):
    return open_case(organisation=organisation, by=case_manager, policy="performers_lists")


def _suspension(case, by, notice_on):
    return services.record_restriction(
        case=case,
        kind="pl_suspension",
        started_on=dt.date(2026, 12, 30),
        terms="Suspended from the list.",
        reasons="Interim order pending the regulator's decision.",
        by=by,
        oral_hearing_notice_on=notice_on,
        oral_hearing_on=dt.date(2026, 12, 29),
    )


@pytest.mark.django_db
def test_notice_on_wednesday_23_december_is_enough_for_a_hearing_on_tuesday_29_december(
    pl_case, case_manager
):
    with at(2026, 12, 31):
        suspension = _suspension(pl_case, case_manager, dt.date(2026, 12, 23))
    assert suspension.oral_hearing_notice_on == dt.date(2026, 12, 23)
    # Six calendar months from 30 December 2026, the first day counted.
    assert suspension.periods.get().ends_on == dt.date(2027, 6, 29)


@pytest.mark.django_db
def test_notice_on_christmas_eve_is_too_late_across_the_bank_holidays(pl_case, case_manager):
    with at(2026, 12, 31), pytest.raises(ValidationError) as refused:
        _suspension(pl_case, case_manager, dt.date(2026, 12, 24))
    message = str(refused.value.message_dict["oral_hearing_notice_on"])
    assert "at least 2 working days" in message and "23 December 2026" in message
    assert not Restriction.objects.exists()


@pytest.mark.django_db
def test_northern_ireland_counts_its_own_bank_holidays(case_manager, organisation):
    # 17 March 2027 (St Patrick's Day) is a Wednesday: a bank holiday in Northern Ireland only.
    organisation.nation = "northern-ireland"
    organisation.save()
    ni_pack = shipped_pack("family_practitioners_ni")
    england_pack = shipped_pack("performers_lists")
    hearing = dt.date(2027, 3, 18)
    # The NI pack sets no oral hearing notice; counted with the England rule in each nation's calendar:
    assert clock.latest_notice(ni_pack, hearing) is None
    assert clock.latest_notice(replace(england_pack, nation="northern-ireland"), hearing)[0] == dt.date(
        2027, 3, 15
    )
    assert clock.latest_notice(england_pack, hearing)[0] == dt.date(2027, 3, 16)
    ni_version = PolicyPackVersion.objects.create(
        organisation=organisation,
        key="performers_lists",
        number=1,
        title="Performers Lists, counted in Northern Ireland",
        content={**parse_pack(shipped_text("performers_lists")), "nation": "northern-ireland"},
        created_by_label="test",
    )
    forget_cached_packs()
    case = open_case(organisation=organisation, by=case_manager, policy="performers_lists")
    assert case.pack_version_id == ni_version.pk
    with at(2027, 3, 20), pytest.raises(ValidationError):
        services.record_restriction(
            case=case,
            kind="pl_suspension",
            started_on=dt.date(2027, 3, 19),
            terms="Suspended.",
            reasons="Pending the outcome.",
            by=case_manager,
            oral_hearing_notice_on=dt.date(2027, 3, 16),
            oral_hearing_on=dt.date(2027, 3, 18),
        )


@pytest.mark.django_db
def test_suspension_needs_both_hearing_dates(case, case_manager):
    with at(2026, 12, 31), pytest.raises(ValidationError) as refused:
        services.record_restriction(
            case=case,
            kind="pl_suspension",
            started_on=dt.date(2026, 12, 30),
            terms="Suspended.",
            reasons="Pending.",
            by=case_manager,
        )
    assert set(refused.value.message_dict) == {"oral_hearing_notice_on", "oral_hearing_on"}


@pytest.mark.django_db
def test_a_restriction_on_practice_is_reviewed_as_its_pack_says_and_an_undertaking_is_not(case, case_manager):
    with at(2027, 1, 10):
        restriction = services.record_restriction(
            case=case,
            kind="restriction",
            started_on=dt.date(2027, 1, 8),
            terms="Supervised prescribing only.",
            reasons="Less restrictive than exclusion and enough to protect patients.",
            by=case_manager,
        )
        undertaking = services.record_restriction(
            case=case,
            kind="voluntary_undertaking",
            started_on=dt.date(2027, 1, 8),
            terms="No out-of-hours sessions.",
            reasons="Agreed while the rota is reviewed.",
            by=case_manager,
        )
    # Three calendar months, the first day counted (a to-be-confirmed local rule in the England pack).
    assert [(p.number, p.ends_on) for p in restriction.periods.all()] == [(1, dt.date(2027, 4, 7))]
    assert undertaking.periods.count() == 0


# ---- reviews: a framework review at the restriction point, before each further period ----


@pytest.mark.django_db
def test_a_review_needs_a_completed_framework_review_at_the_restriction_point(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    period = restriction.periods.get()
    with at(2027, 1, 28):
        with pytest.raises(ValidationError) as no_review:
            services.review_period(
                period=period,
                reviewed_on=dt.date(2027, 1, 28),
                outcome="Still needed.",
                continues=True,
                review=None,
                by=case_manager,
            )
        assert "framework review" in str(no_review.value.message_dict["review"])
        commencement = answer_all(
            framework_services.start_review(case=case, review_point="commencement", by=case_manager),
            by=case_manager,
        )
        with pytest.raises(ValidationError) as wrong_point:
            services.review_period(
                period=period,
                reviewed_on=dt.date(2027, 1, 28),
                outcome="Still needed.",
                continues=True,
                review=commencement,
                by=case_manager,
            )
        assert "restriction review point" in str(wrong_point.value.message_dict["review"])
        draft = framework_services.start_review(case=case, review_point="restriction", by=case_manager)
        with pytest.raises(ValidationError):
            services.review_period(
                period=period,
                reviewed_on=dt.date(2027, 1, 28),
                outcome="Still needed.",
                continues=True,
                review=draft,
                by=case_manager,
            )
        assert restriction.periods.count() == 1
        review = answer_all(draft, by=case_manager)
        second = services.review_period(
            period=period,
            reviewed_on=dt.date(2027, 1, 28),
            outcome="Still needed.",
            continues=True,
            review=review,
            by=case_manager,
        )
    assert (second.number, second.starts_on, second.ends_on) == (2, dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    period.refresh_from_db()
    assert period.review == review and period.reviewed_on == dt.date(2027, 1, 28)


@pytest.mark.django_db
def test_each_renewal_needs_its_own_review(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 1, 28):
        review = restriction_review(case, case_manager)
        second = services.review_period(
            period=restriction.periods.get(),
            reviewed_on=dt.date(2027, 1, 28),
            outcome="Still needed.",
            continues=True,
            review=review,
            by=case_manager,
        )
    with at(2027, 2, 25), pytest.raises(ValidationError) as reused:
        services.review_period(
            period=second,
            reviewed_on=dt.date(2027, 2, 25),
            outcome="Still needed.",
            continues=True,
            review=review,
            by=case_manager,
        )
    assert "already linked" in str(reused.value.message_dict["review"])


@pytest.mark.django_db
def test_a_framework_review_taken_before_the_period_began_does_not_review_it(case, case_manager):
    with at(2027, 1, 2):
        early = restriction_review(case, case_manager)
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 1, 28), pytest.raises(ValidationError) as refused:
        services.review_period(
            period=restriction.periods.get(),
            reviewed_on=dt.date(2027, 1, 28),
            outcome="Still needed.",
            continues=True,
            review=early,
            by=case_manager,
        )
    assert "during this period" in str(refused.value.message_dict["review"])


@pytest.mark.django_db
def test_the_next_period_is_at_most_four_weeks(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 1, 28):
        review = restriction_review(case, case_manager)
        with pytest.raises(ValidationError) as refused:
            services.review_period(
                period=restriction.periods.get(),
                reviewed_on=dt.date(2027, 1, 28),
                outcome="Still needed.",
                continues=True,
                review=review,
                by=case_manager,
                next_end=dt.date(2027, 3, 1),
            )
    assert "at most 4 weeks" in str(refused.value.message_dict["next_end"])
    assert restriction.periods.count() == 1
    assert restriction.periods.get().reviewed_on is None


@pytest.mark.django_db
def test_ending_at_review_records_the_end_date_and_reason(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 1, 28):
        review = restriction_review(case, case_manager)
        with pytest.raises(ValidationError):
            services.review_period(
                period=restriction.periods.get(),
                reviewed_on=dt.date(2027, 1, 27),
                outcome="No longer needed.",
                continues=False,
                review=review,
                by=case_manager,
            )
        result = services.review_period(
            period=restriction.periods.get(),
            reviewed_on=dt.date(2027, 1, 27),
            outcome="No longer needed.",
            continues=False,
            end_reason="Investigation found supervision is enough.",
            review=review,
            by=case_manager,
        )
    assert result is None
    restriction.refresh_from_db()
    assert restriction.ended_on == dt.date(2027, 1, 27)
    assert restriction.end_reason == "Investigation found supervision is enough."
    assert AuditEvent.objects.filter(action="restriction.period_reviewed", case=case).count() == 1


@pytest.mark.django_db
def test_a_late_review_starts_the_next_period_on_the_day_of_the_review(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 2, 3):
        review = restriction_review(case, case_manager)
        second = services.review_period(
            period=restriction.periods.get(),
            reviewed_on=dt.date(2027, 2, 3),
            outcome="Still needed.",
            continues=True,
            review=review,
            by=case_manager,
        )
    assert (second.starts_on, second.ends_on) == (dt.date(2027, 2, 3), dt.date(2027, 3, 2))


# ---- decisions not to exclude ----


@pytest.mark.django_db
def test_a_decision_not_to_exclude_needs_reasons(case, case_manager):
    with at(2027, 1, 10):
        with pytest.raises(ValidationError) as refused:
            services.record_decision_not_to_exclude(
                case=case,
                decided_on=dt.date(2027, 1, 9),
                considered="formal_exclusion",
                reasons="  ",
                by=case_manager,
            )
        assert "reasons" in str(refused.value.message_dict["reasons"])
        with pytest.raises(ValidationError) as future:
            services.record_decision_not_to_exclude(
                case=case,
                decided_on=dt.date(2027, 1, 11),
                considered="formal_exclusion",
                reasons="x",
                by=case_manager,
            )
        assert "decided_on" in future.value.message_dict
        decision = services.record_decision_not_to_exclude(
            case=case,
            decided_on=dt.date(2027, 1, 9),
            considered="formal_exclusion",
            reasons="Supervised practice protects patients; exclusion would be disproportionate.",
            alternative="Supervised prescribing",
            by=case_manager,
        )
    assert decision.alternative == "Supervised prescribing"
    assert AuditEvent.objects.filter(action="exclusion_decision.recorded").count() == 1


def test_the_six_month_mark_is_the_last_day_of_six_calendar_months():
    nation = "england"
    assert last_day(dt.date(2027, 1, 4), 6, "months", nation) == dt.date(2027, 7, 3)
    assert last_day(dt.date(2026, 8, 31), 6, "months", nation) == dt.date(2027, 2, 27)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)


# ---- converting one kind of exclusion into another, and renewing only as the pack allows ----


@pytest.mark.django_db
def test_recording_a_formal_exclusion_while_an_immediate_one_runs_converts_it_into_one_episode(
    case, case_manager
):
    with at(2027, 1, 4):
        immediate = immediate_exclusion(case, case_manager)
    with at(2027, 1, 12):
        formal_one = formal(case, case_manager, started_on=dt.date(2027, 1, 12))
    immediate.refresh_from_db()
    assert immediate.ended_on == dt.date(2027, 1, 11)
    assert immediate.end_reason.startswith("Continued as a formal exclusion from 12 January 2027")
    ended = AuditEvent.objects.get(action="restriction.ended")
    assert ended.summary["detail"] == {"converted_to": "formal_exclusion"}
    recorded = AuditEvent.objects.filter(action="restriction.recorded").order_by("-id").first()
    assert recorded.summary["after"]["continues"] == str(immediate.pk)
    [episode] = clock.episodes_for_case(case)
    assert [p.restriction_id for p in episode.parts] == [immediate.pk, formal_one.pk]
    assert episode.first_day == dt.date(2027, 1, 4)


@pytest.mark.django_db
def test_a_formal_exclusion_cannot_start_before_the_exclusion_it_continues(case, case_manager):
    with at(2027, 1, 4):
        immediate_exclusion(case, case_manager)
    with at(2027, 1, 12), pytest.raises(ValidationError) as refused:
        formal(case, case_manager, started_on=dt.date(2027, 1, 3))
    assert "on or after that" in str(refused.value.message_dict["started_on"])
    assert Restriction.objects.get().ended_on is None


def _suspension_reviewed(case, by, *, on, **extra):
    restriction = case.restrictions.get()
    return services.review_period(
        period=restriction.periods.get(number=1),
        reviewed_on=on,
        outcome="Still needed.",
        continues=True,
        review=restriction_review(case, by),
        by=by,
        **extra,
    )


@pytest.mark.django_db
def test_a_suspension_goes_beyond_its_six_months_only_by_an_order_which_is_recorded(pl_case, case_manager):
    """Seen: every suspension was capped at six months in code, which blocked an extension the First-tier
    Tribunal ordered."""
    with at(2026, 12, 31):
        _suspension(pl_case, case_manager, dt.date(2026, 12, 23))
    with at(2027, 6, 25):
        with pytest.raises(ValidationError) as refused:
            _suspension_reviewed(pl_case, case_manager, on=dt.date(2027, 6, 25))
        assert "needs an order" in str(refused.value.message_dict["extension_order"])
        order = "First-tier Tribunal order of 24 June 2027, extending the suspension to 31 March 2028"
        extended = _suspension_reviewed(
            pl_case,
            case_manager,
            on=dt.date(2027, 6, 25),
            extension_order=order,
            next_end=dt.date(2028, 3, 31),
        )
    assert (extended.starts_on, extended.ends_on, extended.extension_order) == (
        dt.date(2027, 6, 30),
        dt.date(2028, 3, 31),
        order,
    )
    event = AuditEvent.objects.get(action="restriction.period_reviewed")
    assert event.summary["after"]["next_period"]["extension_order"] == order


@pytest.mark.django_db
def test_a_formal_exclusion_period_stays_at_most_four_weeks_whatever_is_written(case, case_manager):
    with at(2027, 1, 10):
        restriction = formal(case, case_manager)
    with at(2027, 1, 28), pytest.raises(ValidationError) as refused:
        services.review_period(
            period=restriction.periods.get(),
            reviewed_on=dt.date(2027, 1, 28),
            outcome="Continue.",
            continues=True,
            review=restriction_review(case, case_manager),
            next_end=dt.date(2027, 3, 31),
            extension_order="An order the pack does not know",
            by=case_manager,
        )
    assert "at most 4 weeks" in str(refused.value.message_dict["next_end"])
