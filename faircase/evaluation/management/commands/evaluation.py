"""`faircase evaluation report`: the evaluation of the framework on the command line.

    faircase evaluation report --org SLUG --from 2026-04-01 --to 2026-09-30 [--json]

The period is any pair of dates (the web page offers only the six-month periods since adoption, which never
overlap). `--json` prints, for each measure, key, benefit, numerator, denominator, value, before (the same shape,
or null) and suppressed; without it, a readable table. Every run is audited. Bad arguments exit with a one-line
reason and change nothing.
"""

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.core.commands import command_line_actor, organisation_by_slug
from faircase.evaluation import presenters
from faircase.evaluation.measures import Evaluation, EvaluationError, evaluation_for


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{option} must be a date written as year-month-day, for example 2026-04-01, not '{value}'."
        ) from None


def table(evaluation: Evaluation) -> str:
    view = presenters.present(evaluation)
    lines = [f"{view.title}: {view.caption}", *(f"{key}: {value}" for key, value in view.facts), ""]
    head = ["Measure", "After adoption", "Counted", "Before adoption", "Counted before"]
    rows = [[r.title, r.after, r.after_counts, r.before, r.before_counts] for r in view.rows]
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    for row in [head, *rows]:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return "\n".join(lines)


class Command(BaseCommand):
    help = "The evaluation of the framework. `faircase evaluation report ...` prints it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{report}")
        report = actions.add_parser(
            "report",
            help="Each anticipated benefit and its measures, after adoption and before.",
            description="Each anticipated benefit of the framework and its measures, for one organisation.",
        )
        report.add_argument("--org", required=True, help="Organisation slug.")
        report.add_argument("--from", dest="start", required=True, help="First day, for example 2026-04-01.")
        report.add_argument("--to", dest="end", required=True, help="Last day, for example 2026-09-30.")
        report.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        organisation = organisation_by_slug(options["org"])
        try:
            evaluation = evaluation_for(
                by=command_line_actor("evaluation report"),
                organisation=organisation,
                start=start,
                end=end,
                channel="command",
            )
        except EvaluationError as error:
            raise CommandError(f"{error}.") from error
        if options["json"]:
            self.stdout.write(json.dumps(evaluation.as_json(), indent=2))
        else:
            self.stdout.write(table(evaluation))
