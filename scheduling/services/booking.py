"""Create, cancel and move bookings; every rule lives here, not in views or admin."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.admin.models import ADDITION, CHANGE
from django.db import IntegrityError, transaction
from django.utils import timezone

from outbox.services import outbox_queue
from scheduling import availability, selectors
from scheduling.models import (
    Booking,
    BookingRules,
    Location,
    Service,
    Therapist,
    WaitlistOffer,
    WorkingHours,
)
from scheduling.services.emails import Kind
from scheduling.services.history import Actor, booking_history
from scheduling.services.waitlist import waitlist_times_may_have_freed


class SlotTaken(Exception):
    """Someone else booked that time first."""


class SlotNotOffered(ValueError):
    """The time breaks the booking rules; the message says why, for the patient."""


class ChangeClosed(Exception):
    """Too close to the visit (or no longer confirmed) to cancel or move online."""


class VisitNotStarted(ValueError):
    """A no-show cannot be recorded before the visit was due to start."""


@dataclass(frozen=True)
class Patient:
    name: str
    email: str
    phone: str


def _rules_for(*, override_notice: bool, by_staff: bool) -> BookingRules:
    """The booking rules; staff may override the notice and horizon, never overlaps."""
    rules = BookingRules.current()
    if override_notice:
        if not by_staff:
            raise ValueError("only staff may override the booking notice")
        return selectors.staff_rules(rules)
    return rules


def _check_start(
    *,
    service: Service,
    location: Location,
    start: datetime,
    therapist_id: int | None,
    now: datetime,
    rules,
) -> list[availability.Slot]:
    problem = availability.start_problem(start=start, now=now, rules=selectors.engine_rules(rules))
    if problem:
        raise SlotNotOffered(problem)
    slots = selectors.free_slots(
        service=service,
        location=location,
        therapist_id=therapist_id,
        now=now,
        rules=rules,
        every_therapist=True,
    )
    return [slot for slot in slots if slot.start == start]


def lock_therapists(*, therapist_id: int | None, location: Location | None = None) -> None:
    """Wait for a waitlist offer run to finish before reading free times (PostgreSQL;
    SQLite's IMMEDIATE transaction already waits). The run locks every active therapist
    in pk order while it reads free times and holds them for people waiting; without
    this, a booking could take a time between its read and its hold, and the person
    waiting would be offered a time already gone. Locked in the same pk order, and
    always before an offer's or a booking's row, so no two orders meet."""
    if therapist_id is not None:
        wanted = Therapist.objects.filter(pk=therapist_id)
    else:
        wanted = Therapist.objects.filter(
            pk__in=WorkingHours.objects.filter(location=location).values("therapist")
        )
    list(wanted.select_for_update(no_key=True).order_by("pk").values_list("pk", flat=True))


def _taken_or_not_offered(
    *,
    service: Service,
    start: datetime,
    therapist_id: int | None,
    now: datetime,
    exclude_pk: int | None = None,
) -> Exception:
    """Why a time the engine did not offer (at `now`, the same moment) was refused."""
    blocked_until = start + service.duration + service.buffer
    clash = Booking.objects.active().filter(start__lt=blocked_until, blocked_until__gt=start)
    clash = clash.exclude(pk=exclude_pk)
    held = WaitlistOffer.objects.holding(now=now)
    held = held.filter(start__lt=blocked_until, blocked_until__gt=start)
    if therapist_id is not None:
        clash = clash.filter(therapist_id=therapist_id)
        held = held.filter(therapist_id=therapist_id)
    # Held (offered to someone on the waitlist) is asked first. Booking the offer marks
    # it booked and adds the booking in one commit; on PostgreSQL each query sees the
    # commits made before it began, so asking for bookings first could miss the booking
    # (not committed yet) and then the hold (ended by that commit), and call a taken time
    # not one of ours. In this order the second query sees what ended the first's hold.
    if held.exists() or clash.exists():
        return SlotTaken()
    return SlotNotOffered("That is not one of our appointment times. Please choose a listed time.")


def _queue_email(booking: Booking, kind: Kind) -> None:
    # A caller who booked by phone may have no email: they get no email, nothing else changes.
    if booking.patient_email:
        outbox_queue(kind=kind, about=booking, recipient=booking.patient_email)


def _when(booking: Booking) -> str:
    return f"{timezone.localtime(booking.start, booking.location.zone):%a %b %d %Y, %I:%M %p}"


def _overridden(override_notice: bool) -> str:
    return " (booking notice and horizon overridden)" if override_notice else ""


def _new_booking(
    *,
    service: Service,
    location: Location,
    slot: availability.Slot,
    patient: Patient,
    intake: dict,
    screening_flags: list[str],
    consent_at: datetime,
) -> Booking:
    booking = Booking(
        service=service,
        therapist_id=slot.therapist_id,
        location=location,
        start=slot.start,
        end=slot.end,
        blocked_until=slot.end + service.buffer,
        patient_name=patient.name,
        patient_email=patient.email,
        patient_phone=patient.phone,
        intake=intake,
        screening_flags=screening_flags,
        needs_review=bool(screening_flags),
        consent_at=consent_at,
        manage_salt=secrets.token_hex(16),
    )
    booking.manage_token_hash = Booking.hash_token(booking.make_token())
    return booking


def booking_create(
    *,
    service: Service,
    therapist: Therapist | None,
    start: datetime,
    patient: Patient,
    intake: dict,
    screening_flags: list[str],
    consent_at: datetime,
    location: Location | None = None,
    now: datetime | None = None,
    by_staff: bool = False,
    override_notice: bool = False,
    actor: Actor | None = None,
) -> Booking:
    """Book a free time at a location, or raise SlotTaken / SlotNotOffered; never two
    at once. Without a location, the clinic's first (a single-location clinic's only one).

    On SQLite the transaction is IMMEDIATE, so the re-check below runs under
    the write lock; on PostgreSQL the exclusion constraint refuses a racer.
    Staff (`by_staff`) may `override_notice`; `actor` is recorded in the history.
    """
    now = now or timezone.now()
    rules = _rules_for(override_notice=override_notice, by_staff=by_staff)
    therapist_id = therapist.pk if therapist else None
    location = location or selectors.clinic_location()
    with transaction.atomic():
        lock_therapists(therapist_id=therapist_id, location=location)
        matches = _check_start(
            service=service,
            location=location,
            start=start,
            therapist_id=therapist_id,
            now=now,
            rules=rules,
        )
        if not matches:
            raise _taken_or_not_offered(
                service=service, start=start, therapist_id=therapist_id, now=now
            )
        # With no preferred therapist, one who was taken a moment ago (the exclusion
        # constraint refuses them on PostgreSQL) leaves the others to try, each in
        # its own savepoint.
        for slot in matches:
            booking = _new_booking(
                service=service,
                location=location,
                slot=slot,
                patient=patient,
                intake=intake,
                screening_flags=screening_flags,
                consent_at=consent_at,
            )
            try:
                with transaction.atomic():
                    booking.save()
            except IntegrityError:
                continue
            break
        else:
            raise SlotTaken()
        _queue_email(booking, Kind.CONFIRMATION)
        booking_history(
            booking=booking,
            actor=actor,
            flag=ADDITION,
            message=f"Booked for {_when(booking)} by phone{_overridden(override_notice)}.",
        )
    return booking


def change_deadline(*, start: datetime, rules: BookingRules | None = None) -> datetime:
    """The last moment a visit starting at `start` can be moved or cancelled online.

    The one place the change window is applied: the time page labels slots past
    it, and the done page, the emails and the manage page quote it.
    """
    rules = rules or BookingRules.current()
    return availability.change_deadline(start, timedelta(hours=rules.cancellation_window_hours))


def can_change(*, booking: Booking, now: datetime | None = None) -> bool:
    """Whether the patient may still cancel or move this booking online."""
    now = now or timezone.now()
    return booking.status == Booking.Status.CONFIRMED and now <= change_deadline(
        start=booking.start
    )


def booking_cancel(
    *,
    booking: Booking,
    by_staff: bool = False,
    now: datetime | None = None,
    actor: Actor | None = None,
):
    """Cancel and tell the patient (METHOD:CANCEL); patients only inside the window."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.status != Booking.Status.CONFIRMED:
            raise ChangeClosed()
        if not by_staff and not can_change(booking=booking, now=now):
            raise ChangeClosed()
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "sequence"])
        _queue_email(booking, Kind.CANCELLATION)
        waitlist_times_may_have_freed()
        booking_history(booking=booking, actor=actor, flag=CHANGE, message="Cancelled.")
    return booking


