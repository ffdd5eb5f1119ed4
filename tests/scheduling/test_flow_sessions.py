"""Looking at the booking start writes no session row; answering a question does."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_visitors_who_only_look_leave_no_session_rows(client, service):
    for _ in range(5):
        client.cookies.clear()
        assert client.get(reverse("scheduling:start")).status_code == 200
        client.get(reverse("scheduling:therapist"))  # sent back to the start
    assert Session.objects.count() == 0
    client.post(reverse("scheduling:start"), {"service": service.pk})
    assert Session.objects.count() == 1
