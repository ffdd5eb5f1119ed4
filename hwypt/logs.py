"""Keep secrets out of the logs: the tokens in manage, confirm and unsubscribe links.

Whoever can read a log line with `/book/manage/<token>/` could cancel that booking,
so every path is logged with its token replaced.
"""

import logging
import re

_TOKEN_IN_PATH = re.compile(r"/(manage|confirm|unsubscribe)/[^/\s\"'?]+")


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
