"""The availability engine: properties over random schedules, and both DST days."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from scheduling.availability import (
    Interval,
    Rules,
    TherapistSchedule,
    WeeklyHours,
    closure_intervals,
    merged_slots,
    part_of_day,
    start_problem,
    therapist_slots,
)

TZ = ZoneInfo("America/Los_Angeles")
RULES = Rules(timedelta(hours=12), timedelta(days=14), timedelta(minutes=15))
WEEKDAYS = tuple(WeeklyHours(day, time(8), time(18)) for day in range(7))
NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)

busy_intervals = st.lists(
    st.builds(
        lambda offset, minutes: Interval(
            NOW + timedelta(minutes=15 * offset), NOW + timedelta(minutes=15 * offset + minutes)
        ),
        st.integers(0, 14 * 24 * 4),
        st.integers(10, 300),
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None)
@given(
    busy=busy_intervals,
    closed=st.lists(st.integers(0, 14), max_size=3),
    duration=st.sampled_from([30, 45, 60]),
    buffer=st.sampled_from([0, 10, 15]),
    now_offset=st.integers(0, 24 * 60),
)
def test_no_offered_slot_overlaps_busy_time_closures_or_breaks_the_rules(
    busy, closed, duration, buffer, now_offset
):
    now = NOW + timedelta(minutes=now_offset)
    closures = closure_intervals([(date(2026, 3, 2) + timedelta(d),) * 2 for d in closed], TZ)
    schedule = TherapistSchedule(therapist_id=1, hours=WEEKDAYS, busy=tuple(busy))
    slots = therapist_slots(
        schedule=schedule,
        tz=TZ,
        duration=timedelta(minutes=duration),
        buffer=timedelta(minutes=buffer),
        rules=RULES,
        now=now,
        closures=closures,
    )
    for slot in slots:
        taken = Interval(slot.start, slot.end + timedelta(minutes=buffer))
        assert not any(taken.overlaps(b) for b in busy)
        assert not any(taken.overlaps(c) for c in closures)
        assert slot.start >= now + RULES.min_notice
        assert slot.start <= now + RULES.horizon
        assert slot.end - slot.start == timedelta(minutes=duration)
        local = slot.start.astimezone(TZ)
        assert time(8) <= local.time() and slot.end.astimezone(TZ).time() <= time(18)


@settings(max_examples=30, deadline=None)
@given(busy_one=busy_intervals, busy_two=busy_intervals)
def test_no_preference_offers_each_time_once_from_a_therapist_free_then(busy_one, busy_two):
    schedules = [
        TherapistSchedule(1, WEEKDAYS, tuple(busy_one)),
        TherapistSchedule(2, WEEKDAYS, tuple(busy_two)),
    ]
    slots = merged_slots(
        schedules=schedules,
        tz=TZ,
        duration=timedelta(minutes=60),
        buffer=timedelta(0),
        rules=RULES,
        now=NOW,
    )
    starts = [slot.start for slot in slots]
    assert starts == sorted(set(starts))
    busy = {1: busy_one, 2: busy_two}
    for slot in slots:
        assert not any(Interval(slot.start, slot.end).overlaps(b) for b in busy[slot.therapist_id])


def day_slots(day: date, hours: WeeklyHours, duration: int = 60):
    now = datetime.combine(day - timedelta(days=2), time(12), tzinfo=TZ)
    schedule = TherapistSchedule(1, (hours,))
    rules = Rules(timedelta(0), timedelta(days=5), timedelta(minutes=30))
    return [
        slot
        for slot in therapist_slots(
            schedule=schedule,
            tz=TZ,
            duration=timedelta(minutes=duration),
            buffer=timedelta(0),
            rules=rules,
            now=now,
        )
        if slot.start.astimezone(TZ).date() == day
    ]


def test_spring_forward_day_keeps_wall_clock_hours_and_skips_the_missing_hour():
    day = date(2026, 3, 8)  # 2:00 becomes 3:00 in Los Angeles
    slots = day_slots(day, WeeklyHours(day.weekday(), time(9), time(12)))
    assert [s.start.astimezone(TZ).strftime("%H:%M") for s in slots] == [
        "09:00",
        "09:30",
        "10:00",
        "10:30",
        "11:00",
    ]
    assert slots[0].start == datetime(2026, 3, 8, 16, 0, tzinfo=UTC)  # PDT, UTC-7
    night = day_slots(day, WeeklyHours(day.weekday(), time(1), time(4)), duration=30)
    local = [s.start.astimezone(TZ).strftime("%H:%M") for s in night]
    assert "02:00" not in local and "02:30" not in local
    assert local == ["01:00", "01:30", "03:00", "03:30"]
    assert all(s.end - s.start == timedelta(minutes=30) for s in night)


def test_fall_back_day_keeps_wall_clock_hours_and_real_durations():
    day = date(2026, 11, 1)  # 2:00 becomes 1:00 in Los Angeles
    slots = day_slots(day, WeeklyHours(day.weekday(), time(9), time(12)))
    assert slots[0].start == datetime(2026, 11, 1, 17, 0, tzinfo=UTC)  # PST, UTC-8
    assert all(s.end - s.start == timedelta(hours=1) for s in slots)
    night = day_slots(day, WeeklyHours(day.weekday(), time(0), time(3)))
    # 00:00 to 03:00 wall clock is four real hours today; a 60-minute visit at 1:30
    # really ends at 1:30 PST, still inside opening hours.
    assert all(s.end <= datetime(2026, 11, 1, 11, 0, tzinfo=UTC) for s in night)
    assert all(s.end - s.start == timedelta(hours=1) for s in night)


def test_start_problems_are_explained_in_plain_words():
    assert "passed" in start_problem(start=NOW - timedelta(hours=1), now=NOW, rules=RULES)
    assert "12 hours" in start_problem(start=NOW + timedelta(hours=2), now=NOW, rules=RULES)
    assert "14 days" in start_problem(start=NOW + timedelta(days=20), now=NOW, rules=RULES)
    assert start_problem(start=NOW + timedelta(days=2), now=NOW, rules=RULES) is None


def test_part_of_day_groups_times_for_the_time_page():
    assert part_of_day(datetime(2026, 3, 2, 9, tzinfo=TZ), TZ) == "Morning"
    assert part_of_day(datetime(2026, 3, 2, 13, tzinfo=TZ), TZ) == "Afternoon"
    assert part_of_day(datetime(2026, 3, 2, 17, 30, tzinfo=TZ), TZ) == "Evening"


_minutes = st.integers(min_value=0, max_value=2000)


@given(
    busy=st.lists(st.tuples(_minutes, st.integers(1, 3000)), max_size=30),
    candidate=st.tuples(_minutes, st.integers(1, 300)),
)
def test_busy_overlap_test_agrees_with_checking_every_interval(busy, candidate):
    """The fast overlap test answers exactly as a check against every interval would."""
    from scheduling.availability import _Busy

    base = datetime(2026, 1, 1, tzinfo=UTC)

    def interval(start, length):
        return Interval(base + timedelta(minutes=start), base + timedelta(minutes=start + length))

    intervals = [interval(*pair) for pair in busy]
    wanted = interval(*candidate)
    assert _Busy(intervals).overlaps(wanted) == any(i.overlaps(wanted) for i in intervals)
