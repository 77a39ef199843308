"""`faircase record export CASE_REF --org SLUG --format pdf|docx|html --out FILE`

Writes the disclosable framework record of one case to a file. The export is audited like a download, with
the command line as the actor. A wrong organisation, case or format stops with a clear message and writes
nothing.
"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.accounts.models import Organisation
from faircase.cases.models import Case
from faircase.core.commands import write_whole_file
from faircase.records import services
from faircase.records.renderers import FORMATS


class Command(BaseCommand):
    help = "Produce the disclosable framework record of a case."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        export = subcommands.add_parser(
            "export", help="Write the framework record of one case to a file (PDF, Word or HTML)."
        )
        export.add_argument("reference", metavar="CASE_REF", help="The case reference, for example FC-00012")
        export.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
        export.add_argument(
            "--format",
            dest="record_format",
            required=True,
            metavar="|".join(FORMATS),
            help=f"The file format: {', '.join(FORMATS)}",
        )
        export.add_argument("--out", required=True, metavar="FILE", help="Where to write the record")
        export.add_argument(
            "--language",
            choices=list(services.LANGUAGE_CHOICES),
            help="en, cy or bilingual (Welsh first); by default the practitioner's language for documents",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "export":
            self.export(**options)

    def export(
        self, *, reference: str, org: str, record_format: str, out: str, language: str | None = None, **_: Any
    ) -> None:
        record_format = record_format.strip().lower()
        if record_format not in FORMATS:
            raise CommandError(
                f"Unknown format '{record_format}'. Choose one of: {', '.join(FORMATS)}. Nothing was written."
            )
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name '{org}'. Nothing was written.")
        case = self._find_case(organisation, reference)
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist. Nothing was written.")
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give a file name. Nothing was written.")

        generated = services.generate_record(
            case=case,
            fmt=record_format,
            by=services.COMMAND_LINE_ACTOR,
            languages=services.document_languages(case, language),
        )
        write_whole_file(path, generated.content)
        self.stdout.write(
            f"Wrote the framework record of case {case.reference} ({organisation.slug}) to {path} "
            f"as {generated.format.label}.\n"
            f"Integrity hash ({generated.document.footer.algorithm}): {generated.document.footer.sha256}"
        )

    @staticmethod
    def _find_case(organisation: Organisation, reference: str) -> Case:
        cases = (
            Case.objects.for_system("command")
            .select_related("organisation", "practitioner", "opened_by")
            .filter(organisation=organisation)
        )
        case = (
            cases.filter(reference=reference.strip()).first()
            or cases.filter(reference__iexact=reference.strip()).first()
        )
        if case is None:
            raise CommandError(
                f"No case with the reference '{reference}' in {organisation.name} ({organisation.slug}). "
                "Nothing was written."
            )
        return case
