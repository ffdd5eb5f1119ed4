"""Health answers in the booking flow: never cached, gone from the session after booking,
and the session itself ends a fixed time after the flow starts."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from scheduling.views.flow import FLOW_MINUTES
from tests.scheduling.conftest import book, first_slot
from tests.scheduling.test_flow import walk_to_check

pytestmark = pytest.mark.django_db

FLOW_PAGES = ["start", "therapist", "day", "time", "details", "intake", "screening", "check"]


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def assert_not_cached(response):
    cache_control = response.headers.get("Cache-Control", "")
    assert "no-store" in cache_control and "private" in cache_control, cache_control


def test_no_flow_page_is_cached(client, service, therapist):
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    for name in FLOW_PAGES:
        response = client.get(reverse(f"scheduling:{name}"))
        assert response.status_code == 200, name
        assert_not_cached(response)
    assert_not_cached(client.post(reverse("scheduling:details"), {}))  # an error page too
    done = client.post(reverse("scheduling:check"), {"consent": "on"}, follow=True)
    assert b"Your consultation is booked" in done.content
    assert_not_cached(done)


def test_no_manage_page_is_cached(client, service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start)
    token = booking.make_token()
    for name in ["manage", "manage-cancel", "manage-move"]:
        response = client.get(reverse(f"scheduling:{name}", kwargs={"token": token}))
        assert_not_cached(response)


def test_the_session_ends_a_fixed_time_after_the_flow_starts(client, service, therapist):
    before = timezone.now()
    # The flow (and its session) starts with the first answer, not the first look.
    client.post(reverse("scheduling:start"), {"service": service.pk})
    expiry = client.session.get_expiry_date()
    wanted = before + timedelta(minutes=FLOW_MINUTES)
    assert wanted <= expiry <= wanted + timedelta(seconds=30)
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    assert client.session.get_expiry_date() == expiry  # later steps do not extend it
    assert client.cookies["sessionid"]["max-age"] <= FLOW_MINUTES * 60


def test_a_finished_booking_leaves_no_health_answers_in_the_session(client, service, therapist):
    slot = first_slot(service, therapist)
    walk_to_check(client, service, therapist, slot.start)
    assert "Sore back" in str(dict(client.session))
    client.post(reverse("scheduling:check"), {"consent": "on"})
    stored = str(dict(client.session))
    assert "Sore back" not in stored and "Lower back" not in stored
    assert "screening" not in stored


def test_answers_cleared_after_the_fixed_time_lead_to_the_start_with_a_reason(
    client, service, therapist
):
    """A patient who comes back to a half-filled booking after the answers were cleared
    is told why they are on the first page again, not left wondering."""
    slot = first_slot(service, therapist)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        walk_to_check(client, service, therapist, slot.start)
    with time_machine.travel(start + timedelta(minutes=FLOW_MINUTES, seconds=1), tick=False):
        response = client.get(reverse("scheduling:check"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("scheduling:start")
    page = response.content.decode()
    assert "answers are cleared 30 minutes after you start" in page
    assert "Sore back" not in page
