"""Send an issue to every confirmed subscriber who has not had it yet.

Safe to stop at any point and run again: nobody gets the issue twice and
nobody is skipped. The admin's "Send" action runs the same service as a task.
"""

from django.core.management.base import BaseCommand, CommandError

from newsletter.models import Issue
from newsletter.services import SendInterrupted, issue_send
from newsletter.services.issues import DEFAULT_BATCH_SIZE


class Command(BaseCommand):
    help = "Send (or carry on sending) a newsletter issue."

    def add_arguments(self, parser):
        parser.add_argument("issue", type=int, help="The issue's id (see the admin).")
        parser.add_argument("--dry-run", action="store_true", help="Count, send nothing.")
        parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)

    def handle(self, *args, issue, dry_run, batch_size, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be 1 or more.")
        try:
            target = Issue.objects.get(pk=issue)
        except Issue.DoesNotExist:
            raise CommandError(f"There is no issue {issue}.") from None
        try:
            report = issue_send(issue=target, batch_size=batch_size, dry_run=dry_run)
        except SendInterrupted as error:
            raise CommandError(f"{error}. Run the command again to carry on.") from error
        if dry_run:
            self.stdout.write(f"Dry run: “{target}” would go to {report.remaining} subscriber(s).")
            return
        state = "finished" if report.finished else f"{report.remaining} still to send"
        self.stdout.write(
            f"“{target}”: sent {report.sent}, skipped {report.skipped} (unsubscribed); {state}."
        )
