"""Join and leave the waitlist, online or at the front desk; and the seam that asks the
worker to offer times that freed up (scheduling.services.waitlist_offers)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone

from outbox.services import outbox_queue
from scheduling import selectors
from scheduling.models import Location, Service, Therapist, WaitlistEntry
from scheduling.services.waitlist_emails import Kind
from scheduling.tasks import offer_waitlist_times

# How many days one entry may cover: "that day or the next few".
MAX_DAYS = 7
# An entry (with its offers and emails) is deleted this long after its last day.
FORGET_AFTER = timedelta(days=30)


class WaitlistDaysInvalid(ValueError):
    """The days asked for are past, out of order or too many; the message says why."""


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str


def waitlist_times_may_have_freed() -> None:
    """The one seam to the worker: after this transaction commits, offer free times."""
    transaction.on_commit(offer_waitlist_times.enqueue)


def days_problem(*, first_day: date, last_day: date, today: date) -> str | None:
    if first_day < today:
        return "That day has passed. Choose today or a later day."
    if last_day < first_day:
        return "The last day must be on or after the first day."
    if (last_day - first_day).days >= MAX_DAYS:
        return f"Choose at most {MAX_DAYS} days in a row."
    return None


def waitlist_join(
    *,
    service: Service,
    therapist: Therapist | None,
    location: Location,
    first_day: date,
    last_day: date,
    part_of_day: str,
    contact: Contact,
    added_by=None,
    now: datetime | None = None,
) -> WaitlistEntry:
    """Put a person on the waitlist (staff pass `added_by`), tell them by email, and see
    whether a time that suits them is free already."""
    now = now or timezone.now()
    problem = days_problem(
        first_day=first_day, last_day=last_day, today=now.astimezone(location.zone).date()
    )
    if problem:
        raise WaitlistDaysInvalid(problem)
    with transaction.atomic():
        entry = WaitlistEntry(
            service=service,
            therapist=therapist,
            location=location,
            first_day=first_day,
            last_day=last_day,
            part_of_day=part_of_day,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            created_at=now,
            added_by=added_by,
        )
        entry.set_token()
        entry.save()
        if entry.email:
            outbox_queue(kind=Kind.JOINED, about=entry, recipient=entry.email)
        waitlist_times_may_have_freed()
    return entry


def waitlist_leave(
    *, entry: WaitlistEntry, actor=None, now: datetime | None = None
) -> WaitlistEntry:
    """Take a person off the list (their link, or staff: `actor`, named in the entry's
    admin history); a time held for them is freed."""
    now = now or timezone.now()
    with transaction.atomic():
        WaitlistEntry.objects.filter(pk=entry.pk, left_at__isnull=True).update(left_at=now)
        if actor is not None:
            LogEntry.objects.log_actions(
                user_id=actor.pk,
                queryset=[entry],
                action_flag=CHANGE,
                change_message="Taken off the waitlist.",
                single_object=True,
            )
        # Their held offer ends now, so the time goes to the next person.
        entry.offers.holding(now=now).update(expires_at=now)
        waitlist_times_may_have_freed()
    entry.refresh_from_db()
    return entry


def waitlist_forget_ended(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Delete the entries whose last day is FORGET_AFTER gone, with their offers and
    emails (a booking made from one stays); returns how many."""
    now = now or timezone.now()
    today = now.astimezone(selectors.clinic_zone()).date()
    ended = WaitlistEntry.objects.ended(before=today - FORGET_AFTER)
    if dry_run:
        return ended.count()
    return ended.delete()[1].get(WaitlistEntry._meta.label, 0)
