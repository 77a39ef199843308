"""`faircase framework export|import`: a framework version as a YAML file, out and in.

    faircase framework export --org SLUG [--out FILE] [--version N]
    faircase framework import FILE --org SLUG

A bad file is refused whole, naming the line and the field at fault, and nothing is saved.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.core.commands import command_line_actor, organisation_by_slug
from faircase.core.readers import UnreadableFile, read_text_file, yaml_max_bytes
from faircase.framework import presenters_admin, selectors, services
from faircase.framework.principles import FixedPrincipleError
from faircase.framework.yamlformat import FrameworkFileError


class Command(BaseCommand):
    help = "Export an organisation's framework version as YAML, or import a YAML file as its new version."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = actions.add_parser(
            "export",
            help="Print or write the organisation's framework version as YAML.",
            description="Print or write a framework version as YAML: by default the version the organisation "
            "uses now (the national starter set if it has not adapted it).",
        )
        export.add_argument("--org", required=True, help="The organisation's slug, for example riverside.")
        export.add_argument("--out", help="Write to this file instead of printing.")
        export.add_argument(
            "--version",
            dest="number",
            type=int,
            help="The organisation's version number to export (default: the version in use).",
        )
        imports = actions.add_parser(
            "import",
            help="Import a YAML file as the organisation's new, published version.",
            description="Import a YAML framework file as the organisation's new version, in use at once. A bad "
            "file is refused whole, naming the line and field at fault; nothing is saved.",
        )
        imports.add_argument("file", help="The YAML file to import.")
        imports.add_argument("--org", required=True, help="The organisation's slug, for example riverside.")
        imports.add_argument(
            "--change-note",
            default="",
            help="What changed and why (default: the change_note written in the file).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        organisation = organisation_by_slug(options["org"])
        if options["number"] is not None:
            version = selectors.version_by_number(organisation, options["number"])
            if version is None:
                numbers = list(selectors.versions_for(organisation).values_list("number", flat=True))
                have = (
                    ", ".join(str(n) for n in sorted(numbers))
                    if numbers
                    else "none: it uses the national set"
                )
                raise CommandError(
                    f"{organisation.name} has no version {options['number']} (its versions: {have})."
                )
        else:
            version = selectors.current_version(organisation)
        text = presenters_admin.export_text(version)
        if options["out"]:
            path = Path(options["out"])
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Could not write {path}: {error.strerror or error}") from error
            self.stdout.write(f"Wrote {presenters_admin.version_name(version)} to {path}.")
        else:
            self.stdout.write(text, ending="")

    def _import(self, options: dict[str, Any]) -> None:
        organisation = organisation_by_slug(options["org"])
        path = Path(options["file"])
        try:
            text = read_text_file(path, max_bytes=yaml_max_bytes())
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        except FileNotFoundError as error:
            raise CommandError(f"{path}: no such file.") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: the file must be text saved as UTF-8.") from error
        except OSError as error:
            raise CommandError(f"{path}: could not be read ({error.strerror or error}).") from error
        try:
            version = services.import_version_file(
                organisation=organisation,
                text=text,
                by=command_line_actor("framework import"),
                source="command",
                filename=path.name,
                change_note=options["change_note"],
            )
        except (UnreadableFile, FrameworkFileError, FixedPrincipleError) as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)} Nothing was imported.") from error
        self.stdout.write(
            f"Imported {path.name} as version {version.number} of the {organisation.name} framework; it is now "
            "the version in use."
        )
