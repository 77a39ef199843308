"""`faircase audit verify`: walk the audit chain and say whether it is whole.
`faircase audit sign-in-key USERNAME`: the key that failed and refused sign-ins against that username are
recorded under (their object id), for an investigation; the trail never holds the username itself."""

from django.core.management.base import BaseCommand, CommandError

from faircase.core.audit import verify_chain
from faircase.core.formatting import pluralise


class Command(BaseCommand):
    help = "Check the audit trail."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verify | sign-in-key")
        sub.add_parser(
            "verify", help="Walk the hash chain; exit 0 when it is whole, 1 naming the first bad event."
        )
        key = sub.add_parser(
            "sign-in-key", help="Print the key under which failed sign-ins against a username are recorded."
        )
        key.add_argument("username")

    def handle(self, *args, **options):
        if options["action"] == "sign-in-key":
            from faircase.accounts.throttle import account_key

            self.stdout.write(
                f"Failed and refused sign-ins for that username are recorded as {account_key(options['username'])}"
            )
            return
        checked, fault = verify_chain()
        if fault is not None:
            raise CommandError(
                f"The audit trail is broken at {fault}. {pluralise(checked, 'event')} before it "
                f"{'is' if checked == 1 else 'are'} intact.",
                returncode=1,
            )
        self.stdout.write(f"The audit trail is whole: {pluralise(checked, 'event')} checked.")
