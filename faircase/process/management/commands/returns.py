"""`faircase returns exclusions --org SLUG --month YYYY-MM [--as-of DATE] --format csv|pdf --out FILE`

Writes an organisation's monthly exclusions return (every exclusion or suspension episode in force in the
month, counted to the as-of date, and the share of reviews done when due) as CSV or PDF. `--as-of` defaults to
today for the current month and to the month's last day for a past month. The export is audited, with the
command line as the actor. A wrong organisation, month, as-of date or format, or a month that has not begun,
stops with a clear message, a non-zero exit, and writes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from faircase.accounts.models import Organisation
from faircase.core.commands import write_whole_file
from faircase.core.formatting import pluralise
from faircase.process import returns

COMMAND_LINE_ACTOR = "faircase returns (command line)"


class Command(BaseCommand):
    help = "Produce the monthly exclusions return of an organisation."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        exclusions = subcommands.add_parser(
            "exclusions",
            help="Write the monthly exclusions return of one organisation to a file (CSV or PDF).",
        )
        exclusions.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
        exclusions.add_argument(
            "--month", required=True, metavar="YYYY-MM", help="The month, for example 2026-11"
        )
        exclusions.add_argument(
            "--as-of",
            dest="as_of",
            default="",
            metavar="DATE",
            help="Count to this day (YYYY-MM-DD, within the month, not after today). Default: today for the "
            "current month, the month's last day for a past month.",
        )
        exclusions.add_argument(
            "--format",
            dest="return_format",
            required=True,
            metavar="csv|pdf",
            help="The file format: csv or pdf",
        )
        exclusions.add_argument("--out", required=True, metavar="FILE", help="Where to write the return")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "exclusions":
            self.exclusions(**options)

    def exclusions(
        self, *, org: str, month: str, return_format: str, out: str, as_of: str = "", **_: Any
    ) -> None:
        fmt = return_format.strip().lower()
        if fmt not in returns.FORMATS:
            raise CommandError(
                f"Unknown format '{return_format}'. Choose one of: {', '.join(returns.FORMATS)}. Nothing was written."
            )
        try:
            chosen = returns.parse_month(month)
            as_of_day = returns.parse_date(as_of) if as_of else None
        except returns.ReturnError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name '{org}'. Nothing was written.")
        try:
            returns.as_of_for(chosen, as_of_day, today=timezone.localdate())
        except returns.ReturnError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        path = Path(out)
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give a file name. Nothing was written.")
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist. Nothing was written.")
        generated = returns.generate_return(
            organisation=organisation, month=chosen, fmt=fmt, by=COMMAND_LINE_ACTOR, as_of=as_of_day
        )
        write_whole_file(path, generated.content)
        document = generated.document
        self.stdout.write(
            f"Wrote the exclusions return of {organisation.name} ({organisation.slug}) for {chosen.label}, as of "
            f"{document.as_of.isoformat()}, to {path} "
            f"as {fmt.upper()}: {pluralise(len(document.rows), 'episode')}; reviews done when due {document.share_text} "
            f"(target 90%: {document.target_text})."
        )
