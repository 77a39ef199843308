"""`faircase workdays add DATE N --nation NATION` and `faircase workdays between START END --nation NATION`.

Working-day arithmetic with the nation's bank holidays, for people checking a deadline by hand and for scripts:
each prints one value (an ISO date or a whole number) and nothing else. The rules are those of
faircase.policy.calendar.
"""

import re
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.policy.calendar import Nation, add_working_days, working_days_between

NATIONS = [nation.value for nation in Nation]
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
WHOLE_NUMBER = re.compile(r"-?[0-9]+")


class Command(BaseCommand):
    help = (
        "Working days with the nation's bank holidays. `faircase workdays add DATE N --nation NATION` prints the "
        "date N working days after DATE; `faircase workdays between START END --nation NATION` prints the number "
        "of working days after START up to and including END."
    )
    # A calculation: it reads neither the database nor the settings, so it need not wait for system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        adding = actions.add_parser(
            "add",
            help="Print the date N working days after DATE",
            description=(
                "Print the date N working days after DATE (YYYY-MM-DD). DATE itself never counts. A negative N "
                "counts back: the date N working days before DATE. N = 0 prints DATE if it is a working day, "
                "otherwise the next working day."
            ),
        )
        adding.add_argument("date", metavar="DATE", help="The date to count from, as YYYY-MM-DD")
        adding.add_argument(
            "n", metavar="N", help="How many working days, a whole number (negative counts back)"
        )
        self.add_nation(adding)
        between = actions.add_parser(
            "between",
            help="Print the number of working days after START up to and including END",
            description=(
                "Print the number of working days after START up to and including END (both YYYY-MM-DD). "
                "Negative when END is before START."
            ),
        )
        between.add_argument(
            "start", metavar="START", help="The first date, as YYYY-MM-DD (it does not count)"
        )
        between.add_argument("end", metavar="END", help="The last date, as YYYY-MM-DD (it counts)")
        self.add_nation(between)

    @staticmethod
    def add_nation(parser: CommandParser) -> None:
        parser.add_argument(
            "--nation",
            required=True,
            choices=NATIONS,
            help="Whose bank holidays to use",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        nation = Nation(options["nation"])
        try:
            if action == "add":
                start = parse_date(options["date"], "DATE")
                result = add_working_days(start, parse_whole_number(options["n"], "N"), nation)
                self.stdout.write(result.isoformat())
            elif action == "between":
                start = parse_date(options["start"], "START")
                end = parse_date(options["end"], "END")
                self.stdout.write(str(working_days_between(start, end, nation)))
        except ValueError as error:
            raise CommandError(str(error)) from error


def parse_date(value: str, name: str) -> date:
    """A date written YYYY-MM-DD (and only that: not 20261218 or 2026-W51-5, which fromisoformat also takes)."""
    if ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise CommandError(f"{name} '{value}' is not a date: write it as YYYY-MM-DD, for example 2026-12-18.")


def parse_whole_number(value: str, name: str) -> int:
    if not WHOLE_NUMBER.fullmatch(value):
        raise CommandError(
            f"{name} '{value}' is not a whole number of working days: write it as, for example, 20."
        )
    return int(value)
