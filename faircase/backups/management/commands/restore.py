"""`faircase restore FILE`: restore a backup into the empty database that DATABASE_URL names, after checking the
manifest's signature and every SHA-256; then put the documents back and check the audit chain (ADR 33)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from faircase.backups.services import BackupRefused, RestoreFailed, restore_backup
from faircase.core import signing
from faircase.core.commands import command_line_actor
from faircase.core.formatting import pluralise


class Command(BaseCommand):
    help = "Restore a backup made by `faircase backup` into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The backup file.")
        parser.add_argument(
            "--public-key",
            type=Path,
            help="A file with the public key that signed the backup (default: this installation's own key).",
        )

    def handle(self, *args, **options):
        key = None
        if options["public_key"] is not None:
            try:
                key = signing.load_public_key(options["public_key"].read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, signing.SigningKeyError) as error:
                raise CommandError(
                    f"Nothing was restored: the public key cannot be read ({error})."
                ) from error
        try:
            restored = restore_backup(
                path=options["file"], by=command_line_actor("restore"), key=key, progress=self.stdout.write
            )
        except BackupRefused as error:
            raise CommandError(f"Nothing was restored: {error}", returncode=1) from error
        except RestoreFailed as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            f"Restored {options['file']}: {pluralise(restored.documents, 'document file')} and an audit trail "
            f"of {pluralise(restored.events, 'event')} that is whole and matches the manifest. If this faircase "
            "is newer than the backup, run `faircase migrate` next."
        )
