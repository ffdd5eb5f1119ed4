"""load_demo_schedule: a newcomer can book straight away; running it twice changes nothing."""

import io

import pytest
from django.core.management import call_command

from scheduling import selectors
from scheduling.models import Location, Service, Therapist, WorkingHours

pytestmark = pytest.mark.django_db


def test_demo_schedule_is_idempotent_and_bookable():
    out = io.StringIO()
    call_command("load_demo_schedule", stdout=out)
    call_command("load_demo_schedule", stdout=out)
    assert "(0 new)" in out.getvalue().splitlines()[-1]
    counts = [m.objects.count() for m in (Location, Service, Therapist, WorkingHours)]
    assert counts == [1, 3, 3, 18]
    assert all("(demo)" in name for name in Therapist.objects.values_list("name", flat=True))
    slots = selectors.free_slots(service=Service.objects.first(), location=Location.objects.get())
    assert slots
