"""Offer free times to the waitlist: the first matching person in joining order, one
offer at a time, held for them for WAITLIST_HOLD_MINUTES.

Each run looks at every free time on the days people wait for, whatever freed it (a
cancellation, a move, time off removed, an offer that lapsed), so a run that dies
half-way loses nothing: the next one does what it did not. Runs take turns (the active
therapists' rows are locked; SQLite's IMMEDIATE transactions take turns anyway), and a
person is never offered the same time twice (a unique constraint), so two workers
running at once make one offer. The email goes through the outbox, which claims it
before sending and sends it again if its worker died (`retry_emails`).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.services import outbox_queue
from scheduling import availability, selectors
from scheduling.models import Location, Service, Therapist, WaitlistEntry, WaitlistOffer
from scheduling.services.waitlist_emails import Kind


def hold() -> timedelta:
    return timedelta(minutes=settings.WAITLIST_HOLD_MINUTES)


def slot_suits(
    *,
    slot: availability.Slot,
    tz: ZoneInfo,
    therapist_id: int | None,
    first_day: date,
    last_day: date,
    part_of_day: str,
) -> bool:
    """Whether a free time is one the person asked for."""
    if therapist_id is not None and slot.therapist_id != therapist_id:
        return False
    if not first_day <= slot.start.astimezone(tz).date() <= last_day:
        return False
    return part_of_day == WaitlistEntry.PartOfDay.ANY or (
        availability.part_of_day(slot.start, tz) == part_of_day
    )


def waitlist_offer_times(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Offer each waiting person (in joining order) the first free time that suits them,
    unless an offer already holds one for them; returns how many offers were made."""
    now = now or timezone.now()
    made = 0
    with transaction.atomic():
        list(Therapist.objects.active().select_for_update().order_by("pk").values("pk"))
        # Holds that lapsed are marked so, out of the way of the one-hold-per-time
        # constraint, before their times are offered again.
        WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OPEN, expires_at__lte=now).update(
            status=WaitlistOffer.Status.LAPSED
        )
        waited_at = Location.objects.active().filter(
            pk__in=WaitlistEntry.objects.values("location")
        )
        for location in waited_at.order_by("pk"):
            made += _offer_location_times(location=location, now=now)
        if dry_run:
            transaction.set_rollback(True)
    return made


def _offer_location_times(*, location: Location, now: datetime) -> int:
    today = now.astimezone(location.zone).date()
    entries = (
        WaitlistEntry.objects.waiting(today=today)
        .filter(location=location)
        .exclude(offers__in=WaitlistOffer.objects.holding(now=now))
        .in_joining_order()
    )
    by_service = defaultdict(list)
    for entry in entries:
        by_service[entry.service_id].append(entry)
    return sum(
        _offer_service_times(
            service=service, location=location, entries=by_service[service.pk], now=now
        )
        for service in Service.objects.filter(pk__in=by_service)
    )


def _offer_service_times(*, service, location, entries, now) -> int:
    slots = selectors.free_slots(service=service, location=location, now=now, every_therapist=True)
    before = WaitlistOffer.objects.filter(entry__in=entries)
    offered = set(before.values_list("entry_id", "therapist_id", "start"))
    held: list[tuple[int, availability.Interval]] = []  # offers made in this run
    made = 0
    for entry in entries:
        for slot in slots:
            busy = availability.Interval(slot.start, slot.end + service.buffer)
            if (entry.pk, slot.therapist_id, slot.start) in offered or any(
                therapist_id == slot.therapist_id and busy.overlaps(interval)
                for therapist_id, interval in held
            ):
                continue
            if not slot_suits(
                slot=slot,
                tz=location.zone,
                therapist_id=entry.therapist_id,
                first_day=entry.first_day,
                last_day=entry.last_day,
                part_of_day=entry.part_of_day,
            ):
                continue
            if _make_offer(entry=entry, slot=slot, blocked_until=busy.end, now=now):
                held.append((slot.therapist_id, busy))
                made += 1
                break
    return made


def _make_offer(*, entry, slot, blocked_until, now) -> bool:
    offer = WaitlistOffer(
        entry=entry,
        therapist_id=slot.therapist_id,
        start=slot.start,
        blocked_until=blocked_until,
        expires_at=now + hold(),
        created_at=now,
    )
    offer.set_token()
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:  # offered to them already, or held for someone else meanwhile
        return False
    outbox_queue(kind=Kind.OFFER, about=offer, recipient=entry.email)
    return True
