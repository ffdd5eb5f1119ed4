"""The manage link: view, cancel inside the window, move atomically."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Booking, BookingRules
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(service, therapist):
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    return book(service, therapist, slot.start)


def url(name, booking):
    return reverse(f"scheduling:{name}", kwargs={"token": booking.make_token()})


def test_the_link_shows_the_booking_and_never_the_intake(client, booking):
    response = client.get(url("manage", booking))
    # The therapist's letters are explained in words where they are shown.
    assert b"<dt>DPT</dt><dd>Doctor of Physical Therapy" in response.content
    assert b"Move to another time" in response.content
    assert b"Sore back" not in response.content
    assert client.get(reverse("scheduling:manage", kwargs={"token": "nope"})).status_code == 404


def test_cancel_from_the_link(client, booking):
    response = client.post(url("manage-cancel", booking), follow=True)
    assert b"Your booking is cancelled" in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    # An old link can no longer move a cancelled booking.
    assert client.get(url("manage-move", booking)).status_code == 302
    assert b"Move to another time" not in client.get(url("manage", booking)).content


def test_after_the_window_the_page_gives_the_phone_number(client, booking):
    rules = BookingRules.current()
    rules.cancellation_window_hours = 24 * 30
    rules.save()
    response = client.get(url("manage", booking))
    assert b"too close to move or cancel online" in response.content
    assert b"(541) 555-0142" in response.content
    client.post(url("manage-cancel", booking))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_move_to_another_free_time(client, booking, service, therapist):
    later = first_slot(service, therapist, after=booking.start + days(2))
    day = later.start.astimezone(timezone.get_current_timezone()).date().isoformat()
    page = client.get(url("manage-move", booking) + f"?day={day}")
    assert later.start.isoformat().encode() in page.content
    response = client.post(url("manage-move", booking), {"start": later.start.isoformat()})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == later.start and booking.sequence == 1


def test_move_to_a_time_not_offered_shows_an_error(client, booking):
    bad = (booking.start + timedelta(minutes=7)).isoformat()
    response = client.post(url("manage-move", booking), {"start": bad})
    assert b"There is a problem" in response.content
