"""The time page's choices, from plain values: no database, no clock."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduling.availability import Slot
from scheduling.suggestions import time_choices

TZ = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 3, 2, 16, 0, tzinfo=UTC)  # 8:00 in the clinic
DAY = timedelta(hours=24)


def day_of_slots(day_offset: int, hours=range(8, 19)) -> list[Slot]:
    """One slot on the hour, 8:00 to 18:00 in the clinic, `day_offset` days after NOW."""
    base = NOW.astimezone(TZ).replace(hour=0) + timedelta(days=day_offset)
    starts = [base.replace(hour=h) for h in hours]
    return [Slot(start, start + timedelta(minutes=45), therapist_id=1) for start in starts]


def choices(slots, **kwargs):
    values = {"wanted_day": "", "show_all": False, "chosen": None} | kwargs
    return time_choices(slots=slots, tz=TZ, now=NOW, window=DAY, **values)


def test_a_handful_of_suggestions_one_per_part_of_the_day_and_one_that_can_change():
    slots = day_of_slots(0, hours=range(21, 22)) + day_of_slots(1) + day_of_slots(2)
    result = choices(slots)
    shown = [c["local"] for c in result["choices"]]
    assert len(shown) <= 5
    assert shown[0] == slots[0].start  # the earliest, tonight
    assert result["choices"][0]["fixed"]  # 13 hours away: inside the 24-hour window
    assert any(not c["fixed"] for c in result["choices"])  # one that can still change
    assert {c["local"].hour < 12 for c in result["choices"]} == {True, False}
    assert result["any_fixed"] and result["window_hours"] == 24
    assert result["groups"] == [("suggested", result["choices"])]


def test_a_times_fixed_mark_follows_the_change_window_to_the_minute():
    start = NOW + DAY
    slots = [Slot(start, start + timedelta(minutes=45), 1)]
    assert not choices(slots)["choices"][0]["fixed"]  # its deadline is now: still changeable
    late = [Slot(start - timedelta(minutes=1), start, 1)]
    assert choices(late)["choices"][0]["fixed"]


def test_all_of_a_days_times_grouped_by_part_of_the_day():
    slots = day_of_slots(1) + day_of_slots(2)
    wanted = slots[0].start.astimezone(TZ).date().isoformat()
    result = choices(slots, wanted_day=wanted, show_all=True)
    assert result["show_all"] and len(result["choices"]) == 11
    assert [part for part, _ in result["groups"]] == ["Morning", "Afternoon", "Evening"]
    assert not result["more_on_day"]
    some = choices(slots, wanted_day=wanted)
    assert some["more_on_day"] and len(some["choices"]) < 11


def test_a_passed_or_full_day_is_explained_and_the_nearest_times_offered():
    slots = day_of_slots(2)
    passed = choices(slots, wanted_day="2020-12-01")
    assert passed["notice"] == "Tuesday, December 1 has passed."
    assert passed["day"] is None and passed["choices"]
    full = choices(slots, wanted_day=(NOW + DAY).astimezone(TZ).date().isoformat())
    assert full["notice"].startswith("There are no free times left on Tuesday, March 3")
    assert choices(slots, wanted_day="not-a-day")["notice"] is None


def test_the_time_chosen_before_is_kept_among_the_suggestions():
    slots = day_of_slots(1) + day_of_slots(2)
    late = slots[-1].start.isoformat()
    assert late not in [c["value"] for c in choices(slots)["choices"]]
    assert late in [c["value"] for c in choices(slots, chosen=late)["choices"]]
