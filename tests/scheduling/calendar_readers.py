"""Three calendar readers nobody here wrote, each asked when an .ics event starts and ends.

python `icalendar`, `vobject`, and `ical.js` (Thunderbird's parser, run with node);
each answer is a list of (start, end) UTC instants, one per VEVENT.
"""

import json
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import vobject

from tests import checks

ICAL_JS_SCRIPT = Path(__file__).with_name("ical_instants.mjs")
ICAL_JS = checks.ROOT / "node_modules" / "ical.js"


def by_icalendar(data: bytes) -> list[tuple[datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(data)
    return [
        (event.decoded("DTSTART").astimezone(UTC), event.decoded("DTEND").astimezone(UTC))
        for event in calendar.walk("VEVENT")
    ]


def by_vobject(data: bytes) -> list[tuple[datetime, datetime]]:
    calendar = vobject.readOne(data.decode("utf-8"))
    return [
        (event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC))
        for event in calendar.vevent_list
    ]


def by_ical_js(data: bytes) -> list[tuple[datetime, datetime]]:
    checks.require_tool(
        bool(shutil.which("node")) and ICAL_JS.is_dir(), "node with ical.js", "npm ci"
    )
    result = subprocess.run(
        ["node", str(ICAL_JS_SCRIPT)],
        input=data,
        capture_output=True,
        check=True,
        cwd=checks.ROOT,
        timeout=30,
    )
    return [
        (_instant(event["start"]), _instant(event["end"])) for event in json.loads(result.stdout)
    ]


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


READERS = {"icalendar": by_icalendar, "vobject": by_vobject, "ical.js": by_ical_js}


def instants(data: bytes) -> dict[str, list[tuple[datetime, datetime]]]:
    """What each reader makes of the file."""
    return {name: read(data) for name, read in READERS.items()}
