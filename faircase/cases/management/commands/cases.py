"""`faircase cases list --org SLUG [--json]`: an organisation's cases, for people (a table) or programs (JSON)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.accounts.models import Organisation
from faircase.cases.models import Case


class Command(BaseCommand):
    help = "Work with cases from the command line. `faircase cases list --org SLUG [--json]` lists an organisation's cases."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        listing = actions.add_parser(
            "list",
            help="List an organisation's cases: reference, practitioner and stage",
            description="List an organisation's cases: reference, practitioner and stage.",
        )
        listing.add_argument(
            "--org", required=True, metavar="SLUG", help="The organisation's short name (slug)"
        )
        listing.add_argument("--json", action="store_true", help="Print a JSON list instead of a table")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "list":
            self.list_cases(slug=options["org"], as_json=options["json"])

    def list_cases(self, *, slug: str, as_json: bool) -> None:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            known = (
                ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
            )
            raise CommandError(f"There is no organisation '{slug}'. Organisations: {known}.")
        cases = [
            {
                "reference": case.reference,
                "practitioner": case.practitioner.full_name,
                "stage": case.stage,
                "stage_name": case.stage_name,
            }
            for case in Case.objects.for_system("command")
            .filter(organisation=organisation)
            .select_related("practitioner")
            .order_by("reference")
        ]
        if as_json:
            self.stdout.write(json.dumps(cases, indent=2))
            return
        if not cases:
            self.stdout.write(f"{organisation.name} has no cases.")
            return
        widths = [max(len(row[key]) for row in [*cases, HEADINGS]) for key in COLUMNS]
        for row in [HEADINGS, *cases]:
            self.stdout.write(
                "  ".join(row[key].ljust(width) for key, width in zip(COLUMNS, widths, strict=True)).rstrip()
            )


COLUMNS = ("reference", "practitioner", "stage_name")
HEADINGS = {"reference": "Reference", "practitioner": "Practitioner", "stage_name": "Stage"}
