"""Checks: no made-up therapist can be booked on a live site; every location's time
zone is one the IANA database knows (a zone set in the shell or a data import skips
the admin's validation, and would fail every page that shows a time there)."""

from django.core import checks
from django.db import DatabaseError

from scheduling.models import Location, Therapist
from scheduling.timezones import is_time_zone


@checks.register("scheduling", deploy=True)
def check_no_active_demo_therapists(app_configs=None, **kwargs):
    try:
        demo = Therapist.objects.active().filter(is_demo=True)
        names = sorted(demo.values_list("name", flat=True))
    except DatabaseError:  # no tables yet: nobody can be booked
        return []
    if not names:
        return []
    return [
        checks.Error(
            f"{len(names)} active therapists are sample (demo) therapists: {', '.join(names)}.",
            hint="In the admin (Therapists), untick “active” for each sample therapist, or "
            "delete them, before patients can book.",
            id="scheduling.E001",
        )
    ]


@checks.register("scheduling")
def check_location_time_zones(app_configs=None, **kwargs):
    try:
        locations = list(Location.objects.values_list("name", "time_zone"))
    except DatabaseError:  # no tables yet: no locations
        return []
    return [
        checks.Error(
            f"The location “{name}” has the time zone “{zone}”, which the IANA time zone "
            "database does not list.",
            hint="In the admin (Locations), enter a name such as America/Los_Angeles.",
            id="scheduling.E002",
        )
        for name, zone in locations
        if not is_time_zone(zone)
    ]
