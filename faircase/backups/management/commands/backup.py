"""`faircase backup --out FILE`: one file holding a consistent snapshot of the database, the document files it
names and a signed manifest of their SHA-256s and the audit chain's head (ADR 33, docs/backup-and-restore.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faircase.backups.services import BackupRefused, make_backup
from faircase.core import checkpoints
from faircase.core.commands import command_line_actor


class Command(BaseCommand):
    help = (
        "Back up the database and the documents into one file (gzip-compressed when it ends in .gz or .tgz)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, required=True, help="The backup file to write (must not exist)."
        )

    def handle(self, *args, **options):
        try:
            manifest = make_backup(
                out=options["out"], by=command_line_actor("backup"), progress=self.stdout.write
            )
        except BackupRefused as error:
            raise CommandError(f"No backup was made: {error}", returncode=1) from error
        self.stdout.write(checkpoints.integrity_line(manifest["checkpoint"]))
