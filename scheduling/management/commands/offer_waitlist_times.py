"""Offer free times to the waitlist (run from cron every few minutes, like retry_emails):
times whose offer lapsed go to the next person, and a run that died is done again.
Cancelling or moving a booking, or removing time off, also queues a run on the worker.
Entries are deleted 30 days (FORGET_AFTER) after their last day.

Safe to run twice, even at the same moment: runs take turns, and a person is never
offered the same time twice.
"""

from django.core.management.base import BaseCommand

from scheduling.services.waitlist import FORGET_AFTER, waitlist_forget_ended
from scheduling.services.waitlist_offers import waitlist_offer_times


class Command(BaseCommand):
    help = "Offer each free time to the first person waiting for it whose offer is not open."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        made = waitlist_offer_times(dry_run=dry_run)
        forgotten = waitlist_forget_ended(dry_run=dry_run)
        verb = "would be " if dry_run else ""
        self.stdout.write(
            f"Waitlist offers {verb}made: {made}; entries ended over {FORGET_AFTER.days} days "
            f"ago {verb}deleted: {forgotten}."
        )
