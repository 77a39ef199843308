"""`faircase bundle subject-access --practitioner REG --org SLUG --out FILE [--redact TERM ...]`
`faircase bundle tribunal CASE_REF --org SLUG --out FILE [--redact TERM ...]`

Prepares a disclosure bundle as a draft, as the web page does (recorded with the bundle, audited with the command
line as the actor), and writes a copy of its PDF to FILE. The practitioner is named by their registration number
(GMC, GDC or GPhC). A wrong organisation, practitioner, case or term stops with a clear message and writes nothing.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.accounts.models import Organisation
from faircase.bundles import services
from faircase.bundles.choices import Kind
from faircase.cases.models import Case, Practitioner
from faircase.core.commands import write_whole_file
from faircase.documents.storage import document_storage

NOTHING_WRITTEN = "Nothing was written."


class Command(BaseCommand):
    help = "Prepare a subject access or tribunal bundle and write its PDF to a file."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        subject = subcommands.add_parser(
            "subject_access", aliases=["subject-access"], help="Everything held about one practitioner."
        )
        subject.add_argument(
            "--practitioner", required=True, metavar="REG", help="The practitioner's registration number"
        )
        tribunal = subcommands.add_parser("tribunal", help="One case's tribunal bundle.")
        tribunal.add_argument(
            "reference", metavar="CASE_REF", help="The case reference, for example RIV-0147"
        )
        for sub in (subject, tribunal):
            sub.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
            sub.add_argument("--out", required=True, metavar="FILE", help="Where to write the bundle's PDF")
            sub.add_argument(
                "--redact", action="append", default=[], metavar="TERM",
                help="A name, word or phrase to replace by [redacted] (repeat for each)",
            )  # fmt: skip

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            raise CommandError(f"No organisation with the short name '{options['org']}'. {NOTHING_WRITTEN}")
        path = Path(options["out"])
        if not path.parent.is_dir():
            raise CommandError(f"The folder {path.parent} does not exist. {NOTHING_WRITTEN}")
        if path.is_dir():
            raise CommandError(f"{path} is a folder: give a file name. {NOTHING_WRITTEN}")
        cases = Case.objects.for_system("command").select_related("organisation", "practitioner", "opened_by")
        if options["subcommand"] == "tribunal":
            reference = options["reference"].strip()
            case = cases.filter(organisation=organisation, reference__iexact=reference).first()
            if case is None:
                raise CommandError(
                    f"No case with the reference '{reference}' in {organisation.name}. {NOTHING_WRITTEN}"
                )
            kind, practitioner, chosen = Kind.TRIBUNAL, case.practitioner, [case]
        else:
            number = options["practitioner"].strip()
            practitioner = Practitioner.objects.filter(
                organisation=organisation, registration_number=number
            ).first()
            if practitioner is None:
                raise CommandError(
                    f"No practitioner with the registration number '{number}' in {organisation.name}. "
                    f"{NOTHING_WRITTEN}"
                )
            kind = Kind.SUBJECT_ACCESS
            chosen = list(cases.filter(practitioner=practitioner).order_by("opened_at", "reference"))
        try:
            bundle = services.prepare_bundle(
                kind=kind, organisation=organisation, practitioner=practitioner, cases=chosen,
                terms=options["redact"], by=services.COMMAND_LINE_ACTOR,
            )  # fmt: skip
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)}. {NOTHING_WRITTEN}") from error
        with document_storage().open(bundle.storage_name, "rb") as handle:
            write_whole_file(path, handle.read())
        self.stdout.write(
            f"Wrote the {bundle.get_kind_display().lower()} ({bundle.page_count} pages, draft) to {path}.\n"
            f"SHA-256: {bundle.sha256}\nRelease it from its page in faircase once it has been checked."
        )
