"""The VTIMEZONE builder for other zones: southern summer time, last-Sunday rules, a
zone whose changes follow no weekday rule (per-change blocks), and one with none."""

from datetime import UTC, datetime, timedelta

import pytest

from scheduling import ics
from tests.scheduling.calendar_readers import instants

# (zone, a visit's UTC start): each read back by three parsers must be that instant.
VISITS = [
    ("Europe/Berlin", datetime(2027, 3, 26, 9, 0, tzinfo=UTC)),  # before the last Sunday
    ("Europe/Berlin", datetime(2027, 3, 29, 8, 0, tzinfo=UTC)),
    ("Europe/Berlin", datetime(2027, 10, 29, 8, 0, tzinfo=UTC)),
    ("Australia/Sydney", datetime(2027, 1, 15, 23, 0, tzinfo=UTC)),  # southern summer
    ("Australia/Sydney", datetime(2027, 7, 15, 0, 0, tzinfo=UTC)),
    ("Asia/Jerusalem", datetime(2027, 3, 25, 7, 0, tzinfo=UTC)),  # Friday-before rule
    ("Asia/Jerusalem", datetime(2027, 3, 29, 6, 0, tzinfo=UTC)),
    ("Asia/Tokyo", datetime(2027, 7, 15, 1, 0, tzinfo=UTC)),  # no clock changes
    ("America/Los_Angeles", datetime(2030, 7, 15, 17, 0, tzinfo=UTC)),  # years ahead
]


@pytest.mark.parametrize(("zone", "start"), VISITS)
def test_three_readers_agree_on_the_instant(zone, start):
    end = start + timedelta(minutes=45)
    data = ics.booking_calendar(
        uid=f"{zone}-{start:%Y%m%d}@hwypt.example",
        sequence=0,
        method="PUBLISH",
        start=start,
        end=end,
        tz_name=zone,
        summary="Consultation",
        location="Clinic",
        description="Test",
        organizer_email="hello@hwypt.example",
        organizer_name="HWY PT",
        attendee_email="pat@example.org",
        attendee_name="Pat",
        stamp=datetime(2027, 1, 1, tzinfo=UTC),
    )
    assert f"DTSTART;TZID={zone}:".encode() in data
    assert b"RDATE" not in data
    read = instants(data)
    assert read == {name: [(start, end)] for name in read}, read
