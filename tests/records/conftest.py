"""One person with a past visit, an upcoming one, emails, a subscription and a waitlist
entry, and a stranger who shares nothing with them; the clock stands still for each test."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.services.confirmations import confirmation_queue
from scheduling import selectors
from scheduling.models import WaitlistEntry
from scheduling.services.booking import Patient, booking_cancel
from scheduling.services.waitlist import Contact, waitlist_join
from scheduling.services.waitlist_offers import waitlist_offer_times
from tests.clock import still
from tests.newsletter.conftest import make_subscriber
from tests.scheduling.conftest import book, clinic, first_slot, service, therapist  # noqa: F401
from tests.scheduling.waitlist_helpers import fill_day, local_day

PAT = Patient(name="Pat Example", email="pat@example.com", phone="+1 541 555 0100")
SAM = Patient(name="Sam Other", email="sam@example.net", phone="(541) 555-0199")


@pytest.fixture(autouse=True)
def _still():
    with still():
        yield


@pytest.fixture
def held(service, therapist):  # noqa: F811 (the fixtures imported above)
    """Pat's earlier and later bookings (the earlier one becomes a visit at `visit_over`),
    Sam's booking, and Pat's newsletter subscription with its confirmation email."""
    first = book(service, therapist, first_slot(service, therapist).start, patient=PAT)
    later = book(
        service,
        therapist,
        first_slot(service, therapist, after=first.blocked_until + timedelta(days=2)).start,
        patient=Patient(name="Pat Example", email="PAT@example.com", phone="+1 (541) 555-0100"),
        intake={"reason": "Stiff knee", "pain": 2},
    )
    sam = book(
        service, therapist, first_slot(service, therapist, after=later.blocked_until).start,
        patient=SAM,
    )  # fmt: skip
    subscriber = make_subscriber("pat@example.com", first_name="Pat")
    confirmation_queue(subscriber=subscriber, now=timezone.now())
    return {"first": first, "later": later, "sam": sam, "subscriber": subscriber}


@pytest.fixture
def visit_over(held):
    """A moment after Pat's first visit and before the later one."""
    return held["first"].end + timedelta(hours=1)


@pytest.fixture
def waiting(service, therapist):  # noqa: F811
    """Pat on the waitlist for a day Sam filled, her phone typed another way, offered a
    time that freed (the entry's "you are waiting" email and the offer's email)."""
    booked = fill_day(service, therapist, patient=SAM)
    entry = waitlist_join(
        service=service,
        therapist=None,
        location=selectors.clinic_location(),
        first_day=local_day(booked[0].start),
        last_day=local_day(booked[0].start),
        part_of_day=WaitlistEntry.PartOfDay.ANY,
        contact=Contact(name="Pat Example", email="pat@example.com", phone="+1 (541) 555-0100"),
    )
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    return {"entry": entry, "offer": entry.offers.get(), "booked": booked[1:]}
