"""`faircase demo-users [--json]`: the demo logins, for people (a table) or programs (JSON)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.demo.services import DemoModeRequired, demo_accounts, role_label
from faircase.demo.tables import text_table


class Command(BaseCommand):
    help = (
        "List the demo logins: username, password, organisation (its slug, as --org takes it) and role. "
        "With --json, a JSON list of objects for programs. Only in demo mode, once the demo is loaded."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print a JSON list instead of a table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            accounts = demo_accounts()
        except DemoModeRequired as error:
            raise CommandError(str(error)) from error
        if not accounts:
            raise CommandError(
                "The demo is not loaded in this database: run `faircase demo --no-serve` first."
            )
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "username": p.username,
                            "password": p.password,
                            "organisation": p.organisation,
                            "role": p.role,
                        }
                        for p in accounts
                    ],
                    indent=2,
                )
            )
            return
        rows = [[p.username, p.password, ", ".join(p.organisations), role_label(p.role)] for p in accounts]
        self.stdout.write(text_table(["Username", "Password", "Organisation", "Role"], rows))
