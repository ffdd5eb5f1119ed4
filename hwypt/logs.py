"""Log lines: ISO 8601 times with their UTC offset, and no secrets.

Whoever can read a log line with `/book/manage/<token>/` could cancel that booking,
so every path is logged with its token replaced (the tokens in manage, confirm and
unsubscribe links, and in a therapist's calendar feed).
"""

import logging
import re
from datetime import UTC, datetime

_TOKEN_IN_PATH = re.compile(r"/(manage|confirm|unsubscribe|calendar)/[^/\s\"'?]+")


def carries_token(path: str) -> bool:
    return bool(_TOKEN_IN_PATH.search(path))


def redact(text: str) -> str:
    return _TOKEN_IN_PATH.sub(r"/\1/<token>", text)


class RedactTokens(logging.Filter):
    """For loggers that write request paths themselves, such as django.request."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


class IsoTimeFormatter(logging.Formatter):
    """`%(asctime)s` as 2026-12-02T14:05:09.123-08:00: the process's local time (Django sets
    it to TIME_ZONE, the clinic's) with its offset, so a line reads the same anywhere."""

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        moment = datetime.fromtimestamp(record.created, UTC).astimezone()
        return moment.isoformat(timespec="milliseconds")
