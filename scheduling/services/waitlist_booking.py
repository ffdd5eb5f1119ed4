"""Book the time a waitlist offer holds, in one step, through `booking_create`.

Every booking rule and the no-overlap guarantees hold as for any booking: the offer
only stops the time being offered to anyone else while it is held. The safety answers
are kept and flagged as the booking flow keeps them; the intake is asked at the visit.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from scheduling import screening
from scheduling.models import Booking, WaitlistEntry, WaitlistOffer
from scheduling.services.booking import (
    Patient,
    SlotNotOffered,
    SlotTaken,
    booking_create,
    lock_therapists,
)


class OfferGone(Exception):
    """The offer cannot be booked; `reason` is "booked", "lapsed", "left" or "taken"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def offer_state(*, offer: WaitlistOffer, now: datetime) -> str:
    """ "open", or why the offer cannot be booked."""
    if offer.status == WaitlistOffer.Status.BOOKED:
        return "booked"
    if offer.entry.left_at is not None:
        return "left"
    if offer.status == WaitlistOffer.Status.LAPSED or offer.expires_at <= now:
        return "lapsed"
    return "open"


def waitlist_offer_book(
    *, offer: WaitlistOffer, screening_answers: dict[str, str], now: datetime | None = None
) -> Booking:
    """Book the offered time for the person it was offered to, or raise OfferGone.
    `screening_answers` are the safety questions' (`ScreeningForm.answers`).

    The offer's row is locked and marked booked in the same transaction as the booking,
    so a second press (on any server) finds it booked; if `booking_create` refuses,
    all of it rolls back and the offer holds as before, until it lapses.
    """
    now = now or timezone.now()
    with transaction.atomic():
        # The therapist before the offer's row, as every booking path and the offer run
        # lock them.
        lock_therapists(therapist_id=offer.therapist_id)
        offer = (
            WaitlistOffer.objects.select_for_update(of=("self",))
            .select_related("entry__service", "entry__location", "therapist")
            .get(pk=offer.pk)
        )
        state = offer_state(offer=offer, now=now)
        if state != "open":
            raise OfferGone(state)
        entry = offer.entry
        # Marked first: booking_create then sees the time free of this hold.
        offer.status = WaitlistOffer.Status.BOOKED
        offer.save(update_fields=["status"])
        try:
            booking = booking_create(
                service=entry.service,
                therapist=offer.therapist,
                start=offer.start,
                location=entry.location,
                patient=Patient(name=entry.name, email=entry.email, phone=entry.phone),
                intake={"screening": screening_answers},
                screening_flags=screening.flags(screening_answers),
                consent_at=now,
                now=now,
            )
        except (SlotTaken, SlotNotOffered) as error:  # rolls back: the offer holds again
            raise OfferGone("taken") from error
        WaitlistEntry.objects.filter(pk=entry.pk).update(booking=booking)
    return booking
