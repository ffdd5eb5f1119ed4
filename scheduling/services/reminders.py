"""Reminders about 24 hours ahead, each sent exactly once.

A visit booked or moved less than REMINDER_AHEAD before it starts gets no
reminder: the patient has just had an email with the time in it, and a second
one within the hour would only confuse.
"""

from datetime import datetime, timedelta
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from scheduling.models import Booking, BookingEmail

REMINDER_AHEAD = timedelta(hours=24)


def reminders_send(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Queue a reminder for each confirmed booking starting within a day.

    Each booking is claimed with a conditional UPDATE on reminder_sent_at: of
    two runs at the same moment only one changes the row, so only one sends.
    """
    from scheduling.tasks import send_booking_email

    now = now or timezone.now()
    just_told = BookingEmail.objects.filter(
        booking=OuterRef("pk"),
        kind__in=[BookingEmail.Kind.CONFIRMATION, BookingEmail.Kind.RESCHEDULE],
        created_at__gt=OuterRef("start") - REMINDER_AHEAD,
    )
    due = (
        Booking.objects.confirmed()
        .filter(start__gt=now, start__lte=now + REMINDER_AHEAD, reminder_sent_at__isnull=True)
        .exclude(Exists(just_told))
    )
    if dry_run:
        return due.count()
    sent = 0
    for booking_id in due.values_list("pk", flat=True):
        with transaction.atomic():
            claimed = (
                Booking.objects.confirmed()
                .filter(pk=booking_id, reminder_sent_at__isnull=True)
                .update(reminder_sent_at=now)
            )
            if not claimed:
                continue
            email = BookingEmail.objects.create(
                booking_id=booking_id, kind=BookingEmail.Kind.REMINDER
            )
            transaction.on_commit(partial(send_booking_email.enqueue, email.pk))
            sent += 1
    return sent
