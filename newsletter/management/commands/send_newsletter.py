"""Send an issue to every confirmed subscriber who has not had it yet.

Safe to stop at any point and run again: nobody gets the issue twice and
nobody is skipped. Ctrl-C (or SIGTERM) stops after the message in flight; a
second Ctrl-C stops at once. The admin's "Send" action runs the same service
as a task.
"""

import signal
import threading
from contextlib import contextmanager

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
            with self.stop_on_signal() as stop:
                report = issue_send(
                    issue=target, batch_size=batch_size, dry_run=dry_run, should_stop=stop
                )
        except SendInterrupted as error:
            raise CommandError(f"{error}. Run the command again to carry on.") from error
        if dry_run:
            self.stdout.write(f"Dry run: “{target}” would go to {report.remaining} subscriber(s).")
            return
        state = "finished" if report.finished else f"{report.remaining} still to send"
        if report.stopped:
            state += "; stopped on request, run the command again to carry on"
        self.stdout.write(
            f"“{target}”: sent {report.sent}, skipped {report.skipped} (unsubscribed); {state}."
        )

    @contextmanager
    def stop_on_signal(self):
        """Turn the first SIGINT/SIGTERM into "stop after this message"."""
        requested = []
        if threading.current_thread() is not threading.main_thread():
            yield lambda: False  # signals reach the main thread only
            return

        def request_stop(signum, frame):
            if requested:
                raise KeyboardInterrupt
            requested.append(signum)
            self.stderr.write("Stopping after the message being sent now…")

        previous = {sig: signal.signal(sig, request_stop) for sig in _STOP_SIGNALS}
        try:
            yield lambda: bool(requested)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
