"""Reminders: lead times, overdue, sent once however often the run repeats, failures kept and retried."""

import datetime as dt
import io
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from faircase.accounts.tests.factories import member
from faircase.cases import services as case_services
from faircase.cases.tests.factories import open_case
from faircase.core.models import AuditEvent
from faircase.process import reminders
from faircase.process.models import Reminder
from faircase.process.tests.test_lists_deadlines import TODAY, install_fake_deadlines

DUE = dt.date(2026, 3, 16)  # a Monday


@pytest.fixture
def fake_deadlines(monkeypatch):
    return install_fake_deadlines(monkeypatch)


def on(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(7, 0), tzinfo=dt.UTC), tick=False)


def run_on(day: dt.date) -> reminders.RunReport:
    with on(day):
        return reminders.run()


def command_on(day: dt.date) -> str:
    out = io.StringIO()
    with on(day):
        call_command("reminders", "send", stdout=out)
    return out.getvalue()


@pytest.fixture
def named_case(organisation, case_manager):
    return open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="RFT-42"
    )


# --- Which reminder is due --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - dt.timedelta(days=8), None),
        (DUE - dt.timedelta(days=7), ("before", 7)),
        (DUE - dt.timedelta(days=3), ("before", 7)),
        (DUE - dt.timedelta(days=1), ("before", 1)),
        (DUE, ("before", 1)),
        (DUE + dt.timedelta(days=1), ("overdue", 0)),
        (DUE + dt.timedelta(days=40), ("overdue", 0)),
    ],
)
def test_the_reminder_due_is_that_of_the_shortest_open_lead_time_then_overdue(today, expected):
    assert reminders.reminder_for(DUE, (7, 1), today=today) == expected


def test_lead_times_come_from_the_rule_or_else_the_setting(settings):
    class Rule:
        reminder_days = (14, 2)

    class NoDays:
        reminder_days = ()

    settings.FAIRCASE_REMINDER_DAYS = (10, 3)
    assert reminders.lead_days_for(Rule()) == (14, 2)
    assert reminders.lead_days_for(NoDays()) == (10, 3)
    del settings.FAIRCASE_REMINDER_DAYS
    assert reminders.lead_days_for(NoDays()) == (7, 1)


# --- Runs ------------------------------------------------------------------------------------------------------


def test_each_named_person_gets_one_reminder_even_when_the_run_repeats(
    organisation,
    named_case,
    case_manager,
    fake_deadlines,
):
    investigator = member(organisation, "case_investigator", username="inv", email="inv@example.invalid")
    case_services.name_person(case=named_case, user=investigator, role="case_investigator", by=case_manager)
    fake_deadlines.add(named_case, "Review of formal exclusion", DUE)

    first = run_on(DUE - dt.timedelta(days=7))
    assert sorted(r.recipient.username for r in first.sent) == ["cm", "inv"]
    second = run_on(DUE - dt.timedelta(days=7))
    third = run_on(DUE - dt.timedelta(days=5))
    assert (second.sent, second.failed, third.sent) == ([], [], [])
    assert len(mail.outbox) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["cm@example.invalid", "inv@example.invalid"]
    assert Reminder.objects.filter(status="sent").count() == 2
    assert AuditEvent.objects.filter(action="reminder.sent").count() == 2


def test_the_day_before_brings_a_second_reminder_and_the_day_after_an_overdue_one(
    named_case,
    fake_deadlines,
):
    fake_deadlines.add(named_case, "Review of formal exclusion", DUE)
    assert run_on(DUE - dt.timedelta(days=8)).sent == []
    assert [r.lead_days for r in run_on(DUE - dt.timedelta(days=7)).sent] == [7]
    assert [r.lead_days for r in run_on(DUE - dt.timedelta(days=1)).sent] == [1]
    assert run_on(DUE).sent == []
    overdue = run_on(DUE + dt.timedelta(days=1)).sent
    assert [(r.kind, r.lead_days) for r in overdue] == [("overdue", 0)]
    assert run_on(DUE + dt.timedelta(days=2)).sent == []
    assert [m.subject for m in mail.outbox] == [
        "Due on case RFT-42: Review of formal exclusion, 16 March 2026",
        "Due on case RFT-42: Review of formal exclusion, 16 March 2026",
        "Overdue on case RFT-42: Review of formal exclusion",
    ]


def test_a_rules_own_lead_times_override_the_default(named_case, fake_deadlines):
    fake_deadlines.add(named_case, "Notice of hearing", DUE, reminder_days=(3,))
    assert run_on(DUE - dt.timedelta(days=7)).sent == []
    assert [r.lead_days for r in run_on(DUE - dt.timedelta(days=3)).sent] == [3]


def test_the_default_lead_times_come_from_settings(settings, named_case, fake_deadlines):
    settings.FAIRCASE_REMINDER_DAYS = (2,)
    fake_deadlines.add(named_case, "Notice of hearing", DUE)
    assert run_on(DUE - dt.timedelta(days=7)).sent == []
    assert [r.lead_days for r in run_on(DUE - dt.timedelta(days=2)).sent] == [2]


