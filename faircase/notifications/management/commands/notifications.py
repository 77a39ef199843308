"""`faircase notifications send [--digest]`: email the items of new work still to send (a retry of any whose
email failed) and any letter whose email was interrupted, and with --digest the daily email of those who chose
one. Run it from a scheduler: every few minutes without --digest, once a morning with it."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from faircase.core.formatting import pluralise
from faircase.notifications import services
from faircase.practitioners.services_comms import email_interrupted_letters


class Command(BaseCommand):
    help = "Email new work: each item to those who want one each; with --digest, the daily emails."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send what is waiting")
        send.add_argument("--digest", action="store_true", help="Also send the daily emails")

    def handle(self, *args: Any, **options: Any) -> None:
        results = [services.send_one(pk) for pk in services.unsent_each()]
        self.stdout.write(
            f"{pluralise(results.count('sent'), 'email')} sent, {results.count('failed')} failed "
            f"(failed ones are tried again on the next run)."
        )
        letters = email_interrupted_letters()
        if any(letters.values()):
            self.stdout.write(
                f"{pluralise(sum(letters.values()), 'letter')} whose email was interrupted: "
                f"{letters['emailed']} emailed, {letters['failed']} failed (failed ones are marked for the case "
                "team to email again or post)."
            )
        if options["digest"]:
            digests = services.send_digests()
            self.stdout.write(
                f"{pluralise(digests['digests_sent'], 'daily email')} sent, {digests['digests_failed']} failed."
            )
