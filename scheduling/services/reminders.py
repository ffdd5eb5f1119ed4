"""Reminders about 24 hours ahead, each sent exactly once.

A visit booked or moved less than REMINDER_AHEAD before it starts gets no
reminder: the patient has just had an email with the time in it, and a second
one within the hour would only confuse.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import outbox_queue
from scheduling.models import Booking
from scheduling.services.emails import Kind

REMINDER_AHEAD = timedelta(hours=24)


def reminders_send(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Queue a reminder for each confirmed booking starting within a day.

    Each booking is claimed with a conditional UPDATE on reminder_sent_at: of
    two runs at the same moment only one changes the row, so only one sends.
    """
    now = now or timezone.now()
    just_told = OutgoingEmail.objects.filter(
        booking=OuterRef("pk"),
        kind__in=[Kind.CONFIRMATION, Kind.RESCHEDULE],
        created_at__gt=OuterRef("start") - REMINDER_AHEAD,
    )
    due = (
        Booking.objects.confirmed()
        .filter(start__gt=now, start__lte=now + REMINDER_AHEAD, reminder_sent_at__isnull=True)
        .exclude(Exists(just_told))
        .exclude(patient_email="")
    )
    if dry_run:
        return due.count()
    sent = 0
    for booking_id, address in due.values_list("pk", "patient_email"):
        with transaction.atomic():
            claimed = (
                Booking.objects.confirmed()
                .filter(pk=booking_id, reminder_sent_at__isnull=True)
                .update(reminder_sent_at=now)
            )
            if not claimed:
                continue
            outbox_queue(kind=Kind.REMINDER, about=Booking(pk=booking_id), recipient=address)
            sent += 1
    return sent
