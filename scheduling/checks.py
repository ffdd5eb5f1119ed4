"""Deploy checks: no made-up therapist can be booked on a live site."""

from django.core import checks
from django.db import DatabaseError

from scheduling.models import Therapist


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
