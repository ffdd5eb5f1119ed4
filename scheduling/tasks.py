"""The scheduling app's background task, run by `manage.py db_worker` (at once in development)."""

from django.tasks import task

from scheduling.services.waitlist_offers import waitlist_offer_times


@task
def offer_waitlist_times() -> int:
    """Offer the times that freed up to the waitlist; returns how many offers were made.

    Queued when a booking is cancelled or moved or time off removed; `offer_waitlist_times`
    (cron, every few minutes) runs the same, for offers that lapsed and runs that died.
    """
    return waitlist_offer_times()