def test_no_reminder_for_a_deadline_met_a_closed_case_or_someone_excluded(
    organisation,
    named_case,
    case_manager,
    fake_deadlines,
):
    fake_deadlines.add(named_case, "Report received", DUE, done=True)
    closed = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="CLOSED"
    )
    closed.closed_at = timezone.now()
    closed.save(update_fields=["closed_at"])
    fake_deadlines.add(closed, "Closed case review", DUE)
    colleague = member(organisation, "case_manager", username="cm2")
    conflicted = open_case(
        organisation=organisation, by=case_manager, case_manager=case_manager, reference="CONF"
    )
    case_services.exclude_for_conflict(case=conflicted, user=case_manager, reason="Relative", by=colleague)
    fake_deadlines.add(conflicted, "Conflicted review", DUE)

    report = run_on(DUE)
    assert (report.sent, report.failed, report.recorded) == ([], [], 0)
    assert mail.outbox == []


def test_the_email_names_the_case_and_what_is_due_with_a_link_and_nothing_sensitive(
    settings,
    named_case,
    fake_deadlines,
):
    settings.FAIRCASE_SITE_URL = "https://faircase.example.invalid"
    fake_deadlines.add(named_case, "Review of formal exclusion", DUE)
    run_on(DUE - dt.timedelta(days=1))
    (message,) = mail.outbox
    assert "RFT-42" in message.subject
    assert "What is due: Review of formal exclusion" in message.body
    assert "Due on: 16 March 2026 (due tomorrow, 1 day left)" in message.body
    assert f"https://faircase.example.invalid/cases/{named_case.pk}/" in message.body
    assert named_case.practitioner.full_name not in message.subject + message.body
    assert "anticoagulant" not in message.body


# --- Failures ------------------------------------------------------------------------------------------------


class FlakyMail:
    """send_mail that fails `failures` times, then delivers."""

    def __init__(self, failures: int):
        self.failures = failures
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.calls <= self.failures:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return mail.send_mail(*args, **kwargs)


def test_a_failed_send_is_kept_and_retried_on_the_next_run(monkeypatch, named_case, fake_deadlines):
    flaky = FlakyMail(failures=1)
    monkeypatch.setattr(reminders, "send_mail", flaky)
    fake_deadlines.add(named_case, "Review of formal exclusion", DUE)

    output = command_on(DUE - dt.timedelta(days=1))
    reminder = Reminder.objects.get()
    assert (reminder.status, reminder.attempts) == ("failed", 1)
    assert "SMTPServerDisconnected: Connection unexpectedly closed" in reminder.last_error
    assert "Failed (attempt 1 of 5, will retry at the next run): RFT-42: Review of formal exclusion" in output
    assert mail.outbox == []

    output = command_on(DUE - dt.timedelta(days=1))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.last_error) == ("sent", 2, "")
    assert reminder.sent_at is not None
    assert "Sent: RFT-42: Review of formal exclusion, due 16 March 2026 (1 day before) to cm" in output
    assert "1 sent, 0 failed" in output
    assert len(mail.outbox) == 1


def test_after_five_failed_attempts_it_stays_failed_and_visible(
    monkeypatch,
    named_case,
    case_manager,
    signed_in,
    fake_deadlines,
):
    monkeypatch.setattr(reminders, "send_mail", FlakyMail(failures=99))
    fake_deadlines.add(named_case, "Review of formal exclusion", DUE)
    # Six runs the day before (the sixth finds nothing left to try), then one the day after.
    for day in [DUE - dt.timedelta(days=1)] * 6 + [DUE + dt.timedelta(days=1)]:
        run_on(day)
    before = Reminder.objects.get(kind="before")
    assert (before.status, before.attempts) == ("failed", reminders.MAX_ATTEMPTS)
    html = signed_in(case_manager).get(reverse("process:deadlines_failed_reminders")).content.decode()
    assert "Gave up" in html and "Connection unexpectedly closed" in html and "RFT-42" in html
    # The overdue reminder (a different reminder) has its own five attempts.
    assert Reminder.objects.get(kind="overdue").attempts == 1


def test_someone_without_an_email_address_is_a_visible_failure(organisation, case_manager, fake_deadlines):
    nobody = member(organisation, "case_manager", username="noemail", email="")
    case = open_case(organisation=organisation, by=case_manager, case_manager=nobody, reference="NO-EMAIL")
    fake_deadlines.add(case, "Review", DUE)
    report = run_on(DUE)
    assert [r.recipient.username for r in report.failed] == ["noemail"]
    assert report.failed[0].last_error == f"ValueError: {nobody.display_name} has no email address"
    assert mail.outbox == []


def test_a_reminder_already_claimed_or_sent_is_not_sent_again(named_case, case_manager, fake_deadlines):
    reminder = Reminder.objects.create(
        case=named_case,
        deadline_key="k",
        title="Review",
        due_on=DUE,
        kind="before",
        lead_days=1,
        recipient=case_manager,
        status=Reminder.Status.SENT,
        attempts=1,
    )
    assert reminders.send(reminder.pk) == "skipped"
    assert reminders.send(999999) == "skipped"
    assert mail.outbox == []


def test_the_command_says_when_there_is_nothing_to_send(db, fake_deadlines):
    assert command_on(TODAY).strip() == "0 new reminders recorded; 0 sent, 0 failed, 0 queued."
