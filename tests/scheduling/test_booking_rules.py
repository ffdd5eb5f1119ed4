"""Booking rules staff edit in the admin: a step or horizon of zero is refused everywhere."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError
from django.urls import reverse

from scheduling.availability import Rules
from scheduling.models import BookingRules

pytestmark = pytest.mark.django_db

VALID = {
    "min_notice_hours": 12,
    "horizon_days": 60,
    "slot_step_minutes": 30,
    "cancellation_window_hours": 24,
}


@pytest.mark.parametrize(
    ("field", "value"), [("slot_step_minutes", 0), ("slot_step_minutes", 4), ("horizon_days", 0)]
)
def test_the_admin_form_refuses_a_zero_step_or_horizon(client, clinic, field, value):
    client.force_login(User.objects.create_superuser("admin", password="x"))
    rules = BookingRules.current()
    url = reverse("admin:scheduling_bookingrules_change", args=[rules.pk])
    response = client.post(url, {**VALID, field: value})
    assert response.status_code == 200
    assert "greater than or equal to" in response.content.decode()
    rules.refresh_from_db()
    assert rules.slot_step_minutes == 30 and rules.horizon_days == 60
    assert client.get(reverse("scheduling:start")).status_code == 200


def test_the_database_refuses_a_zero_step(clinic):
    with pytest.raises(IntegrityError):
        BookingRules.objects.filter(pk=BookingRules.current().pk).update(slot_step_minutes=0)


def test_the_engine_refuses_a_zero_step_clearly():
    with pytest.raises(ValueError, match="slot step must be at least one minute"):
        Rules(timedelta(hours=1), timedelta(days=5), timedelta(0))
    with pytest.raises(ValueError, match="horizon must be positive"):
        Rules(timedelta(hours=1), timedelta(0), timedelta(minutes=30))
