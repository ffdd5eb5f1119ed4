"""Every .ics the site mails (booking, move, cancel), read by three calendar parsers.

The emails go through a real SMTP server on loopback and are read back from the
bytes it received. The visits sit on both sides of both of the clinic's 2027
clock changes (Sunday March 14 and Sunday November 7, America/Los_Angeles), at
10:00 local time; "now" is passed in, a week before each visit.
"""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from scheduling import selectors
from scheduling.services.booking import Patient, booking_cancel, booking_reschedule
from tests.scheduling.calendar_readers import instants
from tests.scheduling.conftest import INTAKE, book

pytestmark = pytest.mark.django_db

CLINIC_ZONE = ZoneInfo("America/Los_Angeles")
PATIENT = Patient(name="Zoë Ødegård", email="zoe@example.org", phone="+1 541 555 0101")

# Local 10:00 on each day, and the UTC instant it is (worked out by hand, not by code).
BEFORE_SPRING = (datetime(2027, 3, 12, 10, 0), datetime(2027, 3, 12, 18, 0, tzinfo=UTC))
AFTER_SPRING = (datetime(2027, 3, 16, 10, 0), datetime(2027, 3, 16, 17, 0, tzinfo=UTC))
BEFORE_AUTUMN = (datetime(2027, 11, 5, 10, 0), datetime(2027, 11, 5, 17, 0, tzinfo=UTC))
AFTER_AUTUMN = (datetime(2027, 11, 9, 10, 0), datetime(2027, 11, 9, 18, 0, tzinfo=UTC))
SUMMER = (datetime(2027, 7, 15, 10, 0), datetime(2027, 7, 15, 17, 0, tzinfo=UTC))


def week_before(local: datetime) -> datetime:
    return local.replace(tzinfo=CLINIC_ZONE) - timedelta(days=7)


def slot_at(service, therapist, local: datetime):
    """The free slot starting at this local time, asked for a week ahead."""
    start = local.replace(tzinfo=CLINIC_ZONE)
    slots = selectors.free_slots(
        service=service,
        location=selectors.clinic_location(),
        therapist_id=therapist.pk,
        now=week_before(local),
    )
    [slot] = [slot for slot in slots if slot.start == start]
    return slot


def received_calendars(smtp_wire) -> list[tuple[bytes, Calendar, bytes]]:
    """(raw message, calendar, .ics bytes) for each message with a calendar file."""
    found = []
    for raw in smtp_wire.raw:
        message = message_from_bytes(raw, policy=policy.default)
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                data = part.get_payload(decode=True)
                found.append((raw, Calendar.from_ical(data), data))
    return found


def assert_three_readers_agree(data: bytes, start: datetime, end: datetime) -> None:
    read = instants(data)
    assert read == {name: [(start, end)] for name in read}, read


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a commit would run (the email task), as the site does."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def booking_at(service, therapist, committed):
    def make(local: datetime):
        slot = slot_at(service, therapist, local)
        with committed():
            return book(
                service,
                therapist,
                slot.start,
                patient=PATIENT,
                intake=INTAKE,
                now=week_before(local),
            )

    return make


@pytest.mark.parametrize(
    "visit",
    [BEFORE_SPRING, AFTER_SPRING, SUMMER, BEFORE_AUTUMN, AFTER_AUTUMN],
    ids=["before-spring", "after-spring", "summer", "before-autumn", "after-autumn"],
)
def test_a_booking_file_reads_the_same_in_three_parsers(smtp_wire, booking_at, visit):
    local, expected_start = visit
    booking = booking_at(local)
    [(_, calendar, data)] = received_calendars(smtp_wire)
    assert expected_start == booking.start
    assert_three_readers_agree(data, expected_start, booking.end)
    assert booking.end - booking.start == timedelta(minutes=booking.service.duration_minutes)
    assert str(calendar["METHOD"]) == "PUBLISH"


@pytest.mark.parametrize(
    ("first", "moved_to"),
    [(BEFORE_SPRING, AFTER_SPRING), (BEFORE_AUTUMN, AFTER_AUTUMN), (AFTER_AUTUMN, BEFORE_AUTUMN)],
    ids=["across-spring", "across-autumn", "back-across-autumn"],
)
def test_move_and_cancel_files_read_the_same_in_three_parsers(
    smtp_wire, booking_at, service, therapist, committed, first, moved_to
):
    booking = booking_at(first[0])
    new_slot = slot_at(service, therapist, moved_to[0])
    now = week_before(min(first[0], moved_to[0]))
    with committed():
        booking_reschedule(booking=booking, start=new_slot.start, now=now)
    with committed():
        booking_cancel(booking=booking, now=now)

    booked, moved, cancelled = received_calendars(smtp_wire)
    duration = booking.end - booking.start
    assert_three_readers_agree(booked[2], first[1], first[1] + duration)
    assert_three_readers_agree(moved[2], moved_to[1], moved_to[1] + duration)
    assert_three_readers_agree(cancelled[2], moved_to[1], moved_to[1] + duration)
    methods = [str(calendar["METHOD"]) for _, calendar, _ in (booked, moved, cancelled)]
    assert methods == ["PUBLISH", "PUBLISH", "CANCEL"]
    events = [calendar.walk("VEVENT")[0] for _, calendar, _ in (booked, moved, cancelled)]
    assert {str(event["UID"]) for event in events} == {booking.uid}
    assert [event["SEQUENCE"] for event in events] == [0, 1, 2]
    assert str(events[2]["STATUS"]) == "CANCELLED"


def test_the_patient_is_never_asked_to_reply(smtp_wire, booking_at, committed):
    """No RSVP anywhere: a "Decline" button would cancel nothing yet look like it did."""
    booking = booking_at(SUMMER[0])
    with committed():
        booking_cancel(booking=booking, now=week_before(SUMMER[0]))
    for _, calendar, data in received_calendars(smtp_wire):
        assert str(calendar["METHOD"]) != "REQUEST"
        assert b"RSVP=TRUE" not in data
        event = calendar.walk("VEVENT")[0]
        if str(calendar["METHOD"]) == "PUBLISH":
            assert "ATTENDEE" not in event  # RFC 5546: no attendees in a PUBLISH


def test_the_time_zone_block_has_one_date_per_change(smtp_wire, booking_at):
    """A long RDATE list is what vobject and ical.js misread."""
    booking_at(SUMMER[0])
    [(_, calendar, data)] = received_calendars(smtp_wire)
    [zone] = calendar.walk("VTIMEZONE")
    assert str(zone["TZID"]) == "America/Los_Angeles"
    assert b"RDATE" not in data
    assert {sub.name for sub in zone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_non_ascii_names_travel_as_seven_bit_mail(smtp_wire, booking_at, committed):
    """No part needs the server to accept 8BITMIME, and the name survives decoding."""
    booking = booking_at(SUMMER[0])
    with committed():
        booking_cancel(booking=booking, now=week_before(SUMMER[0]))
    assert len(smtp_wire.raw) == 2
    for raw in smtp_wire.raw:
        assert all(byte < 128 for byte in raw), "a byte above 127 would need 8BITMIME"
        message = message_from_bytes(raw, policy=policy.default)
        assert "Zoë Ødegård" in message.get_body(("plain",)).get_content()
    [_, (_, cancelled, _)] = received_calendars(smtp_wire)
    attendee = cancelled.walk("VEVENT")[0]["ATTENDEE"]
    assert attendee.params["CN"] == "Zoë Ødegård"
