"""`faircase demo [--port N] [--no-serve]`: what `make demo` runs.

`faircase demo synthetic --cases N --organisations M [--periods 5] [--seed S] [--profession P ...]` makes
synthetic organisations, workforce baselines and historic cases for the equality statistics (see
faircase.demo.synthetic).
"""

import filecmp
import socket
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.cases.choices import Profession
from faircase.cases.models import Case
from faircase.core.formatting import pluralise
from faircase.demo.data import DemoDataError, demo_data
from faircase.demo.equality_data import describe_load
from faircase.demo.services import (
    DemoModeRequired,
    LoadReport,
    demo_accounts,
    load_demo,
    require_demo_mode,
    role_label,
)
from faircase.demo.synthetic import SyntheticDataError, SyntheticSpec, describe, generate_synthetic
from faircase.demo.tables import text_table

HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SYNTHETIC_COMMAND_ACTOR = "faircase demo synthetic (command line)"


class Command(BaseCommand):
    help = (
        "Set up the faircase demo and serve it: apply migrations, collect static files, load the fictional demo "
        "organisations, logins and cases (safe to run again: nothing is duplicated), print the demo logins and "
        f"serve faircase at http://{HOST}:{DEFAULT_PORT}/. Only in demo mode."
    )
    # The demo refuses to run outside demo mode before anything else, with its own message; the commands it
    # calls (migrate, runserver) run the system checks themselves.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--port", type=int, default=DEFAULT_PORT, help=f"Port to serve on (default {DEFAULT_PORT})"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up and load the demo, print the logins, then stop"
        )
        actions = parser.add_subparsers(dest="action", metavar="{synthetic}")
        synthetic = actions.add_parser(
            "synthetic",
            help="Make synthetic organisations, workforce baselines and historic cases for the equality "
            "statistics.",
            description="Make M synthetic organisations (synthetic-001, ...; ODS codes ZZS001, ...) with workforce "
            "baselines for every period, profession, dimension and group, and N historic cases with a known, "
            "built-in disproportionality (faircase.demo.synthetic). The same parameters and seed give the same "
            "data; running again with them changes nothing. Only in demo mode.",
        )
        synthetic.add_argument("--cases", type=int, required=True, help="How many historic cases, in all.")
        synthetic.add_argument(
            "--organisations", type=int, required=True, help="How many synthetic organisations."
        )
        synthetic.add_argument(
            "--periods", type=int, default=5, help="How many financial years, up to --until (default 5)."
        )
        synthetic.add_argument(
            "--until",
            default="",
            help="The last financial year, such as 2025-26 (default: the last complete one).",
        )
        synthetic.add_argument("--seed", type=int, default=1, help="The random seed (default 1).")
        synthetic.add_argument(
            "--profession",
            action="append",
            choices=Profession.values,
            dest="professions",
            help="A profession to make data for; repeat for several (default doctor).",
        )
        synthetic.add_argument(
            "--replace",
            action="store_true",
            help="Delete the synthetic data made before with other parameters, then make the new data.",
        )

    def handle(self, *args: Any, port: int, no_serve: bool, **options: Any) -> None:
        try:
            require_demo_mode()
        except DemoModeRequired as error:
            raise CommandError(str(error)) from error
        if options.get("action") == "synthetic":
            self._synthetic(**options)
            return
        if not 0 < port < 65536:
            raise CommandError(f"--port must be between 1 and 65535, not {port}")
        if not no_serve and not port_is_free(port):
            raise CommandError(
                f"Port {port} on {HOST} is already in use (is the demo already running?). Stop whatever is "
                "using it, or choose another port with --port N."
            )

        self.stdout.write("Preparing the database (migrations)...")
        call_command("migrate", interactive=False, verbosity=0)
        if static_files_up_to_date():
            self.stdout.write("Static files are up to date.")
        else:
            self.stdout.write("Collecting static files (the first time takes a little while)...")
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write("Loading the demo...")
        try:
            report = load_demo()
        except DemoDataError as error:
            raise CommandError(f"The demo could not be loaded, and nothing was saved: {error}") from error
        self.stdout.write(self.style.SUCCESS(self._summary(report)))
        self.stdout.write("")
        self.stdout.write(self._logins())
        self.stdout.write("")
        self.stdout.write(self._cases())
        if no_serve:
            return
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Serving faircase at http://{HOST}:{port}/ (press Ctrl+C to stop).")
        )
        self.stdout.write("Sign in with any demo login above.")
        self.stdout.write("A task worker runs beside the server: it makes record PDFs, bundles and emails.")
        with task_worker():
            call_command("runserver", f"{HOST}:{port}", use_reloader=False)

    def _synthetic(
        self,
        *,
        cases: int,
        organisations: int,
        periods: int,
        until: str,
        seed: int,
        professions: list[str] | None,
        replace: bool,
        **options: Any,
    ) -> None:
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        try:
            spec = SyntheticSpec(
                cases=cases,
                organisations=organisations,
                periods=periods,
                seed=seed,
                professions=tuple(professions or [Profession.DOCTOR]),
                until=until,
            ).checked()
            result = generate_synthetic(spec=spec, by=SYNTHETIC_COMMAND_ACTOR, replace=replace)
        except SyntheticDataError as error:
            raise CommandError(str(error)) from error
        first, last = result.organisations[0], result.organisations[-1]
        if result.already_present:
            self.stdout.write(
                f"The synthetic data is already in this database ({describe(spec)}); nothing changed."
            )
            return
        replaced = (
            f" (replacing {pluralise(result.replaced_cases, 'case')} made before)"
            if result.replaced_cases
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {describe(spec)}{replaced}: organisations {first} to {last} "
                f"({result.organisations_created} new), {result.baselines:,} workforce baseline rows and "
                f"{result.cases:,} historic cases in {time.perf_counter() - started:.1f} s."
            )
        )

    @staticmethod
    def _summary(report: LoadReport) -> str:
        if not report.changed_anything:
            return f"The demo was already loaded ({pluralise(len(report.cases_already_loaded), 'case')}); nothing changed."
        parts = [pluralise(len(report.cases_created), "case")]
        if report.organisations_created:
            parts.insert(0, pluralise(report.organisations_created, "organisation"))
        if report.accounts_created:
            parts.insert(1, pluralise(report.accounts_created, "login"))
        if report.practitioner_accounts_created:
            parts.append(pluralise(report.practitioner_accounts_created, "practitioner login"))
        if report.accounts_restored:
            parts.append(f"{pluralise(report.accounts_restored, 'login')} restored")
        if report.lexicon_terms_created:
            terms = report.lexicon_terms_created
            parts.append(pluralise(terms, "organisation's own language check term"))
        parts.extend(describe_load(report.equality))
        return "Demo loaded: " + ", ".join(parts) + "."

    @staticmethod
    def _logins() -> str:
        data = demo_data()
        organisations = "\n".join(f"  {o.slug:<12} {o.name}" for o in data.organisations)
        rows = [
            [p.username, p.password, ", ".join(p.organisations), role_label(p.role)]
            for p in demo_accounts(data=data)
        ]
        return (
            "Demo organisations (every person and place in the demo is fictional):\n"
            f"{organisations}\n\n"
            "Demo logins (they work only in demo mode; `faircase demo-users --json` lists them for programs):\n"
            + text_table(["Username", "Password", "Organisation", "Role"], rows)
        )

    @staticmethod
    def _cases() -> str:
        data = demo_data()
        stories = data.stories
        stages = {
            (case.organisation.slug, case.reference): case.stage_name
            for case in Case.objects.for_system("demo")
            .filter(reference__in=[s.reference for s in stories])
            .select_related("organisation")
        }
        lines = ["Cases to look at (each shows how a 'no' or 'unknown' changed the handling):"]
        for story in stories:
            stage = stages.get((story.organisation, story.reference), "not loaded")
            lines.append(f"  {story.reference} ({story.organisation}, {stage})")
            lines.extend(
                textwrap.wrap(story.highlight, width=100, initial_indent="    ", subsequent_indent="    ")
            )
        if data.closed_cases:
            counts = Counter(story.organisation for story in data.closed_cases)
            where = ", ".join(f"{count} at {slug}" for slug, count in counts.items())
            lines.append(
                f"  and {len(data.closed_cases)} closed cases ({where}) for the consistency lens to compare open "
                "cases with"
            )
        return "\n".join(lines)


@contextmanager
def task_worker() -> Iterator[subprocess.Popen[bytes]]:
    """The task worker (`faircase db_worker`) in its own process while the demo serves: record PDFs, disclosure
    bundles and emails are made in the background (ADR 39), as in production, where it runs beside the server."""
    process = subprocess.Popen([sys.executable, "-m", "faircase", "db_worker"])
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def static_files_up_to_date() -> bool:
    """Whether STATIC_ROOT already holds every static file as it is now, so collectstatic (slow: it hashes and
    compresses every file) can be skipped. Compares contents, not modification times, which `make` refreshes."""
    root = Path(settings.STATIC_ROOT)
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and not (root / manifest).is_file():
        return False
    try:
        for finder in finders.get_finders():
            for path, storage in finder.list(["CVS", ".*", "*~"]):
                collected = root / (getattr(storage, "prefix", None) or "") / path
                if not collected.is_file() or not filecmp.cmp(storage.path(path), collected, shallow=False):
                    return False
    except (OSError, NotImplementedError):
        return False
    return True
