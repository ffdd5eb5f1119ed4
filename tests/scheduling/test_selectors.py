"""Loading what the engine needs takes a handful of queries, whatever the range."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from scheduling import selectors
from scheduling.models import Booking, Therapist, TimeOff, WorkingHours
from tests.scheduling.conftest import book, first_slot

pytestmark = pytest.mark.django_db
EIGHT, FIVE = time(8), time(17)


def test_sixty_days_for_ten_therapists_in_a_handful_of_queries(
    clinic, service, django_assert_max_num_queries
):
    for n in range(7):
        therapist = Therapist.objects.create(name=f"T{n}", slug=f"t{n}", credentials="PT")
        WorkingHours.objects.bulk_create(
            WorkingHours(
                therapist=therapist, location=clinic, weekday=d, start_time=EIGHT, end_time=FIVE
            )
            for d in range(5)
        )
        TimeOff.objects.create(
            therapist=therapist,
            start=timezone.now() + timedelta(days=3),
            end=timezone.now() + timedelta(days=4),
        )
    for therapist in Therapist.objects.all()[:5]:
        book(service, therapist, first_slot(service, therapist).start)
    assert Therapist.objects.active().count() == 10
    assert Booking.objects.count() == 5
    with django_assert_max_num_queries(7):
        slots = selectors.free_slots(service=service, location=clinic)
    assert len(slots) > 100
