"""The `faircase` console command: faircase's own commands and every Django management command."""

import os
import sys
from pathlib import Path

from faircase.ops.launch import NO_SETTINGS_MESSAGE, default_settings_module

# `faircase` run with no settings and outside a source checkout exits with this status (a usage error).
NO_SETTINGS_EXIT_STATUS = 2


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        # Demo mode only from a clone of the repository: on a server, settings must be named (ops.launch).
        default = default_settings_module(Path(__file__).resolve().parent)
        if default is None:
            sys.stderr.write(NO_SETTINGS_MESSAGE + "\n")
            sys.exit(NO_SETTINGS_EXIT_STATUS)
        os.environ["DJANGO_SETTINGS_MODULE"] = default
    # Commands are spelt with hyphens on the command line (`faircase demo-users`); Django modules cannot be.
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    argv[0] = "faircase"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
