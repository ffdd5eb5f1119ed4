"""Reads that feed the availability engine: a handful of queries for any range."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from content.caching import content_version, version_memo
from scheduling import availability, opening_hours
from scheduling.models import (
    Booking,
    BookingRules,
    Closure,
    Location,
    Service,
    Therapist,
    TimeOff,
    WaitlistOffer,
    WorkingHours,
)

STAFF_HORIZON_DAYS = 366


@dataclass(frozen=True)
class EngineInputs:
    tz: ZoneInfo
    rules: availability.Rules
    schedules: tuple[availability.TherapistSchedule, ...]
    closures: tuple[availability.Interval, ...]


def bookable_locations() -> list[Location]:
    """The locations patients can choose; with one, the booking flow asks nothing."""
    return list(Location.objects.active())


def public_places() -> list[dict]:
    """The active locations as the footer and the home page's JSON-LD show them, with
    their opening hours in words and in schema.org's form: plain values, kept by each
    worker for one content version (saving a location, its hours or a therapist makes a
    new one: `scheduling/page_cache.py`)."""
    return version_memo.get(content_version(), "public-places", _public_places)


def _public_places() -> list[dict]:
    rows = defaultdict(list)
    hours = WorkingHours.objects.filter(therapist__is_active=True, location__is_active=True)
    for location_id, *row in hours.values_list("location", "weekday", "start_time", "end_time"):
        rows[location_id].append(row)
    fields = ("pk", "name", "street", "locality", "region", "postal_code")
    return [
        place
        | {
            "hours": opening_hours.grouped(rows[place["pk"]]),
            "schema_hours": opening_hours.schema_org(rows[place["pk"]]),
        }
        for place in Location.objects.active().values(*fields)
    ]


def held_times(*, location: Location, start: datetime, days: int) -> list[WaitlistOffer]:
    """The times held for a waitlist offer at a location from `start` for `days` days:
    not free to book, so the front desk's schedule says who holds each, until when."""
    return list(
        WaitlistOffer.objects.holding(now=timezone.now())
        .filter(start__gte=start, start__lt=start + timedelta(days=days), entry__location=location)
        .select_related("therapist", "entry__service")
        .order_by("therapist__name", "start")
    )


def clinic_location() -> Location | None:
    """The first location (active ones first): only for places that know no booking
    or chosen location, such as a single-location clinic's defaults."""
    return Location.objects.order_by("-is_active", "pk").first()


def clinic_zone() -> ZoneInfo:
    """For a page that knows no booking or location: the first location's zone, or
    `settings.TIME_ZONE` before any location exists. A booking's own times are always
    shown in `booking.location.zone`."""
    location = clinic_location()
    return location.zone if location else ZoneInfo(settings.TIME_ZONE)


def location_hours(location: Location) -> list[tuple[str, str]]:
    """When the location is open, from its therapists' working hours there."""
    hours = WorkingHours.objects.filter(location=location, therapist__is_active=True)
    return opening_hours.grouped(hours.values_list("weekday", "start_time", "end_time"))


def therapist_places(therapist: Therapist) -> list[tuple[Location, list[str]]]:
    """Where a therapist works, and on which weekdays, active locations only."""
    days: dict[Location, set[int]] = defaultdict(set)
    for hours in therapist.hours.select_related("location").filter(location__is_active=True):
        days[hours.location].add(hours.weekday)
    names = dict(WorkingHours.WEEKDAYS)
    return [
        (location, [names[day] for day in sorted(days[location])])
        for location in sorted(days, key=lambda location: location.name)
    ]


def engine_rules(rules: BookingRules) -> availability.Rules:
    return availability.Rules(
        min_notice=timedelta(hours=rules.min_notice_hours),
        horizon=timedelta(days=rules.horizon_days),
        step=timedelta(minutes=rules.slot_step_minutes),
    )


