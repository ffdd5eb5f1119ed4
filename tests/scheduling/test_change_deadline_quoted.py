"""The done page, the confirmation email and the manage page quote one change deadline,
on the location's clock; a visit already inside the window says so on all three."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Booking, BookingRules
from scheduling.services.booking import change_deadline
from tests.scheduling.conftest import days, first_slot
from tests.scheduling.test_flow import walk_to_check

pytestmark = pytest.mark.django_db

UNTIL = re.compile(r"You can move or cancel online until (\w+day, \w+ \d+ at \d+:\d\d [AP]M)")


def book_through_the_flow(client, service, therapist, start, capture):
    walk_to_check(client, service, therapist, start)
    with capture(execute=True):
        response = client.post(reverse("scheduling:check"), {"consent": "on"})
    assert response.status_code == 302, response.content.decode()[:2000]
    done = client.get(response.url).content.decode()
    booking = Booking.objects.get()
    manage = client.get(reverse("scheduling:manage", kwargs={"token": booking.make_token()}))
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    return booking, {
        "done": done,
        "email": message.body,
        "email html": html,
        "manage": manage.content.decode(),
    }


@pytest.fixture
def far_zone(clinic):
    """The location on a clock three hours from the site's default, so a deadline shown
    in the wrong zone cannot pass for the right one."""
    clinic.time_zone = "America/New_York"
    clinic.save()
    return clinic


def test_the_three_places_quote_the_same_deadline_on_the_location_clock(
    client, service, therapist, far_zone, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    booking, pages = book_through_the_flow(
        client, service, therapist, slot.start, django_capture_on_commit_callbacks
    )
    until = change_deadline(start=booking.start).astimezone(far_zone.zone)
    wanted = f"{until:%A, %B} {until.day} at {until:%-I:%M %p}"
    for where, text in pages.items():
        assert UNTIL.findall(text) == [wanted], where


def test_a_visit_inside_the_window_is_called_too_close_everywhere(
    client, service, therapist, far_zone, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist, after=timezone.now() + timedelta(hours=1))
    rules = BookingRules.current()
    rules.cancellation_window_hours = (slot.start - timezone.now()) // timedelta(hours=1) + 2
    rules.save()
    _, pages = book_through_the_flow(
        client, service, therapist, slot.start, django_capture_on_commit_callbacks
    )
    for where, text in pages.items():
        assert not UNTIL.search(text), where
        assert "too close to" in text and "move or cancel online" in text, where
        assert "please call us" in text, where
    assert "Move to another time" not in pages["manage"]
