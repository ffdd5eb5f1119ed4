"""Calendar files (.ics) for bookings, from plain values.

What the patient gets, and why (RFC 5546 methods, as mail clients treat them):
- A booking or a move is METHOD:PUBLISH with no ATTENDEE. A METHOD:REQUEST is a
  meeting invitation: Gmail, Outlook, Apple Mail and Thunderbird then show
  Accept / Decline buttons, and "Decline" only emails the organizer and cancels
  nothing, so a patient could believe the visit was cancelled. A PUBLISH shows
  "Add to calendar" and asks for no reply; a move is the same UID with a higher
  SEQUENCE, which those clients apply as an update of the event already added.
- A cancellation is METHOD:CANCEL, same UID, higher SEQUENCE, STATUS:CANCELLED.
  That is what the clients above act on to take an event out of the calendar
  (Outlook "Remove from calendar", Thunderbird "Delete", Gmail and Apple remove
  or strike it), whether it arrived as a PUBLISH or a REQUEST. RFC 5546 wants an
  ATTENDEE in a CANCEL; it is the patient, without RSVP, and a CANCEL offers no
  reply. Cancelling is done only from the manage link in the email.

A therapist's calendar feed (`feed_calendar`) is a subscription, not a message:
every upcoming visit as a plain event, re-read by the client every so often. It
names no patient's address; a visit that is cancelled simply leaves the feed,
which Google, Apple and Outlook apply on their next refresh.

The VTIMEZONE comes from scheduling/timezones.py: see there why not icalendar's own.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from scheduling.timezones import vtimezone

PRODID = "-//HWY PT//Consultation booking//EN"
METHODS = {"PUBLISH", "CANCEL"}
FEED_REFRESH = timedelta(hours=1)  # how often a subscribed client should look again (a hint)


def _event(
    *,
    uid: str,
    sequence: int,
    stamp: datetime,
    start: datetime,
    end: datetime,
    tz: ZoneInfo,
    summary: str,
    location: str,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp)
    event.add("dtstart", start.astimezone(tz))
    event.add("dtend", end.astimezone(tz))
    event.add("summary", summary)
    event.add("location", location)
    return event


def booking_calendar(
    *,
    uid: str,
    sequence: int,
    method: str,
    start: datetime,
    end: datetime,
    tz_name: str,
    summary: str,
    location: str,
    description: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str,
    stamp: datetime,
) -> bytes:
    """One event; METHOD:PUBLISH to add or move it, METHOD:CANCEL (same UID) to remove it."""
    if method not in METHODS:
        raise ValueError(f"unsupported METHOD {method!r}")
    tz = ZoneInfo(tz_name)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = _event(
        uid=uid,
        sequence=sequence,
        stamp=stamp,
        start=start,
        end=end,
        tz=tz,
        summary=summary,
        location=location,
    )
    event.add("description", description)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name)
    event.add("organizer", organizer)
    if method == "CANCEL":
        attendee = vCalAddress(f"mailto:{attendee_email}")
        attendee.params["cn"] = vText(attendee_name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["rsvp"] = vText("FALSE")
        event.add("attendee", attendee)
    calendar.add_component(vtimezone(tz_name, start))
    calendar.add_component(event)
    return calendar.to_ical()


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    sequence: int
    stamp: (
        datetime  # when the event was last revised; fixed, so an unchanged feed is byte-identical
    )
    start: datetime
    end: datetime
    tz_name: str
    summary: str
    location: str


def feed_calendar(*, name: str, events: list[FeedEvent], around: datetime) -> bytes:
    """A subscription calendar of `events`, each in its own zone with that zone's VTIMEZONE.

    Nothing in it depends on the moment it is built except through `around` (the
    VTIMEZONE's years), so the same events give the same bytes and the same ETag.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(FEED_REFRESH))  # Outlook's name for the hint
    for tz_name in sorted({event.tz_name for event in events}):
        calendar.add_component(vtimezone(tz_name, around))
    for item in events:
        event = _event(
            uid=item.uid,
            sequence=item.sequence,
            stamp=item.stamp,
            start=item.start,
            end=item.end,
            tz=ZoneInfo(item.tz_name),
            summary=item.summary,
            location=item.location,
        )
        event.add("status", "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()
