"""`faircase packs export|import`: a policy pack version as a YAML file, out and in.

    faircase packs export --org SLUG --pack KEY [--out FILE]
    faircase packs import FILE --org SLUG [--change-note TEXT]

Export writes the version the organisation uses now (its own latest, else the national one). Import makes a
new version of that pack for the organisation; new cases follow it, existing cases stay on theirs. A bad file
is refused whole, naming the line and the field at fault, and nothing is saved.
"""

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from faircase.core.commands import command_line_actor, organisation_by_slug
from faircase.core.readers import UnreadableFile, read_text_file, yaml_max_bytes
from faircase.policy import packs
from faircase.policy import services as policy_services
from faircase.policy.choices import Policy


class Command(BaseCommand):
    help = "Export an organisation's policy pack as YAML, or import a YAML file as its new version."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{export,import}")
        export = actions.add_parser(
            "export",
            help="Print or write the organisation's version of a policy pack as YAML.",
            description="Print or write the version of a policy pack the organisation uses now (the national "
            "version if it has not adapted it).",
        )
        export.add_argument("--org", required=True, help="The organisation's slug, for example riverside.")
        export.add_argument("--pack", required=True, choices=Policy.values, help="Which policy pack.")
        export.add_argument("--out", help="Write to this file instead of printing.")
        imports = actions.add_parser(
            "import",
            help="Import a YAML file as the organisation's new version of that pack.",
            description="Import a policy pack file as the organisation's new version. New cases follow it; "
            "existing cases stay on their version. A bad file is refused whole; nothing is saved.",
        )
        imports.add_argument("file", help="The YAML file to import.")
        imports.add_argument("--org", required=True, help="The organisation's slug, for example riverside.")
        imports.add_argument("--change-note", default="", help="What changed and why (default: the file's).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        organisation = organisation_by_slug(options["org"])
        version = packs.current_version(organisation, options["pack"])
        if version is None:
            content = packs.parse_pack(packs.shipped_text(options["pack"]))
            text, name = packs.dump_pack(content, organisation=organisation.slug), "the shipped pack"
        else:
            text = packs.dump_pack(
                version.content,
                organisation=organisation.slug,
                version=version.number,
                based_on="national" if version.organisation_id is None else organisation.slug,
            )
            name = f"{version.title}, version {version.number}"
        if options["out"]:
            path = Path(options["out"])
            try:
                path.write_text(text, encoding="utf-8")
            except OSError as error:
                raise CommandError(f"Could not write {path}: {error.strerror or error}") from error
            self.stdout.write(f"Wrote {name} to {path}.")
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
            version = policy_services.import_pack(
                organisation=organisation,
                text=text,
                by=command_line_actor("packs import"),
                source="command",
                filename=path.name,
                change_note=options["change_note"],
            )
        except UnreadableFile as error:
            raise CommandError(f"{path}: {error} Nothing was imported.") from error
        except packs.PackFileError as error:
            raise CommandError(f"{path}: {error}. Nothing was imported.") from error
        except ValidationError as error:
            raise CommandError(f"{' '.join(error.messages)} Nothing was imported.") from error
        self.stdout.write(
            f"Imported {path.name} as version {version.number} of {version.title} for {organisation.name}. New "
            "cases follow it; existing cases stay on their version."
        )
