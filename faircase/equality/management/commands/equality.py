"""`faircase equality report`: the disproportionality report on the command line.

    faircase equality report --org SLUG [--org SLUG ...] --period 2025-26 --profession doctor \\
        --dimension ethnicity --stage formal_investigation [--reference GROUP] [--window 1|2|5] [--publish] \\
        [--json]

`--org` may be repeated or comma-separated (several organisations: a regional or national view). `--json`
prints the JSON of issue 5 item 4 (with `window` and `periods` when several years are gathered); without it, a
readable table. `--window 2` or `5` gathers the financial years ending with `--period`. `--publish` leaves out
counts of 1 to 4 and anything from which one could be worked out, in this report or set against another; a
published report gathers 1 year, or 5 ending with a fixed block (2020-21, 2025-26, ...). Every run is audited.
Bad choices exit with a one-line reason.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.accounts.models import Organisation
from faircase.cases.choices import Profession
from faircase.core.commands import command_line_actor
from faircase.equality import presenters_report as presenters
from faircase.equality import reports
from faircase.equality.choices import Dimension, Stage
from faircase.equality.disclosure import BLOCK_ENDS, BLOCK_YEARS


def _organisations(values: list[str]) -> list[Organisation]:
    slugs = list(dict.fromkeys(s.strip() for v in values for s in v.split(",") if s.strip()))
    if not slugs:
        raise CommandError("Give at least one organisation with --org SLUG.")
    found = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        known = (
            ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20]) or "none yet"
        )
        raise CommandError(f"No organisation with the slug '{unknown[0]}'. Organisations include: {known}.")
    return [found[s] for s in slugs]


def table(report: reports.Report) -> str:
    """The report as a plain-text table."""
    view = presenters.present(report)
    lines = [view.title, view.caption, ""]
    lines += [f"{key}: {value}" for key, value in view.facts]
    head = ["Group", "Headcount", "Entrants", "Rate", "RL", "95% CI", "Significant", "Against 0.80 to 1.25"]
    rows = [
        [r.label, r.headcount, r.entrants, r.rate, r.ratio, r.interval, r.significant, r.flag_text]
        for r in view.rows
    ]
    rows.append(
        ["All practitioners", view.total.headcount, view.total.entrants, view.total.rate, "", "", "", ""]
    )
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]
    lines.append("")
    for row in [head, *rows]:
        cells = [
            str(c).ljust(w) if i in (0, 5, 6, 7) else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    lines.append("")
    lines += view.summaries
    lines += ["", "Missing data:", *view.missing]
    lines += view.notes
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Disproportionality statistics. `faircase equality report ...` prints a report."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{report}")
        report = actions.add_parser(
            "report",
            help="Relative likelihood of reaching a stage, by group, against a reference group.",
            description="Relative likelihood of reaching a stage, by group, for one or several organisations.",
        )
        report.add_argument(
            "--org",
            action="append",
            required=True,
            help="Organisation slug; repeat or comma-separate for several.",
        )
        report.add_argument("--period", required=True, help="Financial year, for example 2025-26.")
        report.add_argument("--profession", required=True, choices=Profession.values)
        report.add_argument("--dimension", required=True, choices=Dimension.values)
        report.add_argument("--stage", required=True, choices=Stage.values)
        report.add_argument(
            "--reference", help="The reference group (default: white, uk, female, 40_49, no)."
        )
        report.add_argument(
            "--window",
            default="1",
            metavar="1|2|5",
            help="Financial years to gather, ending with --period: 1 (default), 2 or 5. With --publish: 1, or "
            f"{BLOCK_YEARS} ending {BLOCK_ENDS}.",
        )
        report.add_argument("--publish", action="store_true", help="Leave out small numbers (1 to 4).")
        report.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        window = str(options["window"]).strip()
        if window not in {"1", "2", "5"}:
            raise CommandError(f"--window must be 1, 2 or 5 (years to gather), not '{options['window']}'.")
        organisations = _organisations(options["org"])
        try:
            report = reports.report_for(
                by=command_line_actor("equality report"),
                organisations=organisations,
                period=options["period"],
                profession=options["profession"],
                dimension=options["dimension"],
                stage=options["stage"],
                reference=options["reference"],
                publish=options["publish"],
                channel="command",
                window=int(window),
            )
        except reports.ReportError as error:
            raise CommandError(f"{error}.") from error
        if options["json"]:
            self.stdout.write(json.dumps(reports.report_as_json(report), indent=2))
        else:
            self.stdout.write(table(report))
