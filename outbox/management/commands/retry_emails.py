"""Queue again every email that has not gone out (run from cron every 10 minutes): failed
sends while the mail server was down, sends whose worker died, tasks that were lost.
Emails still failing after their kind's retry period are marked failed for good, for
staff to see in "Outgoing email". django-tasks-db never retries a task; this is the retry.

Safe to run twice, even at the same moment: each email is claimed before it is sent.
"""

from django.core.management.base import BaseCommand

from outbox.services import outbox_retry_failed


class Command(BaseCommand):
    help = "Queue again the emails (of every kind) that failed or were lost."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        report = outbox_retry_failed(dry_run=dry_run)
        verb = "would be " if dry_run else ""
        self.stdout.write(
            f"Emails {verb}retried: {report.retried}; {verb}failed for good: {report.gave_up}; "
            f"{verb}marked not needed: {report.not_needed}."
        )
