"""The admin history of a booking (or a therapist): every staff action, naming who did it.

The one place the entry is written, so the admin, its actions and its pages
cannot forget it: each booking service takes an `actor` and calls this, as do
the calendar feed services for the therapist's page.
"""

from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from scheduling.models import Booking

type Actor = AbstractBaseUser


def booking_history(*, booking: Booking, actor: Actor | None, flag: int, message: str) -> None:
    """One history entry (Django's admin LogEntry); nothing when a patient acted.

    The message names the change, never the health intake.
    """
    admin_history(obj=booking, actor=actor, flag=flag, message=message)


def admin_history(*, obj: models.Model, actor: Actor | None, flag: int, message: str) -> None:
    """One entry in the object's admin history; nothing without a member of staff."""
    if actor is None:
        return
    LogEntry.objects.log_actions(
        user_id=actor.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )
