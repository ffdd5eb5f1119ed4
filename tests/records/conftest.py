"""One person with a past visit, an upcoming one, emails and a subscription, and a
stranger who shares nothing with them; the clock stands still for each test."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsletter.services.confirmations import confirmation_queue
from scheduling.services.booking import Patient
from tests.clock import still
from tests.newsletter.conftest import make_subscriber
from tests.scheduling.conftest import book, clinic, first_slot, service, therapist  # noqa: F401

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
        patient=Patient(name="Pat Example", email="PAT@example.com", phone="541.555.0100"),
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
