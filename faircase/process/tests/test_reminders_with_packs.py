"""Reminders on deadlines computed from the shipped national policy packs (rule lead times from the pack)."""

import datetime as dt
import io

import time_machine
from django.core import mail
from django.core.management import call_command

from faircase.cases.tests.factories import open_case
from faircase.process.models import Reminder
from faircase.process.tests.test_lists_with_packs import report_shared

DUE = dt.date(2026, 3, 16)  # 10 working days after 2 March 2026; the pack's reminder_days for it: [3]


def command_on(day: dt.date) -> str:
    out = io.StringIO()
    with time_machine.travel(dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC), tick=False):
        call_command("reminders", "send", stdout=out)
    return out.getvalue()


def test_the_packs_lead_time_and_the_overdue_reminder_each_go_once(organisation, case_manager):
    case = open_case(organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-9")
    report_shared(case, case_manager)

    assert "0 sent" in command_on(DUE - dt.timedelta(days=4))
    first = command_on(DUE - dt.timedelta(days=3))
    assert (
        "Sent: RFT-9: Practitioner's comments on the report, due 16 March 2026 (3 days before) to cm" in first
    )
    assert "0 sent" in command_on(DUE - dt.timedelta(days=3))
    assert "0 sent" in command_on(DUE)
    assert "Sent: RFT-9: Practitioner's comments on the report, due 16 March 2026 (overdue)" in command_on(
        DUE + dt.timedelta(days=1)
    )
    assert "0 sent" in command_on(DUE + dt.timedelta(days=2))
    assert [(r.kind, r.lead_days) for r in Reminder.objects.order_by("id")] == [("before", 3), ("overdue", 0)]
    assert len(mail.outbox) == 2
    assert case.practitioner.full_name not in mail.outbox[0].body


def test_an_exclusion_period_alerts_on_its_last_day_and_after_it_with_the_right_to_return(
    organisation, case_manager
):
    """The right to return when a review is not held: the pack's alert at the end of each period (a reminder on
    its last day) and the overdue one after it, both read from the clock."""
    from faircase.process import services

    case = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-10"
    )
    with time_machine.travel(dt.datetime(2027, 1, 4, 9, tzinfo=dt.UTC), tick=False):
        contact = services.record_advice_contact(
            case=case,
            contacted_on=dt.date(2027, 1, 4),
            adviser="A. Adviser",
            question="?",
            advice="!",
            by=case_manager,
        )
        services.record_restriction(
            case=case,
            kind="formal_exclusion",
            started_on=dt.date(2027, 1, 4),
            terms="Off duty.",
            reasons="The investigation.",
            advice_contact=contact,
            by=case_manager,
        )
    last_day = dt.date(2027, 1, 31)
    assert (
        "Review of the formal exclusion period (period 1), due 31 January 2027 (0 days before)"
        in command_on(last_day)
    )
    command_on(last_day + dt.timedelta(days=1))
    kinds = [
        (r.kind, r.lead_days)
        for r in Reminder.objects.filter(title__startswith="Review of the formal").order_by("id")
    ]
    assert kinds == [("before", 7), ("before", 0), ("overdue", 0)] or kinds[-2:] == [
        ("before", 0),
        ("overdue", 0),
    ]
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue on case RFT-10: Review of the formal")]
    assert len(overdue) == 1 and "has passed" in overdue[0].body
