"""The pages of the decision, the hearing and the appeal: bad input changes nothing, refusals show their reason,
a read-only role may read but not record; the record, the chronology and the one clock carry them."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.chronology import chronology_for
from faircase.core.models import AuditEvent
from faircase.proceedings import services_decision
from faircase.proceedings.models import Appeal, Hearing, ReportDecision
from faircase.proceedings.tests.factories import determination_review, report_received
from faircase.process import clock
from faircase.records.sections import build_sections

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2027, 3, 1, 12, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def panel(organisation):
    return [
        member(organisation, "case_manager", username=n, full_name=f"{n.title()} Panelmember")
        for n in ("hazel", "rowan", "alder")
    ]


def _url(name, case):
    return reverse(f"proceedings:{name}", kwargs={"case_id": case.pk})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def _date(prefix, day):
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month), f"{prefix}_2": str(day.year)}


def _decided(case, case_manager, investigator, option="conduct_hearing"):
    report_received(case, case_manager, investigator)
    review = determination_review(case, case_manager)
    return services_decision.record_decision(
        case=case, option=option, decided_on=dt.date(2026, 11, 27), reasons="The report found it",
        review_id=review.pk, by=case_manager,
    )  # fmt: skip


def _all_the_way(case, case_manager, investigator, panel):
    _decided(case, case_manager, investigator)
    hearing = services_decision.arrange_hearing(
        case=case, held_on=dt.date(2027, 1, 11), panel_ids=[panel[0].pk, panel[1].pk],
        notice_given_on=dt.date(2026, 12, 1), companion="Dr Ash Friend", by=case_manager,
    )  # fmt: skip
    hearing = services_decision.record_hearing_outcome(
        hearing=hearing, outcome="A final written warning", reasons="The allegation was proved",
        outcome_on=dt.date(2027, 1, 15), by=case_manager,
    )  # fmt: skip
    appeal = services_decision.lodge_appeal(
        hearing=hearing, received_on=dt.date(2027, 2, 1), panel_ids=[panel[2].pk], by=case_manager
    )
    services_decision.record_appeal_outcome(
        appeal=appeal, outcome="not_upheld", reasons="The panel found the process fair",
        decided_on=dt.date(2027, 2, 20), by=case_manager,
    )  # fmt: skip


def test_the_decision_page_offers_the_policy_s_options_the_review_and_the_checks(
    case, case_manager, investigator, signed_in
):
    report_received(case, case_manager, investigator)
    determination_review(case, case_manager)

    page = _text(signed_in(case_manager).get(_url("decide", case)))

    assert "Referral to a conduct hearing under the employer&#39;s disciplinary procedure" in page
    assert "at the determination review point, completed" in page
    assert 'data-language-check="id_reasons"' in page


@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "option": "no_such_option",
            "reasons": "Because",
            "review": "999",
            **_date("decided_on", dt.date(2026, 11, 27)),
        },
        {
            "option": "conduct_hearing",
            "reasons": "Because",
            "review": "",
            "decided_on_0": "31",
            "decided_on_1": "2",
        },
    ],
)
def test_bad_decision_input_changes_nothing(case, case_manager, investigator, signed_in, data):
    report_received(case, case_manager, investigator)
    determination_review(case, case_manager)
    events = AuditEvent.objects.count()

    response = signed_in(case_manager).post(_url("decide", case), data)

    assert response.status_code == 200 and "There is a problem" in _text(response)
    assert not ReportDecision.objects.of_case(case).exists() and AuditEvent.objects.count() == events


def test_a_conflicted_panel_member_is_refused_on_the_page(case, case_manager, investigator, panel, signed_in):
    _decided(case, case_manager, investigator)
    case_services.exclude_for_conflict(case=case, user=panel[0], reason="Their neighbour", by=case_manager)
    data = {"panel": [str(panel[0].pk)], "companion": "", **_date("held_on", dt.date(2027, 4, 1))}
    data.update(_date("notice_given_on", dt.date(2027, 2, 1)))

    response = signed_in(case_manager).post(_url("hearing", case), data)

    assert "Hazel Panelmember is excluded from this case for a conflict of interest" in _text(response)
    assert not Hearing.objects.of_case(case).exists()


def test_a_read_only_role_reads_the_page_but_records_nothing(
    case, organisation, case_manager, investigator, panel, signed_in
):
    _all_the_way(case, case_manager, investigator, panel)
    auditor = member(organisation, "auditor", username="aud", full_name="Audrey Auditor")
    client = signed_in(auditor)

    page = _text(client.get(_url("decision", case)))
    assert "A final written warning" in page and "Not upheld" in page
    assert "Record the" not in page
    for name in ("decide", "hearing", "hearing_outcome", "appeal", "appeal_outcome"):
        assert client.get(_url(name, case)).status_code in (403, 404)


def test_the_page_says_when_the_pack_sets_no_notice_nor_time_to_appeal(
    case, case_manager, investigator, panel, signed_in
):
    _all_the_way(case, case_manager, investigator, panel)

    page = _text(signed_in(case_manager).get(_url("decision", case)))

    assert "sets no notice for a conduct hearing" in page
    assert "sets no time to appeal after a conduct hearing" in page
    case_page = _text(signed_in(case_manager).get(reverse("cases:detail", kwargs={"case_id": case.pk})))
    assert "Decision, hearing and appeal" in case_page and "A final written warning" in case_page


def test_the_record_and_the_chronology_carry_them_whatever_the_day(case, case_manager, investigator, panel):
    _all_the_way(case, case_manager, investigator, panel)

    def section(day):
        with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False):
            return next(s for s in build_sections(case, generated_on=day) if s.key == "decision")

    first, later = section(dt.date(2027, 3, 1)), section(dt.date(2028, 6, 1))
    assert first == later
    assert [entry.heading for entry in first.entries] == [
        "The decision on the investigation report",
        "Conduct hearing",
        "The appeal",
    ]
    rows = {row.label: row.value for entry in first.entries for row in entry.rows}
    assert rows["Decided by"] == "Casey Manager"
    assert rows["Appeal panel"] == "Alder Panelmember"
    titles = [entry.title for entry in chronology_for(case, kinds={"decision"})]
    assert titles[0].startswith("Decision on the investigation report: Referral to a conduct hearing")
    assert "Outcome of the appeal: not upheld" in titles


def test_the_capability_appeal_window_is_the_one_clock_s(case, case_manager, investigator, panel):
    _decided(case, case_manager, investigator, "capability_hearing")
    hearing = services_decision.arrange_hearing(
        case=case, held_on=dt.date(2027, 1, 20), panel_ids=[panel[0].pk], notice_given_on=dt.date(2026, 12, 18),
        by=case_manager,
    )  # fmt: skip
    hearing = services_decision.record_hearing_outcome(
        hearing=hearing,
        outcome="Dismissal",
        reasons="Proved",
        outcome_on=dt.date(2027, 1, 22),
        by=case_manager,
    )
    # The deadline table and the appeal page read one clock: the same last day to appeal.
    table = {
        d.rule.key: d.due_on for d in clock.deadlines_for_case(case, today=TODAY.date(), include_closed=True)
    }
    assert table["appeal_lodged"] == services_decision.appeal_window(case, hearing)[0] == dt.date(2027, 2, 26)
    assert not Appeal.objects.of_case(case).exists()


def test_the_decision_page_shows_the_consistency_lens(
    case, organisation, case_manager, investigator, signed_in
):
    from faircase.consistency.tests.factories import closed_case

    report_received(case, case_manager, investigator)
    client = signed_in(case_manager)
    assert "There are no comparable closed cases in your organisation yet" in _text(
        client.get(_url("decide", case))
    )

    for _ in range(2):
        closed_case(organisation=organisation, by=case_manager)
    # A decision posted without its framework review comes back, with the lens for what was chosen.
    to_regulator = _text(client.post(_url("decide", case), {"option": "regulator", "reasons": "Serious"}))
    assert "More severe than most comparable cases" in to_regulator
    assert "were handled without a referral to the regulator" in to_regulator
    to_hearing = _text(client.post(_url("decide", case), {"option": "conduct_hearing", "reasons": "Serious"}))
    assert "Referring the practitioner to a hearing" in to_hearing


def test_the_outcomes_of_the_hearing_and_the_appeal_show_the_consistency_lens_too(
    case, organisation, case_manager, investigator, panel, signed_in
):
    # Each significant decision shows how comparable closed cases ended (issue 11), not only the decision on
    # the report: the hearing's outcome and the appeal's.
    from faircase.consistency.tests.factories import closed_case

    _decided(case, case_manager, investigator)
    hearing = services_decision.arrange_hearing(
        case=case, held_on=dt.date(2027, 1, 11), panel_ids=[panel[0].pk, panel[1].pk],
        notice_given_on=dt.date(2026, 12, 1), companion="", by=case_manager,
    )  # fmt: skip
    client = signed_in(case_manager)
    nothing_yet = "There are no comparable closed cases in your organisation yet"
    assert nothing_yet in _text(client.get(_url("hearing_outcome", case)))
    for _ in range(2):
        closed_case(organisation=organisation, by=case_manager)
    assert "see how they were handled and how they ended" in _text(client.get(_url("hearing_outcome", case)))

    hearing = services_decision.record_hearing_outcome(
        hearing=hearing, outcome="A final written warning", reasons="The allegation was proved",
        outcome_on=dt.date(2027, 1, 15), by=case_manager,
    )  # fmt: skip
    services_decision.lodge_appeal(
        hearing=hearing, received_on=dt.date(2027, 2, 1), panel_ids=[panel[2].pk], by=case_manager
    )
    assert "see how they were handled and how they ended" in _text(client.get(_url("appeal_outcome", case)))


def test_a_performers_list_appeal_goes_to_the_tribunal_with_no_panel_of_the_organisation(
    organisation, case_manager, investigator, panel, signed_in
):
    from faircase.cases.tests.factories import open_case

    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, policy="performers_lists"
    )
    _decided(case, case_manager, investigator, option="decision_panel")
    hearing = services_decision.arrange_hearing(
        case=case, held_on=dt.date(2027, 1, 14), panel_ids=[panel[0].pk], notice_given_on=dt.date(2027, 1, 12),
        companion="", by=case_manager,
    )  # fmt: skip
    services_decision.record_hearing_outcome(
        hearing=hearing, outcome="Conditions for twelve months", reasons="Proportionate to the concern",
        outcome_on=dt.date(2027, 1, 22), by=case_manager,
    )  # fmt: skip
    client = signed_in(case_manager)
    form = _text(client.get(_url("appeal", case)))
    assert "heard by the First-tier Tribunal, not by a panel of the organisation" in form
    assert "Who sits on the appeal panel?" not in form
    # A panel sent anyway (an old form, a crafted request) is refused by the service, and nothing is saved.
    with pytest.raises(ValidationError, match="heard by the First-tier Tribunal"):
        services_decision.lodge_appeal(
            hearing=hearing, received_on=dt.date(2027, 2, 1), panel_ids=[panel[2].pk], by=case_manager
        )
    assert not Appeal.objects.filter(case=case).exists()
    response = client.post(_url("appeal", case), _date("received_on", dt.date(2027, 2, 1)))
    assert response.status_code == 302
    appeal = Appeal.objects.get(case=case)
    assert appeal.heard_by == "the First-tier Tribunal" and not appeal.panel.exists()
    assert AuditEvent.objects.filter(action="appeal.lodged").latest("sequence").summary["after"][
        "heard_by"
    ] == ("the First-tier Tribunal")
    page = _text(client.get(_url("decision", case)))
    assert "Heard by" in page and "the First-tier Tribunal" in page and "Appeal panel" not in page
    received = next(e for e in chronology_for(case) if e.title == "Appeal received")
    assert received.detail == "Heard by: the First-tier Tribunal"
    decisions = next(s for s in build_sections(case, generated_on=dt.date(2027, 3, 1)) if s.key == "decision")
    rows = [row for entry in decisions.entries for row in entry.rows]
    assert ("Heard by", "the First-tier Tribunal") in [(row.label, row.value) for row in rows]


def test_an_mhps_appeal_still_needs_its_panel(case, case_manager, investigator, panel):
    _decided(case, case_manager, investigator)
    hearing = services_decision.arrange_hearing(
        case=case, held_on=dt.date(2027, 1, 11), panel_ids=[panel[0].pk],
        notice_given_on=dt.date(2026, 12, 1), companion="", by=case_manager,
    )  # fmt: skip
    hearing = services_decision.record_hearing_outcome(
        hearing=hearing, outcome="A first written warning", reasons="Proved",
        outcome_on=dt.date(2027, 1, 15), by=case_manager,
    )  # fmt: skip
    with pytest.raises(ValidationError, match="Choose the members of the panel"):
        services_decision.lodge_appeal(
            hearing=hearing, received_on=dt.date(2027, 2, 1), panel_ids=[], by=case_manager
        )
    assert not Appeal.objects.filter(case=case).exists()


def test_who_hears_an_appeal_outside_the_organisation_is_named_the_same_in_the_letters():
    """The letters' {appeal_to} and the appeal's record come from two files: they must name the same body."""
    from faircase.policy.choices import Policy
    from faircase.practitioners.letters import library
    from faircase.proceedings.options import appeal_heard_outside

    outside = {
        policy: appeal_heard_outside(policy) for policy in Policy.values if appeal_heard_outside(policy)
    }
    assert "performers_lists" in outside
    for policy in Policy.values:
        in_letters = library().values[policy]["appeal_to"]
        if policy in outside:
            assert in_letters == outside[policy], policy
        else:
            assert in_letters == "an appeal panel", policy
