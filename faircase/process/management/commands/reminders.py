"""`faircase reminders send`: one reminders run, for a scheduler such as cron (once a day, in the morning).

Records the reminders due today, enqueues a task for each one still to send (new ones and failed ones with
attempts left), and prints what was sent, what failed and what waits for the task worker
(`manage.py db_worker` with django-tasks-db). Running it twice in a day sends nothing twice.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from faircase.core.formatting import nhs_date, pluralise
from faircase.process import reminders
from faircase.process.models import Reminder


def _line(reminder: Reminder) -> str:
    when = (
        "overdue"
        if reminder.kind == Reminder.Kind.OVERDUE
        else f"{pluralise(reminder.lead_days, 'day')} before"
    )
    return (
        f"{reminder.case.reference}: {reminder.title or 'a deadline'}, due {nhs_date(reminder.due_on)} "
        f"({when}) to {reminder.recipient.get_username()}"
    )


class Command(BaseCommand):
    help = "Reminders of deadlines by email. `faircase reminders send` does one run (for cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        actions.add_parser(
            "send",
            help="Record the reminders due today and send them, retrying failed ones",
            description=(
                "Record the reminders due today (before each deadline at its lead times, and once when it has "
                "passed) for the people named on each open case, and send them and any failed ones with "
                f"attempts left (at most {reminders.MAX_ATTEMPTS}). Prints what was sent and what failed."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = reminders.run()
        for reminder in report.sent:
            self.stdout.write(f"Sent: {_line(reminder)}")
        for reminder in report.failed:
            retry = (
                "will retry at the next run"
                if reminder.attempts < reminders.MAX_ATTEMPTS
                else "gave up: see the failed reminders page"
            )
            self.stdout.write(
                f"Failed (attempt {reminder.attempts} of {reminders.MAX_ATTEMPTS}, {retry}): {_line(reminder)}: "
                f"{reminder.last_error}"
            )
        for reminder in report.queued:
            self.stdout.write(f"Queued for the task worker: {_line(reminder)}")
        self.stdout.write(
            f"{pluralise(report.recorded, 'new reminder')} recorded; {len(report.sent)} sent, {len(report.failed)} failed, "
            f"{len(report.queued)} queued."
        )
