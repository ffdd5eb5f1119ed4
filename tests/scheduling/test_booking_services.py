"""booking_create, booking_cancel and booking_reschedule: the rules, on any database."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from scheduling.models import Booking, BookingEmail
from scheduling.services.booking import (
    ChangeClosed,
    SlotNotOffered,
    SlotTaken,
    booking_cancel,
    booking_reschedule,
)
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db


def test_booking_a_free_time_stores_utc_times_buffer_and_a_hashed_token(service, therapist):
    slot = first_slot(service, therapist)
    booking = book(service, therapist, slot.start)
    assert booking.start == slot.start
    assert booking.end - booking.start == timedelta(minutes=60)
    assert booking.blocked_until - booking.end == timedelta(minutes=15)
    token = booking.make_token()
    assert token not in booking.manage_token_hash
    assert Booking.objects.for_token(token).get() == booking


def test_the_same_time_cannot_be_booked_twice(service, therapist):
    slot = first_slot(service, therapist)
    book(service, therapist, slot.start)
    with pytest.raises(SlotTaken):
        book(service, therapist, slot.start)
    # The buffer counts too: starting as the first visit ends, inside its buffer, is taken.
    with pytest.raises(SlotTaken):
        book(service, therapist, slot.start + service.duration)
    assert Booking.objects.count() == 1


def test_no_preference_books_another_therapist_at_a_taken_time(service, therapist):
    slot = first_slot(service, therapist)
    book(service, therapist, slot.start)
    other = book(service, None, slot.start)
    assert other.therapist_id != therapist.pk


@pytest.mark.parametrize(
    ("offset", "message"),
    [(-days(1), "passed"), (timedelta(hours=2), "notice"), (days(90), "days ahead")],
)
def test_times_outside_the_rules_are_refused_with_a_reason(service, therapist, offset, message):
    with pytest.raises(SlotNotOffered, match=message):
        book(service, therapist, timezone.now() + offset)


def test_a_time_that_is_not_a_slot_is_refused(service, therapist):
    slot = first_slot(service, therapist)
    with pytest.raises(SlotNotOffered, match="not one of our appointment times"):
        book(service, therapist, slot.start + timedelta(minutes=7))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the constraint is PostgreSQL's")
def test_postgres_refuses_overlapping_rows_even_when_python_is_bypassed(service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start)
    with pytest.raises(IntegrityError), transaction.atomic():
        Booking.objects.create(
            **{
                f.attname: getattr(booking, f.attname)
                for f in Booking._meta.concrete_fields
                if f.attname not in {"id"}
            }
            | {"manage_token_hash": "x" * 64, "start": booking.start + timedelta(minutes=30)}
        )


def test_cancel_inside_the_window_frees_the_time_and_queues_a_cancellation(service, therapist):
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    booking = book(service, therapist, slot.start)
    booking = booking_cancel(booking=booking)
    assert booking.status == Booking.Status.CANCELLED
    assert booking.sequence == 1
    assert booking.emails.filter(kind=BookingEmail.Kind.CANCELLATION).exists()
    book(service, therapist, slot.start)  # the time is free again


def test_patients_cannot_cancel_or_move_after_the_window(service, therapist):
    slot = first_slot(service, therapist)
    booking = book(service, therapist, slot.start)
    late = slot.start - timedelta(hours=2)
    with pytest.raises(ChangeClosed):
        booking_cancel(booking=booking, now=late)
    with pytest.raises(ChangeClosed):
        booking_reschedule(booking=booking, start=slot.start + days(1), now=late)
    assert booking_cancel(booking=booking, by_staff=True, now=late).status == "cancelled"


def test_reschedule_moves_in_one_step_and_raises_the_sequence(service, therapist):
    first = first_slot(service, therapist, after=timezone.now() + days(3))
    booking = book(service, therapist, first.start)
    later = first_slot(service, therapist, after=first.start + days(2))
    moved = booking_reschedule(booking=booking, start=later.start)
    assert (moved.pk, moved.start, moved.sequence) == (booking.pk, later.start, 1)
    book(service, therapist, first.start)  # the old time was released


def test_reschedule_onto_a_taken_time_keeps_the_old_booking(service, therapist):
    first = first_slot(service, therapist, after=timezone.now() + days(3))
    booking = book(service, therapist, first.start)
    next_day = first_slot(service, therapist, after=first.start + days(1))
    other = book(service, therapist, next_day.start)
    with pytest.raises(SlotTaken):
        booking_reschedule(booking=booking, start=other.start)
    booking.refresh_from_db()
    assert booking.start == first.start and booking.sequence == 0


def test_a_cancelled_booking_cannot_be_rescheduled(service, therapist):
    first = first_slot(service, therapist, after=timezone.now() + days(3))
    booking = booking_cancel(booking=book(service, therapist, first.start))
    with pytest.raises(ChangeClosed):
        booking_reschedule(booking=booking, start=first.start + days(7))
