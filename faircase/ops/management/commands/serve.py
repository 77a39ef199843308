"""`faircase serve [--port N] [--bind ADDR] [--workers N] [--threads N]`: serve faircase with gunicorn under the
settings DJANGO_SETTINGS_MODULE names (ADR 27)."""

import os
from typing import Any

from django.conf import settings
from django.core import checks
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from faircase.ops.serving import (
    DEFAULT_BIND,
    DEFAULT_PORT,
    DEFAULT_THREADS,
    FaircaseServer,
    default_workers,
    gunicorn_options,
    static_files_missing,
)

# A refusal to start is a usage error (as for `faircase` without settings): exit status 2.
REFUSED = 2


def _positive(text: str) -> int:
    import argparse

    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number, 1 or more (not '{text}')")
    return int(text)


def _port(text: str) -> int:
    import argparse

    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 1 to 65535 (not '{text}')")
    return int(text)


class Command(BaseCommand):
    help = (
        "Serve faircase with gunicorn (gthread workers) under the settings DJANGO_SETTINGS_MODULE names; outside "
        "demo mode, only when `faircase check --deploy` would find nothing. "
        "Run `faircase collectstatic` once first; run `faircase db_worker` beside it for background tasks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
        parser.add_argument(
            "--bind",
            default=DEFAULT_BIND,
            help=f"the address to listen on (default {DEFAULT_BIND}; 0.0.0.0 in a container)",
        )
        parser.add_argument(
            "--workers",
            type=_positive,
            default=default_workers(os.cpu_count()),
            help="processes (default two a CPU, from 2 to 8)",
        )
        parser.add_argument(
            "--threads",
            type=_positive,
            default=DEFAULT_THREADS,
            help=f"threads a process (default {DEFAULT_THREADS})",
        )

    def handle(self, *args: Any, port: int, bind: str, workers: int, threads: int, **options: Any) -> None:
        missing = static_files_missing()
        if missing is not None:
            raise CommandError(
                f"Static files have not been collected ({missing} is missing): run `faircase collectstatic` once, "
                "then `faircase serve` again.",
                returncode=REFUSED,
            )
        if not settings.DEMO_MODE:
            # What `faircase check --deploy` would say, before serving anyone: a warning there is a refusal here.
            self.check(display_num_errors=True, include_deployment_checks=True, fail_level=checks.WARNING)
        # Nothing opened here may be shared with the workers gunicorn forks.
        connections.close_all()
        FaircaseServer(gunicorn_options(bind=bind, port=port, workers=workers, threads=threads)).run()
