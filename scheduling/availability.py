"""The availability engine: free appointment times from plain values, no database.

Working hours are wall-clock times in the location's time zone, so a 9:00 start
stays 9:00 across a daylight-saving change; everything is compared as aware
datetimes, so the length of a visit is always real elapsed time. Busy time
(bookings with their buffers, time off, closures) comes in as intervals.
"""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo


@dataclass(frozen=True, order=True)
class Interval:
    start: datetime
    end: datetime

    def overlaps(self, other: "Interval") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class WeeklyHours:
    weekday: int  # Monday is 0
    start: time
    end: time


@dataclass(frozen=True)
class TherapistSchedule:
    therapist_id: int
    hours: tuple[WeeklyHours, ...]
    busy: tuple[Interval, ...] = ()  # bookings with buffers, and time off


@dataclass(frozen=True)
class Rules:
    min_notice: timedelta
    horizon: timedelta
    step: timedelta

    def __post_init__(self):
        # A zero step would never advance; refuse it here rather than deep in range().
        if self.step < timedelta(minutes=1):
            raise ValueError(f"The slot step must be at least one minute, not {self.step}.")
        if self.horizon <= timedelta(0):
            raise ValueError(f"The booking horizon must be positive, not {self.horizon}.")
        if self.min_notice < timedelta(0):
            raise ValueError(f"The minimum notice cannot be negative: {self.min_notice}.")


@dataclass(frozen=True, order=True)
class Slot:
    start: datetime
    end: datetime
    therapist_id: int = field(compare=False)


