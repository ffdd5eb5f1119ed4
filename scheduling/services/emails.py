"""Emails about a booking: HTML and text, a calendar file, never the intake.

The outbox sends them (claimed, retried, given up: see outbox.delivery); this module
supplies only what is particular to them, as four registered kinds.
"""

from datetime import datetime
from enum import StrEnum

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from hwypt.mail import AutomaticEmail
from outbox import kinds
from outbox.models import OutgoingEmail
from scheduling import ics
from scheduling.models import Booking


class Kind(StrEnum):
    CONFIRMATION = "booking_confirmation"
    RESCHEDULE = "booking_reschedule"
    CANCELLATION = "booking_cancellation"
    REMINDER = "booking_reminder"


SUBJECTS = {
    Kind.CONFIRMATION: "Your consultation is booked",
    Kind.RESCHEDULE: "Your consultation has moved",
    Kind.CANCELLATION: "Your consultation is cancelled",
    Kind.REMINDER: "Reminder of your consultation",
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


def build_message(email: OutgoingEmail, booking: Booking) -> AutomaticEmail:
    tz = booking.location.zone
    context = {
        "booking": booking,
        "kind": email.kind.removeprefix("booking_"),
        "local_start": booking.start.astimezone(tz),
        "manage_url": f"{settings.SITE_URL}{booking.manage_url()}",
        "clinic": settings.CLINIC,
    }
    with timezone.override(tz):  # the `date` filter shows the location's clock
        text = render_to_string("scheduling/email/booking.txt", context)
        html = render_to_string("scheduling/email/booking.html", context)
    message = AutomaticEmail(subject=SUBJECTS[email.kind], body=text, to=[booking.patient_email])
    message.attach_alternative(html, "text/html")
    if email.kind != Kind.REMINDER:
        method = "CANCEL" if booking.status == Booking.Status.CANCELLED else "PUBLISH"
        message.attach(
            "consultation.ics",
            booking_calendar_file(booking),
            f"text/calendar; charset=utf-8; method={method}",
        )
    return message


def no_longer_applies(email: OutgoingEmail, booking: Booking, now: datetime) -> bool:
    """A reminder for a visit that is cancelled, done or under way; news of a
    booked or moved visit that has since been cancelled."""
    if email.kind == Kind.REMINDER:
        return booking.status != Booking.Status.CONFIRMED or booking.start <= now
    if email.kind in (Kind.CONFIRMATION, Kind.RESCHEDULE):
        return booking.status == Booking.Status.CANCELLED
    return False


class BookingEmailKind(kinds.EmailKind):
    permission = "scheduling.view_booking"

    def __init__(self, kind: Kind, label: str) -> None:
        self.name, self.label = kind.value, label

    def about(self, email, run):
        related = Booking.objects.select_related("service", "therapist", "location")
        return related.filter(pk=email.about_id).first()

    def no_longer_applies(self, email, about, now):
        return no_longer_applies(email, about, now)

    def give_up_at(self, email, about):
        # A reminder is no use once the visit starts.
        deadline = super().give_up_at(email, about)
        return min(deadline, about.start) if email.kind == Kind.REMINDER else deadline

    def build(self, email, about, run):
        return build_message(email, about)


for _kind, _label in [
    (Kind.CONFIRMATION, "Booking confirmation"),
    (Kind.RESCHEDULE, "Booking moved"),
    (Kind.CANCELLATION, "Booking cancelled"),
    (Kind.REMINDER, "Booking reminder"),
]:
    kinds.register(BookingEmailKind(_kind, _label))
