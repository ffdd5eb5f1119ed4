"""Emails about a booking: HTML and text, a calendar file, never the intake."""

from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from scheduling import ics
from scheduling.models import Booking, BookingEmail

MAX_ATTEMPTS = 5

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
        method="CANCEL" if cancelled else "REQUEST",
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


def build_message(email: BookingEmail) -> EmailMultiAlternatives:
    booking = email.booking
    tz = ZoneInfo(booking.location.time_zone)
    context = {
        "booking": booking,
        "kind": email.kind,
        "local_start": booking.start.astimezone(tz),
        "manage_url": f"{settings.SITE_URL}{booking.manage_url()}",
        "clinic": settings.CLINIC,
    }
    text = render_to_string("scheduling/email/booking.txt", context)
    html = render_to_string("scheduling/email/booking.html", context)
    message = EmailMultiAlternatives(
        subject=SUBJECTS[email.kind], body=text, to=[booking.patient_email]
    )
    message.attach_alternative(html, "text/html")
    if email.kind != BookingEmail.Kind.REMINDER:
        method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "REQUEST"
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
    """Queue again, up to MAX_ATTEMPTS each, the emails that have not gone out:
    failed sends, sends whose worker died (claim older than EMAIL_SEND_LEASE), and
    emails still waiting after the lease (their task was lost). Returns how many.

    Queuing one twice is harmless: only one task wins the claim in email_deliver.
    """
    from scheduling.tasks import send_booking_email

    now = now or timezone.now()
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    due = (
        Q(status=BookingEmail.Status.FAILED)
        | Q(status=BookingEmail.Status.SENDING, claimed_at__lt=expired)
        | Q(status=BookingEmail.Status.PENDING, created_at__lt=expired)
    )
    ids = list(
        BookingEmail.objects.filter(due, attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)
    )
    for email_id in ids:
        transaction.on_commit(partial(send_booking_email.enqueue, email_id))
    return len(ids)
