"""Giving a therapist a private calendar link, and taking it away.

Each change is written to the therapist's admin history, naming the member of staff.
"""

from django.contrib.admin.models import CHANGE
from django.db import transaction
from django.utils import timezone

from scheduling import link_tokens
from scheduling.models import CalendarFeed, Therapist
from scheduling.services.history import Actor, admin_history


def calendar_feed_issue(*, therapist: Therapist, by: Actor) -> CalendarFeed:
    """A new calendar link for the therapist; the one they had, if any, stops working."""
    with transaction.atomic():
        feed = CalendarFeed.objects.select_for_update().filter(therapist=therapist).first()
        created = feed is None
        if created:
            feed = CalendarFeed(therapist=therapist)
        feed.salt = link_tokens.new_salt()
        feed.token_hash = link_tokens.digest(feed.token())
        feed.issued_at = timezone.now()
        feed.save()
        _history(
            therapist,
            by,
            "Created a calendar feed link."
            if created
            else "Replaced the calendar feed link; the old one no longer works.",
        )
    return feed


def calendar_feed_revoke(*, therapist: Therapist, by: Actor) -> bool:
    """Switch the therapist's calendar link off; False if they had none."""
    with transaction.atomic():
        deleted, _ = CalendarFeed.objects.filter(therapist=therapist).delete()
        if deleted:
            _history(therapist, by, "Revoked the calendar feed link; it no longer works.")
    return bool(deleted)


def _history(therapist: Therapist, by: Actor, message: str) -> None:
    admin_history(obj=therapist, actor=by, flag=CHANGE, message=message)
