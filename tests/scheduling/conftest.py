"""A demo clinic for scheduling tests, and helpers to find free times."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.importing import safety_import
from scheduling import selectors
from scheduling.models import Service, Therapist
from scheduling.services.booking import Patient

PATIENT = Patient(name="Pat Example", email="pat@example.com", phone="+1 541 555 0100")
INTAKE = {"reason": "Sore back", "where": "Lower back", "how_long": "2 weeks", "pain": 4}


@pytest.fixture
def clinic(db):
    """The demo schedule, and the safety list its screening questions come from."""
    # One location: the flow as most clinics have it (test_locations.py has two).
    call_command("load_demo_schedule", "--single-location", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems
    return selectors.clinic_location()


@pytest.fixture
def service(clinic):
    return Service.objects.get(name="Initial consultation")


@pytest.fixture
def therapist(clinic):
    return Therapist.objects.get(slug="demo-alex-example")


def first_slot(service, therapist=None, after=None, rules=None):
    slots = selectors.free_slots(
        service=service,
        location=selectors.clinic_location(),
        therapist_id=therapist.pk if therapist else None,
        rules=rules,
    )
    if after is not None:
        slots = [slot for slot in slots if slot.start >= after]
    return slots[0]


def book(service, therapist, start, **overrides):
    from scheduling.services.booking import booking_create

    values = {
        "service": service,
        "therapist": therapist,
        "start": start,
        "patient": PATIENT,
        "intake": INTAKE,
        "screening_flags": [],
        "consent_at": timezone.now(),
    }
    values.update(overrides)
    return booking_create(**values)


def days(n: int) -> timedelta:
    return timedelta(days=n)
