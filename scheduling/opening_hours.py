"""A location's opening hours as a patient reads them, from its therapists' hours.

The hours are derived, not typed in a second table: a clinic is open for booking
when a therapist works there, and a separate "opening hours" list would drift from
the times the booking flow offers (open on Saturday, no Saturday times). Pure:
(weekday, start, end) rows in, ("Monday to Friday", "8:00 am to 6:00 pm") out.
"""

from collections.abc import Iterable
from datetime import time

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def clock(moment: time) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


SCHEMA_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]


def spans(rows: Iterable[tuple[int, time, time]]) -> list[tuple[list[int], time, time]]:
    """Each open weekday from the earliest start to the latest end; runs of days with
    the same hours are one span. Days nobody works are left out (closed)."""
    days: dict[int, tuple[time, time]] = {}
    for weekday, start, end in rows:
        first, last = days.get(weekday, (start, end))
        days[weekday] = (min(first, start), max(last, end))
    result: list[tuple[list[int], time, time]] = []
    for weekday in sorted(days):
        if result and result[-1][0][-1] == weekday - 1 and result[-1][1:] == days[weekday]:
            result[-1][0].append(weekday)
        else:
            result.append(([weekday], *days[weekday]))
    return result


def grouped(rows: Iterable[tuple[int, time, time]]) -> list[tuple[str, str]]:
    """The spans in words: ("Monday to Friday", "8:00 am to 6:00 pm")."""
    result = []
    for days, start, end in spans(rows):
        if len(days) == 1:
            named = DAYS[days[0]]
        elif len(days) == 2:
            named = f"{DAYS[days[0]]} and {DAYS[days[1]]}"
        else:
            named = f"{DAYS[days[0]]} to {DAYS[days[-1]]}"
        result.append((named, f"{clock(start)} to {clock(end)}"))
    return result


def schema_org(rows: Iterable[tuple[int, time, time]]) -> list[str]:
    """The same spans as schema.org's `openingHours` text: "Mo-Fr 08:00-18:00"."""
    result = []
    for days, start, end in spans(rows):
        named = SCHEMA_DAYS[days[0]]
        if len(days) > 1:
            named += f"-{SCHEMA_DAYS[days[-1]]}"
        result.append(f"{named} {start:%H:%M}-{end:%H:%M}")
    return result
