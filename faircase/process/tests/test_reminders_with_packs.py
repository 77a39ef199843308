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
