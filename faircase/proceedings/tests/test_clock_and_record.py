"""The investigation's dates are the clock's, as the pack says; its record entries do not depend on the day."""

import datetime as dt

import pytest
import time_machine

from faircase.policy.events import ClockEvent
from faircase.policy.packs import pack_for_case
from faircase.proceedings import presenters, services
from faircase.proceedings.tests.factories import appoint, report_document
from faircase.process.presenters_deadlines import case_deadlines_context
from faircase.records.sections import build_sections

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        yield


def _investigation_rules(case):
    pack = pack_for_case(case)
    return {rule.key: rule for rule in pack.rules if rule.starts_on == ClockEvent.INVESTIGATOR_APPOINTED}


def test_the_investigation_s_due_dates_are_the_pack_s_periods_from_the_appointment(
    case, case_manager, investigator
):
    rules = _investigation_rules(case)
    # MHPS Part I, as the shipped pack has it: four weeks to investigate, five days more to report.
    assert (rules["investigation_complete"].amount, rules["investigation_complete"].unit) == (4, "weeks")
    assert (rules["investigation_report"].amount, rules["investigation_report"].unit) == (33, "calendar_days")

    appoint(case, case_manager, investigator)  # Monday 2 November 2026
    shown = presenters.investigation_context(case, case_manager, TODAY)["investigation_timescale"]

    assert len(shown["deadlines"]) == len(rules)
    assert {row["title"]: row["due_on"] for row in shown["deadlines"]} == {
        "Investigation completed": "30 November 2026",
        "Investigation report to the case manager": "5 December 2026",
    }
    assert all(row["to_confirm"] for row in shown["deadlines"])  # the pack marks them to be confirmed


def test_the_investigation_page_and_the_deadline_table_show_the_same_dates(case, case_manager, investigator):
    appoint(case, case_manager, investigator)

    page = presenters.investigation_context(case, case_manager, TODAY)["investigation_timescale"]["deadlines"]
    table = case_deadlines_context(case, case_manager, TODAY)["rows"]

    assert {(r["title"], r["due_on"]) for r in page} <= {(r["title"], r["due_on"]) for r in table}


def test_the_report_s_receipt_meets_the_reporting_deadline(case, case_manager, investigator):
    investigation = appoint(case, case_manager, investigator)
    report = report_document(case, case_manager)
    services.record_report_receipt(
        investigation=investigation,
        report_id=str(report.pk),
        received_on=dt.date(2026, 11, 19),
        by=case_manager,
    )

    shown = presenters.investigation_context(case, case_manager, TODAY)["investigation_timescale"][
        "deadlines"
    ]
    assert {row["title"]: row["status"] for row in shown}[
        "Investigation report to the case manager"
    ] == "done"


def test_where_the_pack_sets_no_time_for_the_decision_the_page_says_so(case, case_manager, investigator):
    appoint(case, case_manager, investigator)

    decision = presenters.investigation_context(case, case_manager, TODAY)["decision_timescale"]

    assert decision["none"] and decision["deadlines"] == [] and decision["rules"] == []
    assert "Maintaining High Professional Standards" in decision["pack"]


def test_the_record_s_investigation_entries_do_not_depend_on_the_day(case, case_manager, investigator):
    investigation = appoint(case, case_manager, investigator)
    report = report_document(case, case_manager)
    services.record_report_receipt(
        investigation=investigation,
        report_id=str(report.pk),
        received_on=dt.date(2026, 11, 19),
        by=case_manager,
    )

    def section(day):
        with time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC), tick=False):
            return next(s for s in build_sections(case, generated_on=day) if s.key == "investigation")

    first, later = section(TODAY), section(dt.date(2027, 3, 1))
    assert first == later
    assert [entry.heading for entry in first.entries] == [
        "Appointment of the case investigator",
        "The investigation report",
    ]
