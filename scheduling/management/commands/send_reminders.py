"""Queue the day-before reminders (run from cron every few minutes). Emails that failed
are retried by `retry_emails`, for every kind of email alike.

Safe to run twice, even at the same moment: each reminder is claimed once.
"""

from django.core.management.base import BaseCommand

from scheduling.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Send a reminder about 24 hours before each confirmed booking, exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        count = reminders_send(dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        self.stdout.write(f"Reminders {verb}: {count}.")
