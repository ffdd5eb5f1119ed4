"""send_reminders: one reminder per booking, however often and however concurrently run."""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from scheduling.models import BookingEmail
from scheduling.services.reminders import reminders_send
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db


def in_two_days():
    """Far enough ahead that the booking is not made within the reminder lead time."""
    return timezone.now() + days(2)


def test_one_reminder_per_booking_even_when_run_twice(service, therapist):
    soon = book(service, therapist, first_slot(service, therapist, after=in_two_days()).start)
    later_slot = first_slot(service, therapist, after=soon.start + days(3))
    later = book(service, therapist, later_slot.start)
    now = soon.start - timedelta(hours=23)
    assert reminders_send(now=now) == 1
    assert reminders_send(now=now) == 0
    reminders = BookingEmail.objects.filter(kind=BookingEmail.Kind.REMINDER)
    assert list(reminders.values_list("booking_id", flat=True)) == [soon.pk]
    assert later.pk not in reminders.values_list("booking_id", flat=True)


@pytest.mark.django_db
def test_the_command_reports_what_it_did(clinic, capsys):
    call_command("send_reminders", "--dry-run")
    assert "Reminders would send: 0" in capsys.readouterr().out
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent connections")
def test_two_runs_at_the_same_moment_send_once(service, therapist):
    booking = book(service, therapist, first_slot(service, therapist, after=in_two_days()).start)
    now = booking.start - timedelta(hours=23)
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        results.append(reminders_send(now=now))
        connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1]
    assert BookingEmail.objects.filter(kind=BookingEmail.Kind.REMINDER).count() == 1
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 1


def test_a_visit_booked_within_a_day_of_it_gets_no_reminder(service, therapist):
    """Booked 13 hours ahead (the notice is 12): the confirmation was the reminder."""
    slot = first_slot(service, therapist, after=in_two_days())
    with time_machine.travel(slot.start - timedelta(hours=13), tick=False):
        booking = book(service, therapist, slot.start)
        assert reminders_send() == 0
    assert not BookingEmail.objects.filter(booking=booking, kind=BookingEmail.Kind.REMINDER)


def test_a_reminder_names_the_day_and_never_says_tomorrow(
    service, therapist, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist, after=in_two_days())
    with time_machine.travel(slot.start - timedelta(days=2), tick=False):
        booking = book(service, therapist, slot.start)
    with (
        time_machine.travel(slot.start - timedelta(hours=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send() == 1
    reminder = next(m for m in mail.outbox if m.subject.startswith("Reminder"))
    local = booking.start.astimezone(booking.location.zone)
    assert f"on {local:%A, %B} {local.day} at" in reminder.body
    assert "tomorrow" not in reminder.body.lower() + reminder.subject.lower()
