"""Emails about a booking: HTML and text, a calendar file, never the intake."""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from hwypt.mail import AutomaticEmail
from scheduling import ics
from scheduling.models import Booking, BookingEmail

# An email that has not gone out is retried (every `send_reminders` run) until it is
# this old, so an outage of a day or two loses nothing; then it is "failed for good",
# shown to staff in the admin, who can call the patient or press Retry.
GIVE_UP_AFTER = timedelta(days=3)

SUBJECTS = {
    BookingEmail.Kind.CONFIRMATION: "Your consultation is booked",
    BookingEmail.Kind.RESCHEDULE: "Your consultation has moved",
    BookingEmail.Kind.CANCELLATION: "Your consultation is cancelled",
    BookingEmail.Kind.REMINDER: "Reminder: your consultation tomorrow",
}


def booking_calendar_file(booking: Booking) -> bytes:
    cancelled = booking.status == Booking.Status.CANCELLED
    clinic = settings.CLINIC
    return ics.booking_calendar(
        uid=booking.uid,
        sequence=booking.sequence,
        method="CANCEL" if cancelled else "PUBLISH",
        start=booking.start,
        end=booking.end,
        tz_name=booking.location.time_zone,
        summary=f"{booking.service.name} at {clinic['name']}",
        location=f"{booking.location.name}, {booking.location.address}",
        description=(
            f"With {booking.therapist.name}. To cancel or change: "
            f"{settings.SITE_URL}{booking.manage_url()}"
        ),
        organizer_email=clinic["email"],
        organizer_name=clinic["name"],
        attendee_email=booking.patient_email,
        attendee_name=booking.patient_name,
        stamp=timezone.now(),
    )


def build_message(email: BookingEmail) -> AutomaticEmail:
    booking = email.booking
    tz = booking.location.zone
    context = {
        "booking": booking,
        "kind": email.kind,
        "local_start": booking.start.astimezone(tz),
        "manage_url": f"{settings.SITE_URL}{booking.manage_url()}",
        "clinic": settings.CLINIC,
    }
    text = render_to_string("scheduling/email/booking.txt", context)
    html = render_to_string("scheduling/email/booking.html", context)
    message = AutomaticEmail(subject=SUBJECTS[email.kind], body=text, to=[booking.patient_email])
    message.attach_alternative(html, "text/html")
    if email.kind != BookingEmail.Kind.REMINDER:
        method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "PUBLISH"
        message.attach(
            "consultation.ics",
            booking_calendar_file(booking),
            f"text/calendar; charset=utf-8; method={method}",
        )
    return message


def _claim(email_id: int, now) -> bool:
    """Take the email for this worker; False if it is sent or another worker holds it."""
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    sendable = Q(status__in=[BookingEmail.Status.PENDING, BookingEmail.Status.FAILED]) | Q(
        status=BookingEmail.Status.SENDING, claimed_at__lt=expired
    )
    claimed = BookingEmail.objects.filter(sendable, pk=email_id).update(
        status=BookingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    return claimed == 1


def no_longer_applies(email: BookingEmail, now: datetime) -> bool:
    """A reminder for a visit that is cancelled, done or under way; news of a
    booked or moved visit that has since been cancelled."""
    booking = email.booking
    if email.kind == BookingEmail.Kind.REMINDER:
        return booking.status != Booking.Status.CONFIRMED or booking.start <= now
    if email.kind in (BookingEmail.Kind.CONFIRMATION, BookingEmail.Kind.RESCHEDULE):
        return booking.status == Booking.Status.CANCELLED
    return False


def email_deliver(*, email_id: int) -> bool:
    """Send one queued email at least once, and twice only in a window too small to close.

    The row is claimed (status "sending", committed) before the SMTP conversation
    and marked "sent" right after the server accepts the message, so:
    - two tasks for the same email (a retry queued twice) never send it twice:
      only one wins the claim, and a sent email is never claimed again;
    - a worker killed mid-send leaves the email "sending"; once EMAIL_SEND_LEASE
      has passed, `send_reminders` queues it again and the next worker sends it;
    - the one duplicate left is a worker that dies after the SMTP server replied
      "250 accepted" and before the "sent" UPDATE commits: SMTP gives no way to
      ask the server whether it already has the message, so that email goes twice.
    """
    if not _claim(email_id, now := timezone.now()):
        return BookingEmail.objects.filter(pk=email_id, status=BookingEmail.Status.SENT).exists()
    email = BookingEmail.objects.select_related(
        "booking__service", "booking__therapist", "booking__location"
    ).get(pk=email_id)
    ours = BookingEmail.objects.filter(pk=email_id, claimed_at=now)
    if no_longer_applies(email, now):
        ours.update(status=BookingEmail.Status.OBSOLETE)
        return False
    try:
        build_message(email).send()
    except Exception as error:
        ours.update(
            status=BookingEmail.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    ours.update(status=BookingEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    return True


def email_retry_failed(*, now: datetime | None = None) -> int:
    """Queue again the emails that have not gone out: failed sends, sends whose
    worker died (claim older than EMAIL_SEND_LEASE), and emails still waiting after
    the lease (their task was lost). Returns how many.

    They are retried until GIVE_UP_AFTER has passed since they were queued (or, for a
    reminder, until the visit starts); then they are marked failed for good.
    Queuing one twice is harmless: only one task wins the claim in email_deliver.
    """
    from scheduling.tasks import send_booking_email

    now = now or timezone.now()
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    due = BookingEmail.objects.filter(
        Q(status=BookingEmail.Status.FAILED)
        | Q(status=BookingEmail.Status.SENDING, claimed_at__lt=expired)
        | Q(status=BookingEmail.Status.PENDING, queued_at__lt=expired)
    )
    too_late = Q(queued_at__lt=now - GIVE_UP_AFTER) | Q(
        kind=BookingEmail.Kind.REMINDER, booking__start__lte=now
    )
    due.filter(too_late).update(status=BookingEmail.Status.GAVE_UP)
    ids = list(due.exclude(too_late).values_list("pk", flat=True))
    for email_id in ids:
        transaction.on_commit(partial(send_booking_email.enqueue, email_id))
    return len(ids)


def email_retry(*, email_ids: list[int], now: datetime | None = None) -> int:
    """Staff's Retry: queue these emails again with a fresh GIVE_UP_AFTER, unless
    they went out, no longer apply, or a worker is sending them right now."""
    from scheduling.tasks import send_booking_email

    now = now or timezone.now()
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    retryable = BookingEmail.objects.filter(pk__in=email_ids).filter(
        Q(status__in=[BookingEmail.Status.FAILED, BookingEmail.Status.GAVE_UP])
        | Q(status=BookingEmail.Status.PENDING)
        | Q(status=BookingEmail.Status.SENDING, claimed_at__lt=expired)
    )
    ids = list(retryable.values_list("pk", flat=True))
    BookingEmail.objects.filter(pk__in=ids).update(
        status=BookingEmail.Status.PENDING, attempts=0, queued_at=now, claimed_at=None
    )
    for email_id in ids:
        transaction.on_commit(partial(send_booking_email.enqueue, email_id))
    return len(ids)
