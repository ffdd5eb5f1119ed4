"""Deleting a person's waitlist entries takes their offers and emails with them and keeps
the booking an offer led to (the patient-records screen finds them: tests/records/)."""

import pytest

from outbox.models import OutgoingEmail
from scheduling.models import Booking, WaitlistEntry, WaitlistOffer
from scheduling.services.booking import booking_cancel
from scheduling.services.waitlist_booking import waitlist_offer_book
from scheduling.services.waitlist_offers import waitlist_offer_times
from tests.scheduling.waitlist_helpers import fill_day, join, local_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("waitlist_clock")]


def test_deleting_entries_takes_offers_and_emails_and_keeps_the_booking(service, therapist):
    booked = fill_day(service, therapist)
    day = local_day(booked[0].start)
    ann = join(service, therapist, day, "Ann First", email="Ann@Example.org")
    other = join(service, therapist, day, "Bob Next")

    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    booking = waitlist_offer_book(offer=ann.offers.get())
    assert ann.emails.count() == 1  # "you are on our waitlist"
    assert OutgoingEmail.objects.filter(waitlist_offer__entry=ann).count() == 1

    WaitlistEntry.objects.filter(pk=ann.pk).delete()
    assert not WaitlistOffer.objects.filter(entry_id=ann.pk).exists()
    assert not OutgoingEmail.objects.filter(
        kind__startswith="waitlist_", recipient=ann.email
    ).exists()
    assert Booking.objects.filter(pk=booking.pk).exists()  # the visit is the booking's to keep
    assert WaitlistEntry.objects.filter(pk=other.pk).exists()
