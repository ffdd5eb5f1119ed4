"""What the time page offers: a few suggestions first, one day's times, or all of them.

Pure: it takes the free slots, the clinic's zone, the moment and the change window
as plain values, so it is tested fast without a database or a clock.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from scheduling import availability

PARTS = ["Morning", "Afternoon", "Evening"]


def time_choices(
    *,
    slots: list[availability.Slot],
    tz: ZoneInfo,
    now: datetime,
    window: timedelta,
    wanted_day: str,
    show_all: bool,
    chosen: str | None,
) -> dict:
    """The time page's context: which times to show (in the location's zone `tz`),
    and why a wanted day has none.

    Each time carries `fixed`: it starts inside the change `window` (so its change
    deadline has passed already), and the patient is told before choosing it that it
    cannot be moved or cancelled online.
    """

    def fixed(slot: availability.Slot) -> bool:
        return availability.change_deadline(slot.start, window) < now

    today = now.astimezone(tz).date()
    by_day = defaultdict(list)
    for slot in slots:
        by_day[slot.start.astimezone(tz).date()].append(slot)
    try:
        day = date.fromisoformat(wanted_day) if wanted_day else None
    except ValueError:
        day = None
    notice = None
    if day is not None and day not in by_day:
        if day < today:
            notice = f"{day:%A, %B} {day.day} has passed."
        else:
            notice = f"There are no free times left on {day:%A, %B} {day.day}."
        day = None
    offered = by_day[day] if day else slots
    first_changeable = next((s.start for s in sorted(slots) if not fixed(s)), None)
    shown = (
        offered
        if show_all
        else availability.suggested(offered, tz, changeable_from=first_changeable)
    )
    # Coming back to this page shows the time chosen before, if it is still free.
    kept = [s for s in slots if s.start.isoformat() == chosen and s not in shown]
    shown = sorted([*shown, *kept])

    def choice(slot: availability.Slot) -> dict:
        return {
            "value": slot.start.isoformat(),
            "local": slot.start.astimezone(tz),
            "fixed": fixed(slot),
        }

    groups = defaultdict(list)
    for slot in shown:
        groups[availability.part_of_day(slot.start, tz)].append(choice(slot))
    return {
        "day": day,
        "notice": notice,
        "show_all": show_all and day is not None,
        "choices": [choice(slot) for slot in shown],
        # All of a day's times by part of the day; suggestions simply earliest first.
        "groups": [(part, groups[part]) for part in PARTS if groups[part]]
        if show_all and day is not None
        else [("suggested", [choice(slot) for slot in shown])],
        "more_on_day": day is not None and not show_all and len(offered) > len(shown),
        "any_fixed": any(fixed(slot) for slot in shown),
        "window_hours": int(window.total_seconds() // 3600),
        "first_day": min(by_day) if by_day else None,
    }
