"""`faircase national`: the national view built from organisations' exports (faircase.evaluation.national).

    faircase national export --org SLUG --from 2025-04-01 --to 2026-03-31 --out riverside-2025-26.json
    faircase national aggregate FILE.json [FILE.json ...] [--json] [--out REPORT.pdf]

`export` writes one organisation's counts for whole financial years, with small numbers left out, and no
personal data; every export is audited. `aggregate` checks every file first (schema version, format, one
organisation's periods overlapping) and refuses with a one-line reason, writing nothing; then it prints the
national totals (or `--json` the whole aggregate) and, with `--out`, writes the PDF report.
"""

import datetime as dt
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from faircase.accounts.models import Organisation
from faircase.core.commands import command_line_actor
from faircase.core.formatting import pluralise
from faircase.evaluation import national, national_pdf

NOTHING_WRITTEN = "Nothing was written."


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CommandError(
            f"{option} must be a date written as YYYY-MM-DD, for example 2025-04-01, not '{value}'. {NOTHING_WRITTEN}"
        ) from None


def _writable(path: Path, suffix: str, option: str) -> Path:
    if path.suffix.lower() != suffix:
        raise CommandError(f"{option} must name a {suffix} file, not '{path.name}'. {NOTHING_WRITTEN}")
    if not path.parent.is_dir():
        raise CommandError(f"There is no folder {path.parent} to write {path.name} into. {NOTHING_WRITTEN}")
    return path


def write_atomically(path: Path, data: bytes) -> None:
    """The whole file or none of it: written beside its place, then moved there."""
    handle, staged = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staged, 0o666 & ~umask)  # as an ordinary new file (mkstemp makes it private to its owner)
        os.replace(staged, path)
    except BaseException:
        Path(staged).unlink(missing_ok=True)
        raise


class Command(BaseCommand):
    help = "The national view: `faircase national export ...` and `faircase national aggregate FILE ...`."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,aggregate}")
        export = actions.add_parser(
            "export",
            help="One organisation's counts for the national view: no personal data, small numbers left out.",
        )
        export.add_argument("--org", required=True, help="Organisation slug.")
        export.add_argument("--from", dest="start", required=True, help="First day, a 1 April: YYYY-MM-DD.")
        export.add_argument("--to", dest="end", required=True, help="Last day, a 31 March: YYYY-MM-DD.")
        export.add_argument("--out", required=True, help="The JSON file to write.")
        aggregate = actions.add_parser("aggregate", help="Merge exports into the national report.")
        aggregate.add_argument("files", nargs="+", metavar="FILE", help="Export files (JSON).")
        aggregate.add_argument("--json", action="store_true", help="Print the whole aggregate as JSON.")
        aggregate.add_argument("--out", help="Write the national report as a PDF file.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self.export(options)
        else:
            self.aggregate(options)

    def export(self, options: dict[str, Any]) -> None:
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        out = _writable(Path(options["out"]), ".json", "--out")
        organisation = Organisation.objects.filter(slug=options["org"].strip()).first()
        if organisation is None:
            known = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True)[:20])
            raise CommandError(
                f"No organisation with the slug '{options['org']}'. Organisations include: {known or 'none yet'}. "
                f"{NOTHING_WRITTEN}"
            )
        try:
            export = national.export_for(
                by=command_line_actor("national export"), organisation=organisation, start=start, end=end
            )
        except national.NationalError as error:
            raise CommandError(f"{error}. {NOTHING_WRITTEN}") from None
        write_atomically(out, national.export_text(export).encode("utf-8"))
        years = export["period"]["years"]
        self.stdout.write(f"Wrote {out}: {organisation.name}, {pluralise(len(years), 'financial year')}.")

    def aggregate(self, options: dict[str, Any]) -> None:
        out = _writable(Path(options["out"]), ".pdf", "--out") if options["out"] else None
        try:
            exports = national.read_exports([Path(f) for f in options["files"]])
        except national.NationalError as error:
            raise CommandError(f"{error} {NOTHING_WRITTEN}") from None
        result = national.aggregate(exports)
        if out is not None:
            write_atomically(out, national_pdf.render_pdf(result, generated=timezone.localtime()))
        if options["json"]:
            self.stdout.write(json.dumps(national.national_as_json(result), indent=1))
            return
        self.stdout.write(
            f"{pluralise(len(result.organisations), 'export')} merged: {', '.join(result.years)}."
        )
        for m in result.measures:
            self.stdout.write(
                f"{m.key}: {national_pdf.summed_text(m.numerator)} of {national_pdf.summed_text(m.denominator)}"
            )
        if out is not None:
            self.stdout.write(f"Wrote {out}.")
