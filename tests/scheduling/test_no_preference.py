""" "No preference": when the first therapist free at a time is taken a moment before the
patient confirms, another therapist free then gets the booking."""

from collections import defaultdict

import pytest
from django.db import connection

from scheduling import selectors
from scheduling.models import Booking, Therapist
from tests.clock import still
from tests.scheduling.conftest import book

pytestmark = pytest.mark.django_db


def shared_start(service):
    """A time two or more therapists are free, with those therapists' slots."""
    by_start = defaultdict(list)
    location = selectors.clinic_location()
    for slot in selectors.free_slots(service=service, location=location, every_therapist=True):
        by_start[slot.start].append(slot)
    return next(slots for slots in by_start.values() if len(slots) >= 2)


def test_every_therapist_free_at_a_time_is_a_candidate(service):
    slots = shared_start(service)
    assert len({slot.therapist_id for slot in slots}) == len(slots) >= 2
    merged = selectors.free_slots(service=service, location=selectors.clinic_location())
    assert [s.therapist_id for s in merged if s.start == slots[0].start] == [slots[0].therapist_id]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL's exclusion constraint can refuse a racer after the check; on "
    "SQLite the check runs under the write lock, so it is never out of date",
)
def test_a_therapist_taken_meanwhile_leaves_the_next_one_free_then(service, monkeypatch):
    # The clock stands still: the earliest shared time sits at the notice's edge, which
    # a running clock would pass between finding the time and booking it.
    with still():
        slots = shared_start(service)
        first, second = slots[0].therapist_id, slots[1].therapist_id
        seen_before = selectors.free_slots(
            service=service, location=selectors.clinic_location(), every_therapist=True
        )
        # Another patient books the first therapist after this patient's check ran.
        book(service, Therapist.objects.get(pk=first), slots[0].start)
        monkeypatch.setattr(selectors, "free_slots", lambda **kwargs: seen_before)
        booking = book(service, None, slots[0].start)
    assert booking.therapist_id == second
    assert Booking.objects.filter(start=slots[0].start).count() == 2
