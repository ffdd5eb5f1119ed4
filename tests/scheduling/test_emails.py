"""Emails parsed back: HTML and text, an .ics with stable UID, METHOD and SEQUENCE."""

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Booking, BookingEmail
from scheduling.services.booking import booking_cancel, booking_reschedule
from scheduling.services.emails import email_retry_failed
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db


def parsed(message):
    """The message as a mail client sees it, and its calendar event."""
    raw = message_from_bytes(message.message().as_bytes())
    parts = {part.get_content_type(): part for part in raw.walk()}
    calendar = Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    return raw, parts, calendar, calendar.walk("VEVENT")[0]


@pytest.fixture
def booked(service, therapist, django_capture_on_commit_callbacks):
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(service, therapist, slot.start)
    return booking


def test_confirmation_has_html_text_and_a_publish_in_the_clinic_time_zone(booked):
    raw, parts, calendar, event = parsed(mail.outbox[0])
    assert raw["To"] == "pat@example.com"
    assert {"text/plain", "text/html", "text/calendar"} <= parts.keys()
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 0
    assert event.decoded("DTSTART") == booked.start
    assert str(event["DTSTART"].dt.tzinfo) == "America/Los_Angeles"
    assert "Example Highway" in str(event["LOCATION"])
    text = parts["text/plain"].get_payload(decode=True).decode()
    assert booked.manage_url() in text
    assert "Sore back" not in raw.as_string()  # the intake never goes by email
    assert BookingEmail.objects.get().status == BookingEmail.Status.SENT


def test_cancel_sends_method_cancel_with_the_same_uid(booked, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booked)
    _, _, calendar, event = parsed(mail.outbox[-1])
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["UID"]) == booked.uid
    assert event["SEQUENCE"] == 1


def test_reschedule_keeps_the_uid_and_raises_the_sequence(
    booked, service, therapist, django_capture_on_commit_callbacks
):
    later = first_slot(service, therapist, after=booked.start + days(2))
    with django_capture_on_commit_callbacks(execute=True):
        booking_reschedule(booking=booked, start=later.start)
    _, _, calendar, event = parsed(mail.outbox[-1])
    assert str(calendar["METHOD"]) == "PUBLISH"
    assert (str(event["UID"]), event["SEQUENCE"]) == (booked.uid, 1)
    assert event.decoded("DTSTART") == later.start


BROKEN_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}


def test_a_mail_failure_keeps_the_booking_and_is_retried(
    service, therapist, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist)
    with override_settings(MAILERS=BROKEN_SMTP), django_capture_on_commit_callbacks(execute=True):
        booking = book(service, therapist, slot.start)
    assert Booking.objects.filter(pk=booking.pk).exists()
    email = BookingEmail.objects.get()
    assert email.status == BookingEmail.Status.FAILED and email.attempts == 1
    assert email.last_error
    with django_capture_on_commit_callbacks(execute=True):
        assert email_retry_failed() == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (BookingEmail.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_emails_are_queued_only_after_the_booking_commits(service, therapist):
    slot = first_slot(service, therapist)
    book(service, therapist, slot.start)  # on_commit callbacks never run in this test
    assert mail.outbox == []
    assert timedelta(0) < slot.end - slot.start
