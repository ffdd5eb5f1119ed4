"""Staff logins: django-axes locks an account and an address after a few wrong passwords."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from tests.users import PASSWORD, make_staff

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def attempt(client, username, password, ip="203.0.113.7"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_right_password_fails_after_too_many_wrong_ones(client):
    make_staff("frontdesk")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "frontdesk", "wrong-guess").status_code == 200
    assert attempt(client, "frontdesk", "wrong-guess").status_code == 429
    locked = attempt(client, "frontdesk", PASSWORD)
    assert locked.status_code == 429
    assert b"This login is locked for now" in locked.content
    # The state is a database row (shared by every worker and server)...
    assert AccessAttempt.objects.filter(username="frontdesk").exists()
    # ... which staff delete in the admin to unlock.
    AccessAttempt.objects.all().delete()
    assert attempt(client, "frontdesk", PASSWORD).status_code == 302


def test_the_account_stays_locked_from_another_address(client):
    make_staff("frontdesk")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "frontdesk", "wrong-guess", ip=f"203.0.113.{n + 1}")
    assert attempt(client, "frontdesk", PASSWORD, ip="198.51.100.9").status_code == 429


def test_an_address_guessing_many_accounts_is_locked(client):
    make_staff("frontdesk")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong-guess")
    assert attempt(client, "frontdesk", PASSWORD).status_code == 429
    assert attempt(client, "frontdesk", PASSWORD, ip="198.51.100.9").status_code == 302


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_the_lockout_counts_the_reader_not_the_proxy(client):
    make_staff("frontdesk")
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": f"guess{n}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.7"}


@pytest.mark.parametrize(
    "password", ["short-pw-1", "password1234", "123456789012345", "frontdesk2026"]
)
def test_weak_staff_passwords_are_refused(password):
    user = make_staff("frontdesk")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_uncommon_password_is_accepted():
    validate_password("cedar-river-lantern-42", make_staff("frontdesk"))
