"""`faircase retention review [--org SLUG] [--json]` lists the closed cases due for deletion under the retention
schedule and emails each organisation's administrators that a review waits; it deletes nothing.
`faircase retention delete --case REF --org SLUG --by USERNAME --confirm` deletes one due case for an
organisation administrator, leaving only its tombstone in the audit trail (docs/adr/0031-retention-and-deletion.md).
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from faircase.accounts.models import Organisation, User
from faircase.cases.models import Case
from faircase.core.formatting import pluralise
from faircase.retention import selectors, services
from faircase.retention.schedule import ScheduleError


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)) or "none yet"
        raise CommandError(f"There is no organisation '{slug}'. Organisations: {known}.")
    return organisation


class Command(BaseCommand):
    help = (
        "The retention schedule. `faircase retention review` lists what is due and tells administrators; "
        "`faircase retention delete` deletes one due case once an administrator confirms."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
        review = actions.add_parser(
            "review",
            help="List the closed cases due for deletion and tell each organisation's administrators",
            description="List the closed cases due for deletion (and those held) and email each organisation's "
            "administrators that a review waits. Deletes nothing. Meant to run monthly.",
        )
        review.add_argument("--org", metavar="SLUG", help="Only this organisation (its short name)")
        review.add_argument("--json", action="store_true", help="Print JSON instead of a table")
        review.add_argument(
            "--no-email", action="store_true", help="List only: do not email the administrators"
        )
        delete = actions.add_parser(
            "delete",
            help="Delete one due case for an organisation administrator, leaving its tombstone",
            description="Delete one closed case that is due and not on legal hold, with everything that belongs "
            "to it, leaving one event in the audit trail. Refused unless --by is the organisation's "
            "administrator and --confirm is given.",
        )
        delete.add_argument("--case", required=True, metavar="REF", help="The case reference, like RIV-0064")
        delete.add_argument("--org", required=True, metavar="SLUG", help="The organisation's short name")
        delete.add_argument("--by", required=True, metavar="USERNAME", help="The administrator confirming it")
        delete.add_argument(
            "--confirm", action="store_true", help="Confirm the deletion: it cannot be undone"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            if action == "review":
                self.review(slug=options["org"], as_json=options["json"], email=not options["no_email"])
            elif action == "delete":
                self.delete(
                    reference=options["case"],
                    slug=options["org"],
                    username=options["by"],
                    confirmed=options["confirm"],
                )
        except ScheduleError as error:
            raise CommandError(str(error)) from None

    def review(self, *, slug: str | None, as_json: bool, email: bool) -> None:
        today = timezone.localdate()
        organisations = [_organisation(slug)] if slug else list(Organisation.objects.order_by("slug"))
        listed = []
        for organisation in organisations:
            due, held = selectors.due_or_held(selectors.review_for_system(organisation), today)
            listed += [(organisation, kept) for kept in [*due, *held]]
            if email and due:
                services.notify_review_waiting(organisation=organisation, due=len(due))
        rows: list[dict[str, Any]] = [
            {
                "reference": kept.reference,
                "organisation": organisation.slug,
                "rule": kept.rule.key,
                "rule_title": kept.rule.title,
                "closed_on": kept.closed_on.isoformat(),
                "due_since": kept.due_on.isoformat(),
                "on_hold": kept.on_hold,
            }
            for organisation, kept in listed
        ]
        if as_json:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        if not rows:
            self.stdout.write("No closed case is due for deletion.")
            return
        headings = {key: key.replace("_", " ").capitalize() for key in COLUMNS}
        table = [{**row, "on_hold": "yes" if row["on_hold"] else "no"} for row in rows]
        widths = [max(len(str(row[key])) for row in [*table, headings]) for key in COLUMNS]
        for row in [headings, *table]:
            self.stdout.write(
                "  ".join(str(row[key]).ljust(w) for key, w in zip(COLUMNS, widths, strict=True)).rstrip()
            )
        due_count = sum(1 for row in rows if not row["on_hold"])
        self.stdout.write(
            f"{pluralise(due_count, 'case')} due; nothing was deleted. An administrator confirms each deletion."
        )

    def delete(self, *, reference: str, slug: str, username: str, confirmed: bool) -> None:
        organisation = _organisation(slug)
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user '{username}'.")
        if not user.memberships.filter(organisation=organisation, role="org_admin").exists():
            raise CommandError(
                f"{username} is not an administrator of {organisation.name}: nothing was deleted."
            )
        case = Case.objects.administered_by(organisation, user).filter(reference=reference).only("pk").first()
        if case is None:
            raise CommandError(f"{organisation.name} has no case {reference} that {username} may review.")
        if not confirmed:
            raise CommandError(
                f"Deleting case {reference} cannot be undone. Run the command again with --confirm to delete it."
            )
        try:
            deleted = services.delete_under_retention(
                case_id=case.pk, organisation=organisation, by=user, today=timezone.localdate()
            )
        except services.RetentionRefused as refused:
            raise CommandError(f"{refused} Nothing was deleted.") from None
        self.stdout.write(
            f"Deleted case {deleted.reference} under the rule '{deleted.rule_title}': "
            f"{pluralise(deleted.rows, 'row')} and {pluralise(deleted.files, 'stored file')}. "
            "The audit trail keeps its tombstone."
        )


COLUMNS = ("reference", "organisation", "rule", "closed_on", "due_since", "on_hold")
