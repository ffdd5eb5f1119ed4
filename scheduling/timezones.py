"""VTIMEZONE blocks that every calendar reader understands, from the tz database.

Each offset change of the visit's year is one STANDARD or DAYLIGHT block with a
yearly RRULE (as Google Calendar and Outlook write them), its DTSTART the wall
time just before the change as RFC 5545 §3.6.5 asks. icalendar's own
`add_missing_timezones` lists every change from 1970 to 2038 on RDATE lines,
which vobject and ical.js (Thunderbird) misread: a July visit came out an hour
late. A narrow window without RDATE is no answer either: readers keep the first
VTIMEZONE they saw for a TZID (vobject does) and apply it to later files.

Where a zone's changes follow no yearly weekday rule, each change from the year
before the visit to two years after gets a block of its own.
"""

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, available_timezones

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur


@functools.cache
def _known_names() -> frozenset[str]:
    return frozenset(available_timezones())


def is_time_zone(name: str) -> bool:
    """Whether `name` is a zone of the IANA database as installed (tzdata or the system's).

    Only names the database lists: ZoneInfo alone would also open other files under
    the zone directories, and a name that works on one machine must work on all.
    """
    return name in _known_names()


@dataclass(frozen=True)
class Change:
    at: datetime  # the UTC instant the offset changes
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool

    @property
    def onset(self) -> datetime:
        """The local wall time just before the change (what DTSTART holds)."""
        return (self.at + self.offset_from).replace(tzinfo=None)

    def rule(self) -> dict:
        onset = self.onset
        last_day = calendar.monthrange(onset.year, onset.month)[1]
        week = -1 if onset.day > last_day - 7 else (onset.day - 1) // 7 + 1
        weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][onset.weekday()]
        return {"freq": "yearly", "bymonth": onset.month, "byday": f"{week}{weekday}"}


def changes(zone: ZoneInfo, year: int) -> list[Change]:
    """The offset changes in one calendar year (UTC), found to the minute."""
    found = []
    moment = datetime(year, 1, 1, tzinfo=UTC)
    end = datetime(year + 1, 1, 1, tzinfo=UTC)
    while moment < end:
        following = moment + timedelta(days=1)
        if moment.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            low, high = 0, 24 * 60  # minutes after `moment`: old offset at low, new at high
            while high - low > 1:
                middle = (low + high) // 2
                if (moment + timedelta(minutes=middle)).astimezone(zone).utcoffset() == (
                    moment.astimezone(zone).utcoffset()
                ):
                    low = middle
                else:
                    high = middle
            low, high = moment + timedelta(minutes=low), moment + timedelta(minutes=high)
            before, after = low.astimezone(zone), high.astimezone(zone)
            found.append(
                Change(
                    high,
                    before.utcoffset(),
                    after.utcoffset(),
                    after.tzname() or "",
                    bool(after.dst()),
                )
            )
        moment = following
    return found


def _block(change: Change, rule: dict | None):
    block = TimezoneDaylight() if change.dst else TimezoneStandard()
    block.add("dtstart", change.onset)
    block.add("tzoffsetfrom", change.offset_from)
    block.add("tzoffsetto", change.offset_to)
    block.add("tzname", change.name)
    if rule:
        block.add("rrule", vRecur(rule))
    return block


def _follows_rules(zone: ZoneInfo, first: list[Change], years: range) -> bool:
    """Do the first year's changes recur on the same weekday rule in these years?"""
    for year in years:
        later = changes(zone, year)
        if len(later) != len(first):
            return False
        for one, other in zip(first, later, strict=True):
            same = (one.offset_from, one.offset_to, one.onset.time(), one.rule())
            if same != (other.offset_from, other.offset_to, other.onset.time(), other.rule()):
                return False
    return True


def vtimezone(tz_name: str, around: datetime) -> Timezone:
    """A VTIMEZONE right for `around` and for years either side of it."""
    zone = ZoneInfo(tz_name)
    timezone = Timezone()
    timezone.add("tzid", tz_name)
    start_year = around.year - 1
    first = changes(zone, start_year)
    if not first:  # no clock changes: one block, from a date before any visit
        local = datetime(start_year, 1, 1, tzinfo=zone)
        steady = Change(
            local.astimezone(UTC),
            local.utcoffset(),
            local.utcoffset(),
            local.tzname() or "",
            bool(local.dst()),
        )
        timezone.add_component(_block(steady, None))
    elif _follows_rules(zone, first, range(start_year + 1, start_year + 4)):
        for change in first:
            timezone.add_component(_block(change, change.rule()))
    else:
        for year in range(start_year, start_year + 4):
            for change in changes(zone, year):
                timezone.add_component(_block(change, None))
    return timezone
