"""Delete newsletter sign-ups that were never confirmed, so we keep no one who did not agree."""

from django.core.management.base import BaseCommand, CommandError

from newsletter.services import subscriber_purge_unconfirmed


class Command(BaseCommand):
    help = "Delete sign-ups never confirmed after --days days (default 30)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30)
        parser.add_argument("--dry-run", action="store_true", help="Count, delete nothing.")

    def handle(self, *args, days, dry_run, **options):
        if days < 1:
            raise CommandError("--days must be 1 or more.")
        count = subscriber_purge_unconfirmed(days=days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} {count} sign-up(s) not confirmed within {days} days.")
