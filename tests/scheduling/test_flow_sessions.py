"""Looking at the booking start writes no session row; answering a question does."""

from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from scheduling import selectors
from tests.clock import still

pytestmark = pytest.mark.django_db


def test_visitors_who_only_look_leave_no_session_rows(client, service):
    for _ in range(5):
        client.cookies.clear()
        assert client.get(reverse("scheduling:start")).status_code == 200
        client.get(reverse("scheduling:therapist"))  # sent back to the start
    assert Session.objects.count() == 0
    client.post(reverse("scheduling:start"), {"service": service.pk})
    assert Session.objects.count() == 1


def test_with_two_locations_the_first_question_writes_no_session_row_either(client):
    with still(datetime(2026, 12, 1, 17, 0, tzinfo=UTC)):
        call_command("load_demo_schedule", stdout=StringIO())
        assert len(selectors.bookable_locations()) == 2
        for _ in range(5):
            client.cookies.clear()
            assert client.get(reverse("scheduling:start")).status_code == 302
            assert client.get(reverse("scheduling:location")).status_code == 200
        assert Session.objects.count() == 0
        first = selectors.bookable_locations()[0]
        answered = client.get(reverse("scheduling:location"), {"location": first.pk})
        assert answered.status_code == 302
        assert Session.objects.count() == 1


def test_the_location_question_is_one_shared_page_that_follows_edits(
    client, django_assert_num_queries
):
    """No CSRF token, no cookie: every visitor who has not started gets the cached copy,
    and a renamed clinic shows at once."""
    with still(datetime(2026, 12, 1, 17, 0, tzinfo=UTC)):
        call_command("load_demo_schedule", stdout=StringIO())
        url = reverse("scheduling:location")
        first = client.get(url)
        assert not first.cookies and b"csrfmiddlewaretoken" not in first.content
        with django_assert_num_queries(0):
            repeat = Client().get(url)
        assert repeat.content == first.content
        location = selectors.bookable_locations()[0]
        location.name = "Riverside Clinic"
        location.save()
        assert "Riverside Clinic" in Client().get(url).content.decode()
