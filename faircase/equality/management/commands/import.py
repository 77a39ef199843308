"""`faircase import workforce|cases`: workforce baselines and historic cases from a file.

    faircase import workforce FILE.csv --org SLUG [--dry-run]
    faircase import cases FILE.csv|FILE.xlsx --org SLUG [--dry-run]

A file is imported whole or not at all. When it has problems, each is printed on its own line (line and
column), then a one-line reason, and the command exits with status 1 having changed nothing. On success it
prints one line saying what was imported.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.core.commands import command_line_actor, organisation_by_slug
from faircase.equality import services_import
from faircase.equality.importers import CASE_COLUMNS, WORKFORCE_COLUMNS, ImportFileError
from faircase.equality.services_import import ImportRejected


class Command(BaseCommand):
    help = "Import workforce baselines or historic cases for an organisation from a CSV (or XLSX) file."

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="{workforce,cases}")
        workforce = kinds.add_parser(
            "workforce",
            help="Import workforce headcounts by group (the baseline of the statistics).",
            description="Import headcounts by group. Columns, exactly: "
            f"{','.join(WORKFORCE_COLUMNS)}. A later file for the same period, profession and dimension "
            "replaces those headcounts. A bad file is refused whole; nothing is saved.",
        )
        cases = kinds.add_parser(
            "cases",
            help="Import historic cases (from before faircase) for the statistics.",
            description="Import historic cases from a CSV or XLSX file. Columns, exactly: "
            f"{','.join(CASE_COLUMNS)}. A bad file is refused whole; nothing is saved.",
        )
        for sub in (workforce, cases):
            sub.add_argument("file", help="The CSV file (or XLSX workbook) to import.")
            sub.add_argument("--org", required=True, help="The organisation's slug, for example riverside.")
            sub.add_argument(
                "--dry-run",
                action="store_true",
                help="Check the file and say what would be imported; write nothing.",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        organisation = organisation_by_slug(options["org"])
        path = Path(options["file"])
        service = services_import.import_workforce if kind == "workforce" else services_import.import_cases
        try:
            with path.open("rb") as file:
                result = service(
                    organisation=organisation,
                    file=file,
                    filename=path.name,
                    by=command_line_actor(f"import {kind}"),
                    dry_run=options["dry_run"],
                    source="command",
                )
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file.") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path} is a directory, not a file.") from error
        except ImportFileError as error:
            raise CommandError(f"{path.name}: {error} Nothing was imported.") from error
        except ImportRejected as error:
            for problem in error.problems.in_order():
                self.stderr.write(str(problem))
            if error.problems.unlisted:
                self.stderr.write(f"... and {error.problems.unlisted:,} more problems not listed.")
            raise CommandError(
                f"{path.name}: {error.problems.summary()} (listed above). Nothing was imported."
            ) from error
        except OSError as error:
            raise CommandError(f"{path}: could not be read ({error.strerror or error}).") from error
        self.stdout.write(result.summary())
