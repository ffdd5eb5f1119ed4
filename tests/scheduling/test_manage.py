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


def test_the_move_page_marks_times_inside_the_change_window(client, service, therapist):
    """A time the patient could not change online again says so before it is chosen,
    as on the booking's own time page; the hint says what the mark means."""
    soon = first_slot(service, therapist, after=timezone.now() + timedelta(hours=1))
    later = first_slot(service, therapist, after=soon.start + days(4))
    booking = book(service, therapist, later.start)
    rules = BookingRules.current()
    hours = (soon.start - timezone.now()) // timedelta(hours=1) + 2
    rules.cancellation_window_hours = hours
    rules.save()  # the booking itself, days later, can still change online
    zone = booking.location.zone
    day = soon.start.astimezone(zone).date().isoformat()
    page = client.get(url("manage-move", booking) + f"?day={day}").content.decode()
    mark = "(can\u2019t be changed online)"
    label = page.split(f'value="{soon.start.isoformat()}"', 1)[1].split("</label>", 1)[0]
    assert mark in label
    assert f"less than {hours} hours away" in page
    # A day past the window has no mark and no such hint.
    far = later.start.astimezone(zone).date().isoformat()
    page = client.get(url("manage-move", booking) + f"?day={far}").content.decode()
    assert "can\u2019t be changed online" not in page


def test_a_day_link_lands_on_the_times_or_on_the_words_saying_there_are_none(client, booking):
    page = client.get(url("manage-move", booking)).content.decode()
    assert '#move-times"' in page and 'id="move-times"' in page
    # A day with no free time (one far past the booking horizon) still has the target.
    page = client.get(url("manage-move", booking) + "?day=2099-01-05").content.decode()
    assert 'id="move-times"' in page
    assert "No free times on Monday, January 5" in page
