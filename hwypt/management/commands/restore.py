"""Bring back a backup written by `backup`, replacing what the database holds now."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hwypt.backups import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database from a backup file, replacing its current contents."

    def add_arguments(self, parser):
        parser.add_argument("backup_file", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask before replacing the database."
        )

    def handle(self, *args, backup_file: Path, yes: bool, **options):
        if not yes:
            answer = input(f"Replace everything in the database with {backup_file}? [y/N] ")
            if answer.strip().lower() not in {"y", "yes"}:
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restore(backup_file)
        except (BackupError, OSError) as error:
            raise CommandError(f"Restore failed: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"Restored the database from {backup_file}."))
