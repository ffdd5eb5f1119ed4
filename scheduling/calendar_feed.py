"""What a therapist's calendar feed shows: their visits, and nothing a patient told us.

Each visit is "<service>: <first name> <initial>." at its location, in the location's
time zone: no health intake, no email address or phone number, no surname, since a
subscribed calendar is copied to Google, Apple or Microsoft and onto phones. Visits
from a week back (so today's and yesterday's stay in view) on, with no end: online
bookings stop at the horizon, but the front desk may book past it; cancelled ones
leave the feed.
"""

from datetime import datetime, timedelta

from scheduling import ics
from scheduling.models import Booking, Therapist

LOOK_BACK = timedelta(days=7)


def short_name(full_name: str) -> str:
    """ "Maria García López" -> "Maria L.": the first word and the last word's initial."""
    words = full_name.split()
    if not words:
        return "Patient"
    if len(words) == 1:
        return words[0]
    return f"{words[0]} {words[-1][0].upper()}."


def feed_bookings(*, therapist: Therapist, now: datetime):
    """The therapist's visits that are not cancelled, from LOOK_BACK ago on."""
    return (
        Booking.objects.active()
        .filter(therapist=therapist, start__gte=now - LOOK_BACK)
        .select_related("service", "location")
        .order_by("start", "pk")
    )


def feed_event(booking: Booking) -> ics.FeedEvent:
    return ics.FeedEvent(
        uid=booking.uid,
        sequence=booking.sequence,
        stamp=booking.created_at,
        start=booking.start,
        end=booking.end,
        tz_name=booking.location.time_zone,
        summary=f"{booking.service.name}: {short_name(booking.patient_name)}",
        location=f"{booking.location.name}, {booking.location.address}",
    )


def feed_file(*, therapist: Therapist, now: datetime) -> bytes:
    events = [feed_event(booking) for booking in feed_bookings(therapist=therapist, now=now)]
    return ics.feed_calendar(name=f"HWY PT: {therapist.name}", events=events, around=now)
