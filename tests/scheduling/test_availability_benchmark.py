"""Benchmark, not a test: the availability engine for 60 days and 10 therapists.

Skipped in `make test`; `make bench` runs it with `--benchmark-only`.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.availability import (
    Interval,
    Rules,
    TherapistSchedule,
    WeeklyHours,
    closure_intervals,
    merged_slots,
)

TZ = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 10, 1, 15, 0, tzinfo=UTC)  # 60 days that include the November DST change
RULES = Rules(
    min_notice=timedelta(hours=12), horizon=timedelta(days=60), step=timedelta(minutes=30)
)
HOURS = (
    *(WeeklyHours(day, time(8), time(18)) for day in range(5)),
    WeeklyHours(5, time(9), time(13)),
)


def busy_week_for(therapist_id: int) -> tuple[Interval, ...]:
    """Three one-hour bookings a day, staggered per therapist, for the whole horizon."""
    busy = []
    for day in range(61):
        for hour in (9, 12, 15):
            start = NOW + timedelta(days=day, hours=hour - 15 + therapist_id % 3)
            busy.append(Interval(start, start + timedelta(minutes=75)))
    return tuple(busy)


SCHEDULES = [
    TherapistSchedule(therapist_id=n, hours=HOURS, busy=busy_week_for(n)) for n in range(1, 11)
]
CLOSURES = closure_intervals([(datetime(2026, 11, 26).date(), datetime(2026, 11, 27).date())], TZ)


def test_sixty_days_for_ten_therapists(benchmark):
    slots = benchmark(
        merged_slots,
        schedules=SCHEDULES,
        tz=TZ,
        duration=timedelta(minutes=60),
        buffer=timedelta(minutes=15),
        rules=RULES,
        now=NOW,
        closures=CLOSURES,
    )
    assert slots
