"""A full day and people waiting for it, for the waitlist tests."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from scheduling import selectors
from scheduling.models import WaitlistEntry
from scheduling.services.waitlist import Contact, waitlist_join
from tests.scheduling.conftest import book, days

# A Wednesday morning in the clinic's zone: the tests' still clock, any day they run.
NOW = datetime(2026, 3, 4, 8, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def local_day(moment):
    return moment.astimezone(selectors.clinic_zone()).date()


def fill_day(service, therapist, *, ahead: int = 5, location=None, **booking) -> list:
    """Book every free time the therapist has on a working day `ahead` days or more away
    (`booking`: what else to pass to `book`, the patient say)."""
    location = location or selectors.clinic_location()

    def free():
        return selectors.free_slots(service=service, location=location, therapist_id=therapist.pk)

    start = next(s.start for s in free() if s.start >= timezone.now() + days(ahead))
    day = start.astimezone(location.zone).date()
    booked = []
    while today := [s for s in free() if s.start.astimezone(location.zone).date() == day]:
        booked.append(book(service, therapist, today[0].start, location=location, **booking))
    return booked


def join(service, therapist, day, name="Ann Waiting", part="any", days_more=0, **extra):
    email = extra.pop("email", name.split()[0].lower() + "@example.org")
    return waitlist_join(
        service=service,
        therapist=therapist,
        location=extra.pop("location", selectors.clinic_location()),
        first_day=day,
        last_day=day + timedelta(days=days_more),
        part_of_day=part,
        contact=Contact(name=name, email=email, phone="541 555 0199"),
        **extra,
    )


def waiting_for(day) -> list[WaitlistEntry]:
    return list(WaitlistEntry.objects.waiting(today=day).in_joining_order())
