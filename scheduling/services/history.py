"""The admin history of a booking: every staff action on it, naming who did it.

The one place the entry is written, so the admin, its actions and its pages
cannot forget it: each booking service takes an `actor` and calls this.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser

from scheduling.models import Booking

type Actor = AbstractBaseUser


def booking_history(*, booking: Booking, actor: Actor | None, flag: int, message: str) -> None:
    """One history entry (Django's admin LogEntry); nothing when a patient acted.

    The message names the change, never the health intake.
    """
    if actor is None:
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[booking],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )
