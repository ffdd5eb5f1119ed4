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


def grouped(rows: Iterable[tuple[int, time, time]]) -> list[tuple[str, str]]:
    """Each open weekday from the earliest start to the latest end; runs of days with
    the same hours are one line. Days nobody works are left out (closed)."""
    spans: dict[int, tuple[time, time]] = {}
    for weekday, start, end in rows:
        first, last = spans.get(weekday, (start, end))
        spans[weekday] = (min(first, start), max(last, end))
    lines: list[tuple[list[int], tuple[time, time]]] = []
    for weekday in sorted(spans):
        if lines and lines[-1][0][-1] == weekday - 1 and lines[-1][1] == spans[weekday]:
            lines[-1][0].append(weekday)
        else:
            lines.append(([weekday], spans[weekday]))
    result = []
    for days, (start, end) in lines:
        if len(days) == 1:
            named = DAYS[days[0]]
        elif len(days) == 2:
            named = f"{DAYS[days[0]]} and {DAYS[days[1]]}"
        else:
            named = f"{DAYS[days[0]]} to {DAYS[days[-1]]}"
        result.append((named, f"{clock(start)} to {clock(end)}"))
    return result
