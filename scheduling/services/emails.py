"""Emails about a booking: HTML and text, a calendar file, never the intake."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
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


def email_deliver(*, email_id: int) -> bool:
    """Send one queued email; on failure record why, for staff and the next retry."""
    email = BookingEmail.objects.select_related(
        "booking__service", "booking__therapist", "booking__location"
    ).get(pk=email_id)
    if email.status == BookingEmail.Status.SENT:
        return True
    BookingEmail.objects.filter(pk=email.pk).update(attempts=F("attempts") + 1)
    try:
        build_message(email).send()
    except Exception as error:
        BookingEmail.objects.filter(pk=email.pk).update(
            status=BookingEmail.Status.FAILED,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    BookingEmail.objects.filter(pk=email.pk).update(
        status=BookingEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def email_retry_failed() -> int:
    """Queue failed emails again, up to MAX_ATTEMPTS each; returns how many."""
    from scheduling.tasks import send_booking_email

    ids = list(
        BookingEmail.objects.filter(
            status=BookingEmail.Status.FAILED, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)
    )
    for email_id in ids:
        transaction.on_commit(lambda email_id=email_id: send_booking_email.enqueue(email_id))
    return len(ids)
