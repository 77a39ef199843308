"""The decision on the report, the hearing and the appeal (ADR 20): what the services keep, what they refuse
(saving nothing), the pack's dates from the clock, and their audit events."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from faircase.access.guard import ActionRefused
from faircase.accounts.tests.factories import OrganisationFactory, member
from faircase.cases import services as case_services
from faircase.core.models import AuditEvent
from faircase.policy.choices import Policy
from faircase.policy.events import ClockEvent
from faircase.practitioners.models import PractitionerAccount
from faircase.proceedings import services_decision as services
from faircase.proceedings.models import Appeal, Hearing, ReportDecision
from faircase.proceedings.options import options_for
from faircase.proceedings.tests.factories import determination_review, report_received
from faircase.process.models import KeyDate

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)
DECIDED_ON = dt.date(2026, 11, 27)
CAPABILITY_HEARING = dt.date(2027, 1, 20)  # a Wednesday
OUTCOME_ON = dt.date(2027, 1, 22)  # a Friday


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(organisation):
    return {
        name: member(organisation, "case_manager", username=name, full_name=f"{name.title()} Panelmember")
        for name in ("hazel", "rowan", "alder", "birch", "cedar")
    }


@pytest.fixture
def reported(case, case_manager, investigator):
    return report_received(case, case_manager, investigator)


def _decide(case, by, option="conduct_hearing", *, review=None, on=DECIDED_ON, reasons="The report found it"):
    review = review if review is not None else determination_review(case, by)
    return services.record_decision(
        case=case, option=option, decided_on=on, reasons=reasons, review_id=review.pk if review else "", by=by
    )


def _hearing(
    case, by, panel, *, on=dt.date(2027, 1, 11), notice=dt.date(2026, 12, 1), companion="Dr Ash Friend"
):
    return services.arrange_hearing(
        case=case,
        held_on=on,
        panel_ids=[p.pk for p in panel],
        notice_given_on=notice,
        companion=companion,
        by=by,
    )


def _outcome(hearing, by, on=OUTCOME_ON):
    return services.record_hearing_outcome(
        hearing=hearing,
        outcome="A final written warning",
        reasons="The allegation was proved",
        outcome_on=on,
        by=by,
    )


def _unchanged(case, model, events_before):
    return not model.objects.of_case(case).exists() and AuditEvent.objects.count() == events_before


# ---- the options ------------------------------------------------------------------------------------------------


def test_every_policy_has_no_further_action_and_its_own_options():
    for policy in Policy.values:
        keys = [option.key for option in options_for(policy)]
        assert keys[0] == "no_further_action"
    mhps = {option.key: option for option in options_for(Policy.MHPS_ENGLAND)}
    assert {
        "informal_action",
        "conduct_hearing",
        "capability_hearing",
        "advice_assessment",
        "regulator",
    } <= set(mhps)
    assert mhps["capability_hearing"].hearing == "capability"
    assert [o.hearing for o in options_for(Policy.PERFORMERS_LISTS) if o.hearing] == ["oral"]


# ---- the decision -----------------------------------------------------------------------------------------------


def test_the_decision_keeps_its_decider_reasons_and_framework_review(case, case_manager, reported):
    review = determination_review(case, case_manager)
    decision = _decide(case, case_manager, review=review)

    assert (decision.decided_by, decision.decided_on, decision.review) == (case_manager, DECIDED_ON, review)
    assert decision.hearing_kind == "conduct"
    assert decision.option_label.startswith("Referral to a conduct hearing")
    event = AuditEvent.objects.get(action="decision.recorded")
    assert event.summary["after"]["framework_review"] == review.pk


def test_a_decision_without_its_framework_review_is_refused(case, case_manager, reported):
    events = AuditEvent.objects.count()
    with pytest.raises(
        ValidationError, match="complete a framework review at the determination review point"
    ):
        _decide(case, case_manager, review=False)
    assert _unchanged(case, ReportDecision, events)


def test_a_framework_review_at_another_point_does_not_count(case, case_manager, reported):
    from faircase.framework import selectors as framework_selectors
    from faircase.framework import services as framework_services

    review = framework_services.start_review(case=case, review_point="commencement", by=case_manager)
    answers = {c.pk: {"answer": "yes", "note": ""} for c in framework_selectors.considerations_for(review)}
    framework_services.save_answers(review=review, answers=answers, by=case_manager)
    review = framework_services.complete_review(review=review, by=case_manager)
    with pytest.raises(ValidationError, match="determination review point"):
        _decide(case, case_manager, review=review)


def test_a_decision_before_the_report_is_received_is_refused(case, case_manager, investigator):
    with pytest.raises(ValidationError, match="report's receipt first"):
        _decide(case, case_manager)


def test_an_option_of_another_policy_and_bad_dates_are_refused(case, case_manager, reported):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        services.record_decision(
            case=case, option="decision_panel", decided_on=dt.date(2026, 11, 1), reasons=" ", review_id="x",
            by=case_manager,
        )  # fmt: skip
    assert set(error.value.message_dict) == {"option", "decided_on", "reasons", "review"}
    assert _unchanged(case, ReportDecision, events)


def test_a_read_only_role_and_a_closed_case_are_refused(case, organisation, case_manager, reported):
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")
    with pytest.raises(ActionRefused):
        _decide(case, auditor, review=determination_review(case, case_manager))
    case.closed_at = timezone.now()
    with pytest.raises(ActionRefused, match="closed"):
        _decide(case, case_manager, review=False)


# ---- the hearing ------------------------------------------------------------------------------------------------


def test_the_hearing_keeps_its_panel_notice_and_companion_and_its_key_dates(
    case, case_manager, reported, people
):
    _decide(case, case_manager)
    hearing = _hearing(case, case_manager, [people["hazel"], people["rowan"]])

    assert set(hearing.panel.all()) == {people["hazel"], people["rowan"]}
    assert (hearing.kind, hearing.companion) == ("conduct", "Dr Ash Friend")
    events = set(KeyDate.objects.of_case(case).values_list("event", "on"))
    assert (ClockEvent.HEARING_DATE, dt.date(2027, 1, 11)) in events
    assert (ClockEvent.HEARING_NOTICE_SENT, dt.date(2026, 12, 1)) in events
    # MHPS sets no notice for a conduct hearing: the employer's policy does, and faircase invents none.
    assert services.notice_check(case, "conduct", dt.date(2027, 1, 11)) is None


def test_a_conflicted_panel_member_is_refused_and_nothing_is_saved(case, case_manager, reported, people):
    _decide(case, case_manager)
    case_services.exclude_for_conflict(
        case=case, user=people["hazel"], reason="Their sister", by=case_manager
    )
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Hazel Panelmember is excluded from this case for a conflict"):
        _hearing(case, case_manager, [people["hazel"], people["rowan"]])
    assert _unchanged(case, Hearing, events)


def test_the_investigator_and_the_practitioner_may_not_sit_on_the_panel(
    case, organisation, case_manager, reported, investigator, people
):
    _decide(case, case_manager)
    with pytest.raises(ValidationError, match="is the case investigator"):
        _hearing(case, case_manager, [investigator])
    subject = member(organisation, "case_manager", username="subject", full_name="Dr Subject Person")
    PractitionerAccount.objects.create(user=subject, practitioner=case.practitioner)
    with pytest.raises(ValidationError, match="is the practitioner this case is about"):
        _hearing(case, case_manager, [subject])
    elsewhere = member(
        OrganisationFactory(slug="elsewhere"), "case_manager", username="x", full_name="Ex Where"
    )
    with pytest.raises(ValidationError, match="Ex Where is not a person of"):
        _hearing(case, case_manager, [elsewhere])


def test_a_capability_hearing_needs_the_pack_s_notice_from_the_clock(case, case_manager, reported, people):
    _decide(case, case_manager, "capability_hearing")
    # 20 working days before Wednesday 20 January 2027 in England is Friday 18 December 2026 (process-rules.md).
    latest, rule = services.notice_check(case, "capability", CAPABILITY_HEARING)
    assert latest == dt.date(2026, 12, 18) and rule.key == "capability_hearing_notice"
    with pytest.raises(ValidationError, match="notice is given by 18 December 2026"):
        _hearing(case, case_manager, [people["hazel"]], on=CAPABILITY_HEARING, notice=dt.date(2026, 12, 21))
    hearing = _hearing(case, case_manager, [people["hazel"]], on=CAPABILITY_HEARING, notice=latest)
    assert hearing.kind == "capability"


def test_a_decision_that_leads_to_no_hearing_has_none(case, case_manager, reported, people):
    _decide(case, case_manager, "no_further_action")
    with pytest.raises(ValidationError, match="does not lead to a hearing"):
        _hearing(case, case_manager, [people["hazel"]])


# ---- the appeal -------------------------------------------------------------------------------------------------


def _capability_outcome(case, case_manager, people):
    _decide(case, case_manager, "capability_hearing")
    hearing = _hearing(
        case,
        case_manager,
        [people["hazel"], people["rowan"]],
        on=CAPABILITY_HEARING,
        notice=dt.date(2026, 12, 18),
    )
    return _outcome(hearing, case_manager)


def test_the_appeal_window_is_the_pack_s_from_the_clock(case, case_manager, reported, people):
    hearing = _capability_outcome(case, case_manager, people)
    # 25 working days after Friday 22 January 2027 is Friday 26 February 2027.
    last_day, rule = services.appeal_window(case, hearing)
    assert last_day == dt.date(2027, 2, 26) and rule.key == "appeal_lodged"
    assert KeyDate.objects.of_case(case).filter(event=ClockEvent.DECISION_CONFIRMED, on=OUTCOME_ON).exists()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="after the pack's time to appeal: 25 working days"):
        services.lodge_appeal(
            hearing=hearing, received_on=dt.date(2027, 3, 1), panel_ids=[people["alder"].pk], by=case_manager
        )
    assert _unchanged(case, Appeal, events)
    appeal = services.lodge_appeal(
        hearing=hearing, received_on=last_day, panel_ids=[people["alder"].pk], by=case_manager
    )
    assert KeyDate.objects.of_case(case).filter(event=ClockEvent.APPEAL_LODGED, on=last_day).exists()
    appeal = services.record_appeal_outcome(
        appeal=appeal, outcome="partly_upheld", reasons="The warning was reduced", decided_on=TODAY.date(),
        by=case_manager,
    )  # fmt: skip
    assert appeal.get_outcome_display() == "Partly upheld"


def test_a_conduct_appeal_has_no_window_under_mhps(case, case_manager, reported, people):
    _decide(case, case_manager)
    hearing = _outcome(_hearing(case, case_manager, [people["hazel"]]), case_manager)
    assert services.appeal_window(case, hearing) is None
    appeal = services.lodge_appeal(
        hearing=hearing, received_on=TODAY.date(), panel_ids=[people["alder"].pk], by=case_manager
    )
    assert appeal.received_on == TODAY.date()


def test_nobody_who_sat_on_the_hearing_may_sit_on_the_appeal(case, case_manager, reported, people):
    hearing = _capability_outcome(case, case_manager, people)
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Rowan Panelmember sat on the hearing panel"):
        services.lodge_appeal(
            hearing=hearing, received_on=OUTCOME_ON, panel_ids=[people["alder"].pk, people["rowan"].pk],
            by=case_manager,
        )  # fmt: skip
    assert _unchanged(case, Appeal, events)


def test_bad_outcomes_are_refused(case, case_manager, reported, people):
    hearing = _capability_outcome(case, case_manager, people)
    appeal = services.lodge_appeal(
        hearing=hearing, received_on=OUTCOME_ON, panel_ids=[people["alder"].pk], by=case_manager
    )
    with pytest.raises(ValidationError) as error:
        services.record_appeal_outcome(
            appeal=appeal, outcome="maybe", reasons="", decided_on=dt.date(2027, 1, 1), by=case_manager
        )
    assert set(error.value.message_dict) == {"outcome", "outcome_reasons", "decided_on"}
    appeal.refresh_from_db()
    assert appeal.decided_on is None and appeal.outcome == ""


def test_a_performers_list_oral_hearing_and_appeal_follow_that_pack(
    organisation, case_manager, investigator, people
):
    from faircase.cases.tests.factories import open_case

    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, policy="performers_lists"
    )
    report_received(case, case_manager, investigator)
    _decide(case, case_manager, "decision_panel")
    # Two working days' notice of a Thursday hearing is given by the Tuesday (SI 2013/335 reg 12(2)).
    thursday = dt.date(2027, 1, 14)
    assert services.notice_check(case, "oral", thursday)[0] == dt.date(2027, 1, 12)
    with pytest.raises(ValidationError, match="notice is given by 12 January 2027"):
        _hearing(case, case_manager, [people["hazel"]], on=thursday, notice=dt.date(2027, 1, 13))
    hearing = _outcome(
        _hearing(case, case_manager, [people["hazel"]], on=thursday, notice=dt.date(2027, 1, 12)),
        case_manager,
    )
    # The time to appeal runs from the decision notified to the practitioner: 28 days.
    assert services.appeal_window(case, hearing)[0] == dt.date(2027, 2, 19)
    assert KeyDate.objects.of_case(case).filter(event=ClockEvent.DECISION_NOTIFIED, on=OUTCOME_ON).exists()


def test_a_read_only_role_and_a_closed_case_record_no_hearing_nor_appeal(
    case, organisation, case_manager, reported, people
):
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")
    hearing = _capability_outcome(case, case_manager, people)
    appeal = services.lodge_appeal(
        hearing=hearing, received_on=OUTCOME_ON, panel_ids=[people["alder"].pk], by=case_manager
    )
    attempts = {
        "hearing": lambda by: _hearing(case, by, [people["cedar"]]),
        "hearing outcome": lambda by: _outcome(hearing, by),
        "appeal": lambda by: services.lodge_appeal(
            hearing=hearing, received_on=OUTCOME_ON, panel_ids=[], by=by
        ),
        "appeal outcome": lambda by: services.record_appeal_outcome(
            appeal=appeal, outcome="upheld", reasons="x", decided_on=OUTCOME_ON, by=by
        ),
    }
    for attempt in attempts.values():
        with pytest.raises(ActionRefused):
            attempt(auditor)
    case.closed_at = timezone.now()
    for attempt in attempts.values():
        with pytest.raises(ActionRefused, match="closed"):
            attempt(case_manager)


def test_a_damaged_options_file_is_refused_by_the_bounded_reader(tmp_path, monkeypatch):
    from faircase.core.readers import UnreadableFile
    from faircase.proceedings import options

    damaged = tmp_path / "decision_options.yaml"
    damaged.write_text("format: faircase-decision-options/1\npolicies:\n  " + "[" * 200 + "\n")
    monkeypatch.setattr(options, "PATH", damaged)
    options._all_options.cache_clear()
    try:
        with pytest.raises(UnreadableFile):
            options.options_for(Policy.MHPS_ENGLAND)
    finally:
        options._all_options.cache_clear()
