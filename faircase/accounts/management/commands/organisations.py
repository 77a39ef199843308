"""`faircase organisations add --slug SLUG --name NAME --ods CODE --nation NATION --kind KIND` and
`faircase organisations list`.

The first step of a new installation, where the Django admin is off (production): an organisation, audited, with
the command line (and who ran it) as the actor. Its first administrator follows with `faircase people add`."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from faircase.accounts import services
from faircase.accounts.models import Nation, Organisation, OrganisationKind
from faircase.core.commands import command_line_actor, refused


class Command(BaseCommand):
    help = "Add an organisation (audited), or list them."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        add = subcommands.add_parser("add", help="Add an organisation")
        add.add_argument("--slug", required=True, help="Short name used in commands, for example riverside")
        add.add_argument("--name", required=True, help="Its full name")
        add.add_argument("--ods", required=True, metavar="CODE", help="Its ODS code")
        add.add_argument("--nation", required=True, help=", ".join(Nation.values))
        add.add_argument("--kind", required=True, help=", ".join(OrganisationKind.values))
        subcommands.add_parser("list", help="List the organisations")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "list":
            for organisation in Organisation.objects.order_by("slug"):
                self.stdout.write(f"{organisation.slug}\t{organisation.ods_code}\t{organisation.name}")
            return
        try:
            organisation = services.add_organisation(
                slug=options["slug"],
                name=options["name"],
                ods_code=options["ods"],
                nation=options["nation"],
                kind=options["kind"],
                by=command_line_actor("organisations"),
            )
        except ValidationError as error:
            raise refused(error) from error
        self.stdout.write(
            f"Added {organisation.name} ({organisation.slug}). Next: `faircase people add --org "
            f"{organisation.slug} --role org_admin ...` for its first administrator."
        )
