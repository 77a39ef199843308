"""`faircase people grant|revoke --org SLUG --username NAME --role ROLE [--reason TEXT]`

Grants or revokes a role on the command line, through the same audited services as the People pages, with the
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
from faircase.core.commands import command_line_actor, organisation_by_slug


class Command(BaseCommand):
    help = "Grant or revoke a person's role in an organisation (audited)."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND", required=True)
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
