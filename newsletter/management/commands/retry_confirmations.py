"""Queue again the sign-up confirmations that have not gone out (run from cron every
10 minutes, next to `send_reminders`): failed sends while the mail server was down, and
sends whose worker died. django-tasks-db never retries a task itself; this is the retry.

Safe to run twice, even at the same moment: each confirmation is claimed before it is sent.
"""

from django.core.management.base import BaseCommand

from newsletter.services import confirmation_retry_failed


class Command(BaseCommand):
    help = "Queue again the newsletter confirmation emails that failed or were lost."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, queue nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        count = confirmation_retry_failed(dry_run=dry_run)
        verb = "would be retried" if dry_run else "retried"
        self.stdout.write(f"Confirmation emails {verb}: {count}.")
