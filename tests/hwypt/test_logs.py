"""Log lines say when they happened in a form any reader or tool can parse."""

import logging
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.module_loading import import_string

ISO_WITH_OFFSET = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d")


def configured_formatter() -> logging.Formatter:
    config = settings.LOGGING["formatters"]["plain"]
    return import_string(config["()"])(config["format"])


def line_at(timestamp: float) -> str:
    record = logging.LogRecord("hwypt", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.created = timestamp
    return configured_formatter().format(record)


def test_a_log_line_starts_with_an_iso_8601_time_and_its_utc_offset():
    # 2026-07-01 and 2026-12-01 at 20:00 UTC: summer and winter time in the clinic.
    for timestamp in (1782936000.25, 1796155200.25):
        stamp, rest = line_at(timestamp).split(" ", 1)
        assert ISO_WITH_OFFSET.fullmatch(stamp), stamp
        moment = datetime.fromisoformat(stamp)
        assert moment.timestamp() == timestamp
        clinic = datetime.fromtimestamp(timestamp, ZoneInfo(settings.TIME_ZONE))
        assert moment.utcoffset() == clinic.utcoffset()
        assert rest == "INFO hwypt GET / 200"
