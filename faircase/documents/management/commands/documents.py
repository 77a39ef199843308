"""`faircase documents add FILE --case REF --org SLUG --kind KIND [--date DATE] [--disclosable yes|no]` and
`faircase documents list --case REF --org SLUG [--json]`.

`add` moves a case file from a shared drive into faircase through the same checks as an upload (size, type from
the content, the malware scan when configured), audited with the command line as the actor. A bad file, an
unknown organisation, case or kind is refused with a message, exit status 1, and nothing saved.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from faircase.cases.models import Case
from faircase.core.commands import command_line_actor, organisation_by_slug
from faircase.core.formatting import pluralise
from faircase.documents import presenters, services
from faircase.documents.choices import Kind, Marking

NOTHING_SAVED = "Nothing was saved."
NO_REASON_GIVEN = "Marked withheld when it was added from the command line, without a reason: give one."


def _kind(value: str) -> str:
    wanted = value.strip().lower().replace("-", "_").replace(" ", "_")
    for kind in Kind:
        if wanted in {kind.value, kind.label.lower().replace(" ", "_")}:
            return kind.value
    choices = ", ".join(Kind.values)
    raise CommandError(f"Unknown kind '{value}'. Choose one of: {choices}. {NOTHING_SAVED}")


def _date(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as error:
        raise CommandError(
            f"The date '{value}' is not a date: write it as YYYY-MM-DD, like 2026-03-27. {NOTHING_SAVED}"
        ) from error


def _refusal(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(f"{message}." for messages in error.message_dict.values() for message in messages)
    return " ".join(f"{message}." for message in error.messages)


class Command(BaseCommand):
    help = "Work with a case's documents: add one from a file, or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        add = actions.add_parser(
            "add",
            help="Add a file to a case as a document (from a shared drive, say)",
            description="Add a file to a case as a document, with the checks of an upload.",
        )
        add.add_argument("file", metavar="FILE", help="The file to add: PDF, Word, PNG, JPEG, EML or MSG")
        self._case_arguments(add)
        add.add_argument("--kind", required=True, metavar="KIND", help=f"One of: {', '.join(Kind.values)}")
        add.add_argument(
            "--date", metavar="DATE", help="The date of the document, YYYY-MM-DD (default: today)"
        )
        add.add_argument(
            "--disclosable",
            choices=("yes", "no"),
            default="yes",
            help="May it be disclosed? 'no' marks it withheld (default: yes)",
        )
        add.add_argument("--reason", default="", help="Why it is withheld (with --disclosable no)")
        listing = actions.add_parser(
            "list",
            help="List a case's documents",
            description="List a case's documents: name, kind, SHA-256, version and whether it is disclosable.",
        )
        self._case_arguments(listing)
        listing.add_argument("--json", action="store_true", help="Print a JSON list instead of a table")

    @staticmethod
    def _case_arguments(parser: CommandParser) -> None:
        parser.add_argument("--case", required=True, metavar="REF", help="The case reference, like RIV-0147")
        parser.add_argument(
            "--org", required=True, metavar="SLUG", help="The organisation's short name (slug)"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        case = self._case(options.pop("org"), options.pop("case"))
        if action == "add":
            self.add(case, **options)
        else:
            self.list_documents(case, as_json=options["json"])

    @staticmethod
    def _case(slug: str, reference: str) -> Case:
        try:
            organisation = organisation_by_slug(slug)
        except CommandError as error:
            raise CommandError(f"{error} {NOTHING_SAVED}") from error
        case = (
            Case.objects.for_system("command")
            .select_related("organisation", "practitioner")
            .filter(organisation=organisation, reference__iexact=reference.strip())
            .first()
        )
        if case is None:
            raise CommandError(f"{organisation.name} has no case '{reference}'. {NOTHING_SAVED}")
        return case

    def add(self, case: Case, *, file: str, kind: str, date: str | None, disclosable: str, reason: str,
            **_: Any) -> None:  # fmt: skip
        kind = _kind(kind)
        dated = _date(date)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file at {path}. {NOTHING_SAVED}")
        withheld = disclosable == "no"
        try:
            with path.open("rb") as handle:
                document = services.add_document(
                    case=case,
                    file=File(handle, name=path.name),
                    name=path.name,
                    kind=kind,
                    dated=dated,
                    marking=Marking.WITHHELD if withheld else Marking.DISCLOSABLE,
                    withheld_reason=(reason.strip() or NO_REASON_GIVEN) if withheld else "",
                    by=command_line_actor("documents add"),
                )
        except ValidationError as error:
            raise CommandError(f"{path.name} was refused: {_refusal(error)} {NOTHING_SAVED}") from error
        except OSError as error:
            raise CommandError(f"{path} could not be read ({error.strerror}). {NOTHING_SAVED}") from error
        line = next(row for row in presenters.listing(case) if row["id"] == str(document.pk))
        self.stdout.write(
            f"Added {line['name']} to case {case.reference} as {presenters.kind_label(kind).lower()}, "
            f"{'withheld' if withheld else 'disclosable'}.\nSHA-256: {line['sha256']}"
        )

    def list_documents(self, case: Case, *, as_json: bool) -> None:
        lines = presenters.listing(case)
        if as_json:
            self.stdout.write(json.dumps(lines, indent=2))
            return
        if not lines:
            self.stdout.write(f"Case {case.reference} has no documents.")
            return
        self.stdout.write(f"Case {case.reference}: {pluralise(len(lines), 'document')}")
        for line in lines:
            marking = "disclosable" if line["disclosable"] else line["marking"]
            self.stdout.write(
                f"  {line['name']}  ({presenters.kind_label(line['kind'])}, version {line['version']}, {marking})"
                f"\n    SHA-256 {line['sha256']}"
            )