def booking_reschedule(
    *,
    booking: Booking,
    start: datetime,
    now: datetime | None = None,
    by_staff: bool = False,
    override_notice: bool = False,
    actor: Actor | None = None,
):
    """Move to another free time with the same therapist, in one step.

    The row is updated in place, so the old time is released in the same
    commit that takes the new one: a failure leaves the booking as it was.
    Staff (`by_staff`) may move a confirmed booking inside the patients' change window.
    """
    now = now or timezone.now()
    rules = _rules_for(override_notice=override_notice, by_staff=by_staff)
    with transaction.atomic():
        lock_therapists(therapist_id=booking.therapist_id)
        # Not select_related("location"): FOR UPDATE would lock the location's row too.
        booking = Booking.objects.select_for_update().select_related("service").get(pk=booking.pk)
        was = _when(booking)
        if booking.status != Booking.Status.CONFIRMED:
            raise ChangeClosed()
        if not by_staff and not can_change(booking=booking, now=now):
            raise ChangeClosed()
        problem = availability.start_problem(
            start=start, now=now, rules=selectors.engine_rules(rules)
        )
        if problem:
            raise SlotNotOffered(problem)
        slots = selectors.free_slots(
            service=booking.service,
            location=booking.location,
            therapist_id=booking.therapist_id,
            now=now,
            rules=rules,
            exclude_booking_id=booking.pk,
        )
        if not any(slot.start == start for slot in slots):
            raise _taken_or_not_offered(
                service=booking.service,
                start=start,
                therapist_id=booking.therapist_id,
                now=now,
                exclude_pk=booking.pk,
            )
        booking.start = start
        booking.end = start + booking.service.duration
        booking.blocked_until = booking.end + booking.service.buffer
        booking.sequence += 1
        booking.reminder_sent_at = None
        try:
            with transaction.atomic():
                booking.save(
                    update_fields=["start", "end", "blocked_until", "sequence", "reminder_sent_at"]
                )
        except IntegrityError as error:
            raise SlotTaken() from error
        _queue_email(booking, Kind.RESCHEDULE)
        waitlist_times_may_have_freed()
        booking_history(
            booking=booking,
            actor=actor,
            flag=CHANGE,
            message=f"Moved from {was} to {_when(booking)}{_overridden(override_notice)}.",
        )
    return booking


