"""`faircase people grant|revoke --org SLUG --username NAME --role ROLE [--reason TEXT]` and
`faircase people add --org SLUG --username NAME --name "FULL NAME" --email ADDRESS --role ROLE`

Adds a person (emailed a link to set their password, as from the People pages), grants or revokes a role on the
command line, through the same audited services as the People pages, with the
command line (and who ran it) as the actor. This is how a new organisation gets its first administrator, now
that Django's admin no longer changes roles. A refusal (an unknown role, a duplicate, the last administrator,
someone of another organisation without --reason) stops with the reason and a non-zero exit, and changes
nothing.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.accounts import services
from faircase.accounts.models import User
from faircase.accounts.roles import Role
from faircase.core.commands import command_line_actor, organisation_by_slug, refused


class Command(BaseCommand):
    help = "Grant or revoke a person's role in an organisation (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
        add = subcommands.add_parser(
            "add", help="Add a person with one role; they are emailed a link to set a password"
        )
        add.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
        add.add_argument("--username", required=True, help="Their username")
        add.add_argument("--name", required=True, help="Their full name")
        add.add_argument("--email", required=True, help="Where the link to set their password is sent")
        add.add_argument("--role", required=True, metavar="ROLE", help=", ".join(Role.values))
        for name, text in (("grant", "Give a person a role"), ("revoke", "Take a role away from a person")):
            sub = subcommands.add_parser(name, help=text)
            sub.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
            sub.add_argument("--username", required=True, help="The person's username")
            sub.add_argument("--role", required=True, metavar="ROLE", help=", ".join(Role.values))
            if name == "grant":
                sub.add_argument(
                    "--reason",
                    default="",
                    help="Why someone who works for another organisation needs a role here (kept in the audit trail)",
                )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_by_slug(options["org"])
        if options["subcommand"] == "add":
            self._add(organisation, options)
            return
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No account with the username '{options['username']}'. Nothing was changed.")
        role = options["role"]
        if role not in Role.values:
            raise CommandError(
                f"Unknown role '{role}'. Roles: {', '.join(Role.values)}. Nothing was changed."
            )
        by = command_line_actor("people")
        try:
            if options["subcommand"] == "grant":
                services.grant_role(
                    organisation=organisation, user=user, role=role, by=by, cause=options["reason"]
                )
                done = f"{user.display_name} ({user.username}) is now {Role(role).label.lower()}"
            else:
                services.revoke_role(organisation=organisation, user=user, role=role, by=by)
                done = f"{user.display_name} ({user.username}) is no longer {Role(role).label.lower()}"
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)} Nothing was changed.") from error
        self.stdout.write(f"{done} at {organisation.name}.")

    def _add(self, organisation: Any, options: dict[str, Any]) -> None:
        try:
            user = services.add_person(
                organisation=organisation,
                full_name=options["name"],
                username=options["username"],
                email=options["email"],
                role=options["role"],
                by=command_line_actor("people"),
            )
        except ValidationError as error:
            raise refused(error) from error
        self.stdout.write(
            f"Added {user.display_name} ({user.username}) as {Role(options['role']).label.lower()} at "
            f"{organisation.name}, and emailed them a link to set their password."
        )
