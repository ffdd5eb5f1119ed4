"""Erasing a patient's details on request, keeping what the clinic must keep.

A visit that took place stays as a fact (its date, service, therapist, location and
outcome: clinical and billing records must be kept for years); everything that says who
it was, and the intake, goes. A booking that never became a visit (cancelled, or still
to come) is deleted, and the time an upcoming one held is offered to the waitlist. The
intake access log keeps its trail (who read which booking number, when) without the name.
"""

import secrets
from datetime import datetime

from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from scheduling.models import Booking, IntakeAccess
from scheduling.services.history import booking_history
from scheduling.services.waitlist import waitlist_times_may_have_freed

ERASED_NAME = "Erased on request"
PAST_VISIT = {Booking.Status.COMPLETED, Booking.Status.NO_SHOW}


def booking_was_visit(*, booking: Booking, now: datetime) -> bool:
    """A visit that happened (or was missed): the record the law asks the clinic to keep."""
    if booking.status in PAST_VISIT:
        return True
    return booking.status == Booking.Status.CONFIRMED and booking.start <= now


@transaction.atomic
def booking_erase(*, bookings: list[Booking], user, now: datetime) -> dict[int, str]:
    """Anonymise past visits and delete the rest; returns {booking number: what happened}.

    Each erasure writes an admin history entry naming `user` (through `booking_history`,
    the one writer), titled without the patient's name.
    """
    outcome: dict[int, str] = {}
    freed = False
    content_type = ContentType.objects.get_for_model(Booking)
    for booking in bookings:
        number = booking.pk
        booking.emails.all().delete()
        IntakeAccess.objects.filter(booking_number=number).update(patient_name="")
        visit = booking_was_visit(booking=booking, now=now)
        _anonymise(booking, save=visit)
        # Earlier history entries named the patient in their title: not any more.
        LogEntry.objects.filter(content_type=content_type, object_id=str(number)).update(
            object_repr=str(booking)
        )
        if visit:
            message, flag = "Erased the patient's details on request; the visit is kept.", CHANGE
        else:
            message, flag = "Deleted on the patient's request (never a visit).", DELETION
        booking_history(booking=booking, actor=user, flag=flag, message=message)
        if not visit:
            freed = freed or booking.status == Booking.Status.CONFIRMED
            booking.delete()
        outcome[number] = "anonymised" if visit else "deleted"
    if freed:
        waitlist_times_may_have_freed()  # an upcoming visit's time is free, as on cancel
    return outcome


def _anonymise(booking: Booking, *, save: bool) -> None:
    booking.patient_name = ERASED_NAME
    booking.patient_email = ""
    booking.patient_phone = ""
    booking.intake = {}
    booking.screening_flags = []
    booking.needs_review = False
    # The old manage link stops working: a fresh salt, and a hash of nothing anyone holds.
    booking.manage_salt = secrets.token_hex(16)
    booking.manage_token_hash = Booking.hash_token(secrets.token_hex(32))
    if save:
        booking.save()
