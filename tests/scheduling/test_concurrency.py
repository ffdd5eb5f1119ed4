"""No double booking under real concurrency: many patients confirm the same time at once
against a real gunicorn process on PostgreSQL; exactly one gets it, the rest get the
friendly "that time was just taken" page, and nobody gets a 500."""

import pytest
from django.db import connection

from scheduling.models import Booking
from tests.scale_out import all_at_once, booking_flow, patient_at_check
from tests.scheduling.conftest import first_slot
from tests.stack import AppServer, database_url, stack_env

CLIENTS = 16

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the concurrency proof runs on PostgreSQL only (set DATABASE_URL); on SQLite "
        "booking_create re-checks inside an IMMEDIATE transaction instead",
    ),
]


@pytest.fixture
def server():
    env = stack_env(
        DATABASE_URL=database_url(connection.settings_dict), DJANGO_BOOKING_RATE_LIMIT="1000/m"
    )
    process = AppServer(env, workers=2, threads=8)
    yield process.url
    log = process.stop()
    assert "Traceback" not in log, log


def test_many_simultaneous_confirmations_make_exactly_one_booking(server, service, therapist):
    slot = first_slot(service, therapist)
    flow = booking_flow(service, therapist, slot.start, "pat@example.com")
    patients = [patient_at_check(server, flow) for _ in range(CLIENTS)]
    results = all_at_once([patient.confirm for patient in patients])

    assert Booking.objects.filter(therapist=therapist, start=slot.start).count() == 1
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * (CLIENTS - 1), statuses
    booked = [body for status, body in results if status == 200]
    taken = [body for status, body in results if status == 409]
    assert "Your consultation is booked" in booked[0]
    assert all("that time was just taken" in body for body in taken)
    assert all("The nearest free times" in body for body in taken)
