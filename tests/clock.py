"""The clock in tests: still where a rule counts time, and windows that last the run.

django-ratelimit counts in fixed windows whose ends fall at moments fixed by the key
(a CRC of the client's address added to the epoch's edges), so a test that fills a
limit at one moment of the day or hour could see the window roll over mid-test.
"""

import time

import time_machine
from django.utils import timezone
from django_ratelimit.core import _get_window  # the library's own rule for where a window ends

DAY = 24 * 60 * 60


def still(moment=None) -> time_machine.travel:
    """The process clock stopped at `moment` (default: now) for the test's length."""
    return time_machine.travel(moment or timezone.now(), tick=False)


def rate_lasting(count: int, *, key: str = "127.0.0.1", margin: float = 3600) -> str:
    """A django-ratelimit rate of `count` per day or so, whose current window for `key`
    has at least `margin` seconds left: for the processes a test starts, which keep the
    real clock. Windows of different lengths end at different moments, so one does."""
    for period in range(DAY, 2 * DAY, 97):
        if _get_window(key, period) - time.time() > margin:
            return f"{count}/{period}s"
    raise AssertionError("no window lasts the run")  # cannot happen: see above