def staff_rules(rules: BookingRules) -> BookingRules:
    """The rules with the notice and horizon lifted, for staff who override them:
    any time from now to a year ahead, on the same steps and never overlapping."""
    return BookingRules(
        min_notice_hours=0,
        horizon_days=max(rules.horizon_days, STAFF_HORIZON_DAYS),
        slot_step_minutes=rules.slot_step_minutes,
        cancellation_window_hours=rules.cancellation_window_hours,
    )


def engine_inputs(
    *,
    location: Location,
    therapist_ids: list[int] | None = None,
    now: datetime,
    rules: BookingRules | None = None,
    exclude_booking_id: int | None = None,
) -> EngineInputs:
    """Everything the engine needs, in seven queries however many days and therapists."""
    rules = rules or BookingRules.current()
    engine = engine_rules(rules)
    tz = location.zone
    until = now + engine.horizon + timedelta(days=1)
    therapists = Therapist.objects.active().prefetch_related(
        Prefetch("hours", queryset=WorkingHours.objects.filter(location=location))
    )
    if therapist_ids is not None:
        therapists = therapists.filter(pk__in=therapist_ids)
    therapists = list(therapists)
    ids = [therapist.pk for therapist in therapists]

    busy = defaultdict(list)
    bookings = Booking.objects.active().filter(
        therapist_id__in=ids, start__lt=until, blocked_until__gt=now
    )
    if exclude_booking_id is not None:
        bookings = bookings.exclude(pk=exclude_booking_id)
    for therapist_id, start, blocked_until in bookings.values_list(
        "therapist_id", "start", "blocked_until"
    ):
        busy[therapist_id].append(availability.Interval(start, blocked_until))
    time_off = TimeOff.objects.filter(therapist_id__in=ids, start__lt=until, end__gt=now)
    for therapist_id, start, end in time_off.values_list("therapist_id", "start", "end"):
        busy[therapist_id].append(availability.Interval(start, end))
    # A time offered to someone on the waitlist is theirs until the offer lapses.
    held = WaitlistOffer.objects.holding(now=now).filter(therapist_id__in=ids, start__lt=until)
    for therapist_id, start, blocked_until in held.values_list(
        "therapist_id", "start", "blocked_until"
    ):
        busy[therapist_id].append(availability.Interval(start, blocked_until))
    closures = Closure.objects.filter(
        location=location, first_day__lte=until.date(), last_day__gte=now.date() - timedelta(1)
    ).values_list("first_day", "last_day")

    schedules = tuple(
        availability.TherapistSchedule(
            therapist_id=therapist.pk,
            hours=tuple(
                availability.WeeklyHours(h.weekday, h.start_time, h.end_time)
                for h in therapist.hours.all()
            ),
            busy=tuple(busy[therapist.pk]),
        )
        for therapist in therapists
    )
    return EngineInputs(
        tz=tz,
        rules=engine,
        schedules=schedules,
        closures=tuple(availability.closure_intervals(closures, tz)),
    )


def free_slots(
    *,
    service: Service,
    location: Location,
    therapist_id: int | None = None,
    now: datetime | None = None,
    rules: BookingRules | None = None,
    exclude_booking_id: int | None = None,
    every_therapist: bool = False,
) -> list[availability.Slot]:
    """Free start times for a service, with one therapist or with anyone ("no preference").

    With `every_therapist`, each therapist free at a time gives a slot, not only the first.
    """
    now = now or timezone.now()
    inputs = engine_inputs(
        location=location,
        therapist_ids=None if therapist_id is None else [therapist_id],
        now=now,
        rules=rules,
        exclude_booking_id=exclude_booking_id,
    )
    slots = availability.every_slot if every_therapist else availability.merged_slots
    return slots(
        schedules=inputs.schedules,
        tz=inputs.tz,
        duration=service.duration,
        buffer=service.buffer,
        rules=inputs.rules,
        now=now,
        closures=inputs.closures,
    )
