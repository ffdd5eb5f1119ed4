"""The intake access log's only writer: every screen that shows or searches health intake
calls `intake_access_record`, so no path can forget the audit."""

from collections.abc import Iterable

from django.db import transaction

from scheduling.models import Booking, IntakeAccess, IntakeRead

INTAKE_PERMISSION = "scheduling.view_intake"
# The intake's answers as staff screens and exports label them (screening is separate).
INTAKE_LABELS = [
    ("reason", "Reason"),
    ("where", "Where it hurts"),
    ("how_long", "How long"),
    ("pain", "Pain (0-10)"),
    ("history", "Anything else"),
]


def may_read_intake(user) -> bool:
    return user.has_perm(INTAKE_PERMISSION)


@transaction.atomic
def intake_access_record(*, user, bookings: Iterable[Booking], how: IntakeRead) -> int:
    """Record that `user` read (or searched) the intake of `bookings`; returns the row count.

    A search or filter that matched nothing still leaves one row without a booking: the
    fact that someone searched the intake is itself worth knowing.
    """
    if not may_read_intake(user):
        raise PermissionError("Only staff with scheduling.view_intake may read health intake.")
    how = IntakeRead(how)
    rows = [
        IntakeAccess(
            booking=b, booking_number=b.pk, patient_name=b.patient_name, user=user, how=how
        )
        for b in bookings
    ]
    if not rows and how in (IntakeRead.SEARCH, IntakeRead.FILTER):
        rows = [IntakeAccess(user=user, how=how)]
    IntakeAccess.objects.bulk_create(rows)
    return len(rows)
