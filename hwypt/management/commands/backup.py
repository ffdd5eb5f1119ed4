"""Write a consistent, timestamped copy of the database.

SQLite uses its online backup API; PostgreSQL uses pg_dump's custom format.
Run it from cron; keep the files somewhere other than the database's disk.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hwypt.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent, timestamped backup of the database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "var" / "backups",
            help="Folder for the backup file (default: var/backups).",
        )

    def handle(self, *args, output_dir: Path, **options):
        try:
            path = backup(output_dir)
        except (BackupError, OSError) as error:
            raise CommandError(f"Backup failed: {error}") from error
        size_kb = path.stat().st_size / 1024
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the database to {path} ({size_kb:.0f} KB).")
        )
