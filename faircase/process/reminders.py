"""Reminders: email the people named on a case before a deadline and once it has passed.

One run (`faircase reminders send`, from a scheduler such as cron) does three things:

1. works out which reminders are due today (`due_reminders`): for each deadline not yet met on an open case (read
   from the one clock, faircase.process.clock, never through a presenter), for
   each person named on the case, a "before" reminder at the rule's lead times (or FAIRCASE_REMINDER_DAYS) and
   one "overdue" reminder once the day has passed;
2. records each as a Reminder row: a unique constraint means a reminder is recorded, and so sent, once, however
   often the run repeats;
3. enqueues one task per reminder still to send (new ones, and failed ones with attempts left), through
   Django's tasks framework (django-tasks-db in production, run by `manage.py db_worker`).

The task (`send`) claims the reminder by bumping its attempt count (a compare-and-set, so two workers never
both send it), emails it, and marks it sent; a failure is kept with its error, retried on the next run, and
after MAX_ATTEMPTS left failed and listed for case managers. Emails name the case and what is due, with a
link; never the practitioner, the concern or anything else sensitive.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from faircase.accounts.models import User
from faircase.cases.models import Case, CaseMember, ConflictExclusion
from faircase.core import audit, languages
from faircase.core.formatting import nhs_date
from faircase.process import clock
from faircase.process.models import Reminder
from faircase.process.wording import days_in_words

# Sent after each run records its new reminders, with the keys of their deadlines.
reminders_recorded = Signal()

MAX_ATTEMPTS = 5
DEFAULT_REMINDER_DAYS = (7, 1)
SYSTEM_ACTOR = "faircase reminders (system)"


def default_lead_days() -> tuple[int, ...]:
    return tuple(getattr(settings, "FAIRCASE_REMINDER_DAYS", DEFAULT_REMINDER_DAYS))


def lead_days_for(rule: Any) -> tuple[int, ...]:
    days = tuple(getattr(rule, "reminder_days", ()) or ())
    return days or default_lead_days()


def reminder_for(due_on: dt.date, lead_days: tuple[int, ...], *, today: dt.date) -> tuple[str, int] | None:
    """Which reminder (kind, lead days) is due today for a deadline, if any.

    Before the deadline, the reminder of the shortest lead time whose window [due_on - lead, due_on] holds today:
    with lead times 7 and 1, one email a week before and one the day before; a deadline first seen three days
    ahead gets the 7-day reminder at once, not both. After the deadline, one "overdue" reminder.
    """
    if today > due_on:
        return Reminder.Kind.OVERDUE, 0
    open_windows = [lead for lead in lead_days if lead >= 0 and clock.reminder_opens(due_on, lead) <= today]
    if not open_windows:
        return None
    return Reminder.Kind.BEFORE, min(open_windows)


@dataclass(frozen=True)
class DueReminder:
    case_id: Any
    deadline_key: str
    title: str
    due_on: dt.date
    kind: str
    lead_days: int
    recipient_id: int

    @property
    def identity(self) -> tuple[str, dt.date, str, int, int]:
        return (self.deadline_key, self.due_on, self.kind, self.lead_days, self.recipient_id)


def _named_people(cases: Any) -> dict[Any, list[int]]:
    """Who is named on each case, less anyone kept away from it by a conflict, and only active users."""
    excluded = set(ConflictExclusion.objects.of_cases(cases).values_list("case_id", "user_id"))
    people: dict[Any, list[int]] = defaultdict(list)
    members = (
        CaseMember.objects.of_cases(cases)
        .filter(user__is_active=True)
        .order_by("case_id", "user_id")
        .values_list("case_id", "user_id")
    )
    for case_id, user_id in members:
        if (case_id, user_id) not in excluded and user_id not in people[case_id]:
            people[case_id].append(user_id)
    return people


def due_reminders(*, today: dt.date) -> list[DueReminder]:
    cases = Case.objects.for_system("reminders").filter(closed_at__isnull=True)
    people = _named_people(cases)
    due = []
    for deadline in clock.open_deadlines(cases, today=today):
        which = reminder_for(deadline.due_on, lead_days_for(deadline.rule), today=today)
        if which is None:
            continue
        kind, lead = which
        for user_id in people.get(deadline.case_id, []):
            due.append(
                DueReminder(
                    case_id=deadline.case_id,
                    deadline_key=deadline.key,
                    title=deadline.title[:300],
                    due_on=deadline.due_on,
                    kind=kind,
                    lead_days=lead,
                    recipient_id=user_id,
                )
            )
    return due


@transaction.atomic
def record_due(*, today: dt.date) -> list[Reminder]:
    """Record the reminders due today that are not recorded yet; returns the new ones."""
    due = due_reminders(today=today)
    if not due:
        return []
    keys = {d.deadline_key for d in due}
    recorded = set(
        Reminder.objects.for_system("reminders")
        .filter(deadline_key__in=keys)
        .values_list("deadline_key", "due_on", "kind", "lead_days", "recipient_id")
    )
    new = [
        Reminder(
            case_id=d.case_id,
            deadline_key=d.deadline_key,
            title=d.title,
            due_on=d.due_on,
            kind=d.kind,
            lead_days=d.lead_days,
            recipient_id=d.recipient_id,
        )
        for d in due
        if d.identity not in recorded
    ]
    Reminder.objects.for_system("reminders").bulk_create(new, ignore_conflicts=True)
    # Those who listen (the items of "Your work") read the reminders of these deadlines back themselves: rows
    # created with ignore_conflicts carry no primary key.
    reminders_recorded.send(sender=Reminder, deadline_keys=keys)
    return new


def to_send() -> list[int]:
    """Reminders waiting to be sent: new ones, and failed ones with attempts left, on open cases. Someone who
    chose one email a day gets theirs in the daily digest (faircase.notifications), not one by one."""
    return list(
        Reminder.objects.for_system("reminders")
        .exclude(recipient__notification_delivery=User.Delivery.DAILY)
        .filter(
            Q(status=Reminder.Status.PENDING) | Q(status=Reminder.Status.FAILED, attempts__lt=MAX_ATTEMPTS),
            attempts__lt=MAX_ATTEMPTS,
            case__closed_at__isnull=True,
        )
        .order_by("due_on", "id")
        .values_list("id", flat=True)
    )


@dataclass
class RunReport:
    recorded: int = 0
    sent: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)
    queued: list[Reminder] = field(default_factory=list)


def run(*, today: dt.date | None = None) -> RunReport:
    """One run: record the reminders due today, then enqueue a task for each one to send."""
    from faircase.process.tasks import send_reminder

    today = today or timezone.localdate()
    report = RunReport(recorded=len(record_due(today=today)))
    ids = to_send()
    for reminder_id in ids:
        send_reminder.enqueue(reminder_id)
    for reminder in (
        Reminder.objects.for_system("reminders")
        .filter(pk__in=ids)
        .select_related("case", "recipient")
        .order_by("due_on", "id")
    ):
        if reminder.status == Reminder.Status.SENT:
            report.sent.append(reminder)
        elif reminder.status == Reminder.Status.FAILED:
            report.failed.append(reminder)
        else:
            report.queued.append(reminder)
    return report


# --- Sending one reminder (the body of the task) --------------------------------------------------------------


def site_url() -> str:
    return str(getattr(settings, "FAIRCASE_SITE_URL", "http://localhost:8000")).rstrip("/")


def email_for(reminder: Reminder, *, today: dt.date) -> tuple[str, str]:
    """Subject and body, in the language the recipient reads faircase in: the case, what is due, when, and a link.
    Nothing about the practitioner or concern."""
    case = reminder.case
    link = site_url() + reverse("cases:detail", kwargs={"case_id": case.pk})
    with languages.speaking_to(reminder.recipient):
        words = {
            "reference": case.reference,
            "what": reminder.title or _("A deadline"),
            "date": nhs_date(reminder.due_on),
            "when": days_in_words(reminder.due_on, today=today).lower(),
            "link": link,
        }
        if reminder.kind == Reminder.Kind.OVERDUE:
            subject = _("Overdue on case %(reference)s: %(what)s") % words
            opening = _("A deadline on case %(reference)s has passed.") % words
        else:
            subject = _("Due on case %(reference)s: %(what)s, %(date)s") % words
            opening = _("A deadline on case %(reference)s is coming up.") % words
        body = "\n".join(
            [
                opening,
                "",
                _("What is due: %(what)s") % words,
                _("Due on: %(date)s (%(when)s)") % words,
                "",
                _("Open the case to see the details and record what has been done: %(link)s") % words,
                "",
                _(
                    "You are getting this email because you are named on the case in faircase. Sign in to see the "
                    "details; they are not sent by email."
                ),
            ]
        )
    return str(subject)[:250], body


def send(reminder_id: int) -> str:
    """Send one reminder. Returns "sent", "failed" or "skipped" (already sent, claimed by another, given up)."""
    reminder = (
        Reminder.objects.for_system("reminders")
        .select_related("case", "recipient")
        .filter(pk=reminder_id)
        .first()
    )
    if reminder is None or reminder.status == Reminder.Status.SENT or reminder.attempts >= MAX_ATTEMPTS:
        return "skipped"
    claimed = (
        Reminder.objects.for_system("reminders")
        .filter(pk=reminder.pk, attempts=reminder.attempts)
        .exclude(status=Reminder.Status.SENT)
        .update(attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    reminder.attempts += 1
    try:
        address = reminder.recipient.email
        if not address:
            raise ValueError(f"{reminder.recipient.display_name} has no email address")
        subject, body = email_for(reminder, today=timezone.localdate())
        send_mail(subject, body, None, [address], fail_silently=False)
    except Exception as error:  # any failure to send is recorded, to be retried and seen
        Reminder.objects.for_system("reminders").filter(pk=reminder.pk).update(
            status=Reminder.Status.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return "failed"
    with transaction.atomic():
        Reminder.objects.for_system("reminders").filter(pk=reminder.pk).update(
            status=Reminder.Status.SENT, sent_at=timezone.now(), last_error=""
        )
        audit.record(
            by=SYSTEM_ACTOR,
            action="reminder.sent",
            obj=reminder,
            case=reminder.case,
            detail={
                "deadline": reminder.deadline_key,
                "kind": reminder.kind,
                "lead_days": reminder.lead_days,
                "due_on": reminder.due_on.isoformat(),
                "recipient_id": reminder.recipient_id,
                "attempt": reminder.attempts,
            },
        )
    return "sent"
