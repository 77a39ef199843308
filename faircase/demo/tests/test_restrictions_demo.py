"""The demo shows restrictions as issues 3 and 10 ask: an immediate exclusion that became a formal one (one
episode, reviewed on time), a lapsed review, a restriction on practice with a review date, and a Performers
List suspension, with Advice, a decision not to exclude and key dates."""

import pytest
from django.apps import apps
from django.utils import timezone

from faircase.demo.data import demo_data
from faircase.demo.services import load_demo
from faircase.framework.models import Review
from faircase.framework.principles import ReviewPoint
from faircase.policy.events import ClockEvent
from faircase.policy.packs import pack_for_case
from faircase.process import clock
from faircase.process.clock import latest_notice
from faircase.process.models import (
    ExclusionDecision,
    KeyDate,
    Restriction,
    RestrictionKind,
    RestrictionPeriod,
)

DEMO_SLUGS = [o.slug for o in demo_data().organisations]


@pytest.fixture(scope="module")
def loaded(demo_loaded):
    return demo_loaded


@pytest.fixture
def demo(loaded, db):
    return loaded


def _live(kind: str):
    return Restriction.objects.filter(
        case__organisation__slug__in=DEMO_SLUGS, kind=kind, ended_on__isnull=True
    ).select_related("case", "advice_contact")


def test_a_formal_exclusion_is_live_after_advice_and_a_first_period_reviewed_on_time(demo):
    today = timezone.localdate()
    exclusion = _live(RestrictionKind.FORMAL_EXCLUSION).get()
    assert exclusion.case.organisation.slug == "riverside"
    assert exclusion.advice_contact is not None
    assert exclusion.advice_contact.contacted_on <= exclusion.started_on
    first, second = exclusion.periods.order_by("number")
    assert first.reviewed_on is not None and first.reviewed_on <= first.ends_on
    assert first.review.review_point == ReviewPoint.RESTRICTION
    assert first.review.status == Review.Status.COMPLETED
    assert second.starts_on <= today <= second.ends_on
    assert second.reviewed_on is None


def test_an_immediate_exclusion_became_a_formal_one_and_the_episode_counts_from_its_first_day(demo):
    today = timezone.localdate()
    formal = _live(RestrictionKind.FORMAL_EXCLUSION).get()
    immediate = Restriction.objects.get(case=formal.case, kind=RestrictionKind.IMMEDIATE_EXCLUSION)
    assert immediate.ended_on == clock.day_before(formal.started_on)
    assert "Continued as a formal exclusion" in immediate.end_reason
    [episode] = clock.episodes_for_case(formal.case)
    assert [p.kind for p in episode.parts] == ["immediate_exclusion", "formal_exclusion"]
    assert episode.first_day == immediate.started_on
    assert episode.days_counted(today) == clock.days_counted(immediate.started_on, today)
    deadlines = clock.deadlines_for_case(formal.case, today=today)
    [six] = [d for d in deadlines if d.rule.key == "exclusion_six_months"]
    assert six.starts_on == immediate.started_on
    # Advice was consulted the day after the immediate exclusion began: that rule is met.
    [advice] = [d for d in deadlines if d.rule.key == "advice_before_immediate_exclusion"]
    assert advice.status == "done"


def test_a_restriction_on_practice_has_a_review_date_in_the_deadlines(demo):
    today = timezone.localdate()
    restriction = _live(RestrictionKind.RESTRICTION).get()
    period = restriction.periods.get()
    assert period.starts_on == restriction.started_on and period.ends_on > today
    [review] = [
        d
        for d in clock.deadlines_for_case(restriction.case, today=today)
        if d.restriction_id == restriction.pk and d.rule.key == "restriction_review"
    ]
    assert review.due_on == period.ends_on and review.status == "upcoming"


def test_a_live_period_is_overdue_for_review(demo):
    today = timezone.localdate()
    overdue = RestrictionPeriod.objects.filter(
        restriction__case__organisation__slug__in=DEMO_SLUGS,
        restriction__ended_on__isnull=True,
        ends_on__lt=today,
        reviewed_on__isnull=True,
    )
    assert overdue.exists()
    for period in overdue:
        assert not period.restriction.periods.filter(number__gt=period.number).exists()


def test_a_performers_list_suspension_is_live_after_notice_of_the_oral_hearing(demo):
    today = timezone.localdate()
    suspension = _live(RestrictionKind.PL_SUSPENSION).get()
    assert suspension.case.stage != "closed"
    assert suspension.case.organisation.slug == "northvale"
    assert suspension.oral_hearing_on <= suspension.started_on
    latest, _rule = latest_notice(pack_for_case(suspension.case), suspension.oral_hearing_on)
    assert suspension.oral_hearing_notice_on <= latest
    period = suspension.periods.get()
    assert period.starts_on <= today <= period.ends_on


def test_a_decision_not_to_exclude_and_key_dates_are_recorded(demo):
    decision = ExclusionDecision.objects.get(case__organisation__slug__in=DEMO_SLUGS)
    assert decision.reasons
    assert KeyDate.objects.filter(
        case__organisation__slug__in=DEMO_SLUGS, event=ClockEvent.INVESTIGATOR_APPOINTED
    ).exists()


def test_loading_twice_changes_no_restriction_advice_or_key_date(demo):
    def counts() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for model in apps.get_models()
            if model._meta.app_label in {"process", "cases", "framework", "core"}
        }

    before = counts()
    again = load_demo()
    assert not again.changed_anything
    assert counts() == before
