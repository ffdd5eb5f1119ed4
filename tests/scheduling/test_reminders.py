"""send_reminders: one reminder per booking, however often and however concurrently run."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from outbox.models import OutgoingEmail
from scheduling.services.emails import Kind
from scheduling.services.reminders import reminders_send
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db


def test_one_reminder_per_booking_even_when_run_twice(service, therapist):
    soon = book(service, therapist, first_slot(service, therapist).start)
    later_slot = first_slot(service, therapist, after=soon.start + days(3))
    later = book(service, therapist, later_slot.start)
    now = soon.start - timedelta(hours=23)
    assert reminders_send(now=now) == 1
    assert reminders_send(now=now) == 0
    reminders = OutgoingEmail.objects.filter(kind=Kind.REMINDER)
    assert list(reminders.values_list("about_id", flat=True)) == [soon.pk]
    assert later.pk not in reminders.values_list("about_id", flat=True)


@pytest.mark.django_db
def test_the_command_reports_what_it_did(clinic, capsys):
    call_command("send_reminders", "--dry-run")
    assert "Reminders would send: 0" in capsys.readouterr().out
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor == "sqlite", reason="needs concurrent connections")
def test_two_runs_at_the_same_moment_send_once(service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start)
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
    assert OutgoingEmail.objects.filter(kind=Kind.REMINDER).count() == 1
    assert len([m for m in mail.outbox if "Reminder" in m.subject]) == 1
