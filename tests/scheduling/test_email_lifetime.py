"""Booking emails that no longer apply are not sent, and failed ones are retried for days
(not a fixed number of attempts) before staff see them as failed for good."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Booking, BookingEmail
from scheduling.services.booking import booking_cancel
from scheduling.services.emails import GIVE_UP_AFTER, email_deliver, email_retry_failed
from scheduling.services.reminders import reminders_send
from tests.scheduling.conftest import book, first_slot

pytestmark = pytest.mark.django_db

Status = BookingEmail.Status


@pytest.fixture
def booking(service, therapist):
    # Two days ahead: a visit booked within a day of it gets no reminder.
    later = timezone.now() + timedelta(days=2)
    return book(service, therapist, first_slot(service, therapist, after=later).start)


def reminder_for(booking):
    reminders_send(now=booking.start - timedelta(hours=2))
    return BookingEmail.objects.get(booking=booking, kind=BookingEmail.Kind.REMINDER)


def status_of(email):
    email.refresh_from_db()
    return email.status


def test_a_reminder_for_a_cancelled_booking_is_not_sent(booking):
    reminder = reminder_for(booking)
    booking_cancel(booking=booking, by_staff=True)
    assert email_deliver(email_id=reminder.pk) is False
    assert status_of(reminder) == Status.OBSOLETE
    assert mail.outbox == []


def test_a_reminder_for_a_visit_under_way_is_not_sent(booking):
    reminder = reminder_for(booking)
    Booking.objects.filter(pk=booking.pk).update(
        start=timezone.now() - timedelta(minutes=5), end=timezone.now() + timedelta(minutes=55)
    )
    assert email_deliver(email_id=reminder.pk) is False
    assert status_of(reminder) == Status.OBSOLETE


def test_a_confirmation_for_a_cancelled_booking_is_not_sent_but_the_cancellation_is(booking):
    booking_cancel(booking=booking, by_staff=True)
    confirmation = booking.emails.get(kind=BookingEmail.Kind.CONFIRMATION)
    cancellation = booking.emails.get(kind=BookingEmail.Kind.CANCELLATION)
    assert email_deliver(email_id=confirmation.pk) is False
    assert email_deliver(email_id=cancellation.pk) is True
    assert status_of(confirmation) == Status.OBSOLETE
    assert [m.subject for m in mail.outbox] == ["Your consultation is cancelled"]


def test_a_long_outage_loses_no_email(booking, django_capture_on_commit_callbacks):
    email = booking.emails.get()
    # Failed every ten minutes for a day: far more attempts than the old cap of five.
    BookingEmail.objects.filter(pk=email.pk).update(
        status=Status.FAILED, attempts=144, queued_at=timezone.now() - timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert email_retry_failed() == 1
    assert status_of(email) == Status.SENT
    assert len(mail.outbox) == 1


def test_after_days_of_failing_staff_see_it_failed_for_good(booking):
    email = booking.emails.get()
    BookingEmail.objects.filter(pk=email.pk).update(
        status=Status.FAILED, queued_at=timezone.now() - GIVE_UP_AFTER - timedelta(minutes=1)
    )
    assert email_retry_failed() == 0
    assert status_of(email) == Status.GAVE_UP
    assert email_retry_failed() == 0  # and it stays that way
    assert mail.outbox == []


def test_a_reminder_still_failing_when_the_visit_starts_is_failed_for_good(booking):
    reminder = reminder_for(booking)
    BookingEmail.objects.filter(pk=reminder.pk).update(status=Status.FAILED)
    booking.emails.exclude(pk=reminder.pk).update(status=Status.SENT)
    assert email_retry_failed(now=booking.start + timedelta(minutes=1)) == 0
    assert status_of(reminder) == Status.GAVE_UP


def test_the_admin_retry_resets_and_sends_only_the_selected_emails(
    client, booking, service, therapist, django_capture_on_commit_callbacks
):
    other = book(service, therapist, first_slot(service, therapist, after=booking.end).start)
    BookingEmail.objects.update(status=Status.GAVE_UP, attempts=300)
    chosen = booking.emails.get()
    client.force_login(User.objects.create_superuser("admin", password="x"))
    url = reverse("admin:scheduling_bookingemail_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "retry", "_selected_action": [chosen.pk]})
    assert response.status_code == 302
    chosen.refresh_from_db()
    assert (chosen.status, chosen.attempts) == (Status.SENT, 1)
    assert status_of(other.emails.get()) == Status.GAVE_UP
    assert [m.to for m in mail.outbox] == [[booking.patient_email]]