CONTACT_FIELDS = {"patient_name": "name", "patient_phone": "phone", "patient_email": "email"}


def booking_update_contact(*, booking: Booking, changed: list[str], actor: Actor) -> Booking:
    """Staff correct the patient's name, phone or email; the history says which."""
    changed = [field for field in CONTACT_FIELDS if field in changed]
    if not changed:
        return booking
    with transaction.atomic():
        booking.save(update_fields=changed)
        words = " and ".join(CONTACT_FIELDS[field] for field in changed)
        booking_history(booking=booking, actor=actor, flag=CHANGE, message=f"Changed {words}.")
    return booking


def booking_mark(
    *,
    booking: Booking,
    status: str,
    now: datetime | None = None,
    actor: Actor | None = None,
) -> Booking:
    """Front desk: record that a visit happened or the patient did not come.

    A no-show only once the visit was due to start: raises VisitNotStarted before.
    """
    if status not in {Booking.Status.COMPLETED, Booking.Status.NO_SHOW}:
        raise ValueError(status)
    now = now or timezone.now()
    if status == Booking.Status.NO_SHOW and booking.start > now:
        raise VisitNotStarted("A no-show can only be marked once the visit's start has passed.")
    with transaction.atomic():
        marked = (
            Booking.objects.filter(pk=booking.pk)
            .exclude(status=Booking.Status.CANCELLED)
            .update(status=status)
        )
        booking.refresh_from_db()
        if marked:
            label = Booking.Status(status).label
            booking_history(booking=booking, actor=actor, flag=CHANGE, message=f"Marked {label}.")
    return booking
