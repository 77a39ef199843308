"""`faircase audit verify`: walk the audit chain and say whether it is whole."""

from django.core.management.base import BaseCommand, CommandError

from faircase.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check the audit trail."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify")
        sub.add_parser(
            "verify", help="Walk the hash chain; exit 0 when it is whole, 1 naming the first bad event."
        )

    def handle(self, *args, **options):
        checked, fault = verify_chain()
        if fault is not None:
            raise CommandError(
                f"The audit trail is broken at {fault}. {checked} event(s) before it are intact.",
                returncode=1,
            )
        self.stdout.write(f"The audit trail is whole: {checked} event(s) checked.")
