"""load_demo_schedule: a newcomer can book straight away at either of two locations;
running it twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from scheduling import selectors
from scheduling.models import Location, Service, Therapist, WorkingHours

pytestmark = pytest.mark.django_db


def test_demo_schedule_is_idempotent_and_bookable_at_two_locations():
    out = io.StringIO()
    call_command("load_demo_schedule", stdout=out)
    call_command("load_demo_schedule", stdout=out)
    assert "(0 new)" in out.getvalue().splitlines()[-1]
    counts = [m.objects.count() for m in (Location, Service, Therapist, WorkingHours)]
    assert counts == [2, 3, 5, 25]
    assert all("(demo)" in name for name in Therapist.objects.values_list("name", flat=True))
    zones = {location.time_zone for location in Location.objects.all()}
    assert zones == {"America/Los_Angeles", "America/Boise"}
    for location in Location.objects.all():
        assert Therapist.objects.working_at(location).count() >= 2
        slots = selectors.free_slots(service=Service.objects.first(), location=location)
        assert slots


def test_single_location_demo_is_the_one_location_clinic():
    call_command("load_demo_schedule", "--single-location", stdout=io.StringIO())
    counts = [m.objects.count() for m in (Location, Service, Therapist, WorkingHours)]
    assert counts == [1, 3, 3, 18]