def local_days(*, now: datetime, horizon: timedelta, tz: ZoneInfo) -> list[date]:
    first = now.astimezone(tz).date()
    last = (now + horizon).astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def wall_time(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The moment (in UTC) a wall-clock time happens, or None if the clock skips it.

    UTC because Python adds and compares datetimes of one zone in wall time,
    which would make a visit across the change an hour too long or short.
    """
    moment = datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
    if moment.astimezone(tz).replace(tzinfo=None) != datetime.combine(day, at):
        return None  # inside the spring-forward gap
    return moment


def closure_intervals(days: Iterable[tuple[date, date]], tz: ZoneInfo) -> list[Interval]:
    """Whole local days, first to last inclusive, as intervals."""
    return [
        Interval(
            datetime.combine(first, time.min, tzinfo=tz).astimezone(UTC),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC),
        )
        for first, last in days
    ]


class _Busy:
    """Busy intervals with an O(log n) overlap test.

    Sorted by start, with the latest end seen so far at each position: a
    candidate overlaps something exactly when, among the intervals starting
    before it ends, the latest end is after it starts.
    """

    def __init__(self, intervals: Iterable[Interval]):
        ordered = sorted(intervals)
        self.starts = [interval.start for interval in ordered]
        self.latest_end = list(accumulate((interval.end for interval in ordered), max))

    def overlaps(self, candidate: Interval) -> bool:
        before_end = bisect_left(self.starts, candidate.end)
        return before_end > 0 and self.latest_end[before_end - 1] > candidate.start


def therapist_slots(
    *,
    schedule: TherapistSchedule,
    tz: ZoneInfo,
    duration: timedelta,
    buffer: timedelta,
    rules: Rules,
    now: datetime,
    closures: Sequence[Interval] = (),
) -> list[Slot]:
    """Every start time one therapist can take, in order."""
    busy = _Busy([*schedule.busy, *closures])
    now = now.astimezone(UTC)
    earliest = now + rules.min_notice
    latest = now + rules.horizon
    slots = []
    step_minutes = int(rules.step.total_seconds() // 60)
    for day in local_days(now=now, horizon=rules.horizon, tz=tz):
        for hours in schedule.hours:
            if hours.weekday != day.weekday():
                continue
            closing = wall_time(day, hours.end, tz)
            if closing is None:
                continue
            for start in _starts(day, hours, closing, step_minutes, tz):
                end = start + duration
                if end > closing:
                    break
                if start < earliest or start > latest:
                    continue
                if busy.overlaps(Interval(start, end + buffer)):
                    continue
                slots.append(Slot(start, end, schedule.therapist_id))
    return sorted(slots)


def _starts(day: date, hours: WeeklyHours, closing: datetime, step_minutes: int, tz: ZoneInfo):
    """The day's candidate start times, in UTC.

    On an ordinary day the clock's offset is the same at opening and closing, so
    starts are plain steps from the opening time; on a day the clocks change
    inside working hours each start is placed on the wall clock one by one.
    """
    first = hours.start.hour * 60 + hours.start.minute
    last = hours.end.hour * 60 + hours.end.minute
    opening = wall_time(day, hours.start, tz)
    if opening is not None and (
        opening.astimezone(tz).utcoffset() == closing.astimezone(tz).utcoffset()
    ):
        step = timedelta(minutes=step_minutes)
        return (opening + step * n for n in range(len(range(first, last, step_minutes))))
    return (
        start
        for minute in range(first, last, step_minutes)
        if (start := wall_time(day, time(minute // 60, minute % 60), tz)) is not None
    )


def every_slot(
    *,
    schedules: Sequence[TherapistSchedule],
    tz: ZoneInfo,
    duration: timedelta,
    buffer: timedelta,
    rules: Rules,
    now: datetime,
    closures: Sequence[Interval] = (),
) -> list[Slot]:
    """Every therapist's free slots, by start time, then by therapist id."""
    slots = [
        slot
        for schedule in sorted(schedules, key=lambda s: s.therapist_id)
        for slot in therapist_slots(
            schedule=schedule,
            tz=tz,
            duration=duration,
            buffer=buffer,
            rules=rules,
            now=now,
            closures=closures,
        )
    ]
    return sorted(slots)  # stable: therapists stay in id order within a start


def merged_slots(
    *,
    schedules: Sequence[TherapistSchedule],
    tz: ZoneInfo,
    duration: timedelta,
    buffer: timedelta,
    rules: Rules,
    now: datetime,
    closures: Sequence[Interval] = (),
) -> list[Slot]:
    """ "No preference": one slot per start time, from the first therapist free then."""
    by_start: dict[datetime, Slot] = {}
    every = every_slot(
        schedules=schedules,
        tz=tz,
        duration=duration,
        buffer=buffer,
        rules=rules,
        now=now,
        closures=closures,
    )
    for slot in every:
        by_start.setdefault(slot.start, slot)
    return list(by_start.values())


def nearest(slots: Sequence[Slot], to: datetime, count: int = 3) -> list[Slot]:
    """The free times closest to a wanted time, earliest first."""
    return sorted(sorted(slots, key=lambda s: abs(s.start - to))[:count])


def part_of_day(moment: datetime, tz: ZoneInfo) -> str:
    hour = moment.astimezone(tz).hour
    if hour < 12:
        return "Morning"
    if hour < 17:
        return "Afternoon"
    return "Evening"


def change_deadline(start: datetime, window: timedelta) -> datetime:
    """The last moment a visit starting at `start` can be moved or cancelled online."""
    return start - window


def start_problem(*, start: datetime, now: datetime, rules: Rules) -> str | None:
    """Why a start time breaks the booking rules, in the patient's words; None if it doesn't."""
    if start <= now:
        return "That time has already passed. Please choose another time."
    if start < now + rules.min_notice:
        hours = int(rules.min_notice.total_seconds() // 3600)
        return f"We need at least {hours} hours' notice. Please choose a later time."
    if start > now + rules.horizon:
        days = rules.horizon.days
        return f"We take bookings up to {days} days ahead. Please choose an earlier time."
    return None


def suggested(
    slots: Sequence[Slot], tz: ZoneInfo, *, changeable_from: datetime | None = None
) -> list[Slot]:
    """A handful of times to offer first: the earliest, the first of each part of
    the day, and the first that can still be changed online (from
    `changeable_from`), earliest first and each once."""
    picks = {}
    for slot in sorted(slots):
        keys = ["earliest", part_of_day(slot.start, tz)]
        if changeable_from is not None and slot.start >= changeable_from:
            keys.append("changeable")
        for key in keys:
            picks.setdefault(key, slot)
    return sorted(set(picks.values()))
