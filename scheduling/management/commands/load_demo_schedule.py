"""Demo schedule so a newcomer can book straight away: two locations in two time
zones (Springfield on Pacific time, Ontario, Oregon, on Mountain time, as that
corner of the state is), clearly fictional therapists at each, the services and
working hours. Idempotent. `--single-location` leaves out the second location, for
a clinic (or a test) with one, where the booking flow asks no location question."""

from datetime import time

from django.core.management.base import BaseCommand
from django.db import transaction

from scheduling.models import BookingRules, Location, Service, Therapist, WorkingHours

SERVICES = [  # name, what it is and who it is for, minutes, buffer, for new patients
    (
        "Initial consultation",
        "Your first visit, for new patients: we listen, look at how you move and plan "
        "your treatment with you. 60 minutes.",
        60,
        15,
        True,
    ),
    (
        "Treatment session",
        "Hands-on treatment and exercises, for patients who have already had a "
        "consultation. 45 minutes.",
        45,
        15,
        False,
    ),
    (
        "Follow-up",
        "A shorter check on your progress, for patients who have already had a "
        "consultation. 30 minutes.",
        30,
        10,
        False,
    ),
]
THERAPISTS = [
    (
        "demo-alex-example",
        "Alex Example (demo)",
        "PT, DPT",
        "A fictional demo therapist who enjoys helping people move with less pain.",
        "Soft tissue mobilization\nTherapeutic exercise",
        "Low back pain\nNeck pain",
    ),
    (
        "demo-sam-sample",
        "Sam Sample (demo)",
        "PT, OCS",
        "A fictional demo therapist with a focus on sports injuries.",
        "Soft tissue mobilization\nJoint mobilization",
        "Knee pain\nShoulder pain",
    ),
    (
        "demo-jordan-placeholder",
        "Jordan Placeholder (demo)",
        "PT, GCS",
        "A fictional demo therapist who works with older adults on balance and strength.",
        "Balance training\nSoft tissue mobilization",
        "Falls and balance\nArthritis",
    ),
]
WEEKDAY_HOURS = [(day, time(8), time(18)) for day in range(5)] + [(5, time(9), time(13))]
MAIN = {
    "name": "HWY PT clinic (demo)",
    "street": "1200 Example Highway, Suite 4",
    "locality": "Springfield",
    "region": "OR",
    "postal_code": "97477",
    "time_zone": "America/Los_Angeles",
}
SECOND = {
    "name": "HWY PT Ontario (demo)",
    "street": "45 Sample Street",
    "locality": "Ontario",
    "region": "OR",
    "postal_code": "97914",
    "time_zone": "America/Boise",
}
# Who works at the second location, on which days (its local time).
SECOND_THERAPISTS = [
    (
        "demo-casey-trial",
        "Casey Trial (demo)",
        "PT, DPT",
        "A fictional demo therapist at the Ontario clinic, for hands-on care and exercise.",
        "Soft tissue mobilization\nTherapeutic exercise",
        "Hip pain\nLow back pain",
        [(day, time(8), time(17)) for day in range(4)],
    ),
    (
        "demo-riley-mock",
        "Riley Mock (demo)",
        "PT, GCS",
        "A fictional demo therapist at the Ontario clinic who works with older adults.",
        "Balance training\nGait training",
        "Falls and balance\nArthritis",
        [(day, time(9), time(15)) for day in (2, 3, 4)],
    ),
]


class Command(BaseCommand):
    help = "Create the demo locations, therapists, services and working hours (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show, write nothing.")
        parser.add_argument(
            "--single-location", action="store_true", help="Only the first location."
        )

    @transaction.atomic
    def handle(self, *args, dry_run: bool = False, single_location: bool = False, **options):
        places = [(MAIN, [(*t, WEEKDAY_HOURS) for t in THERAPISTS])]
        if not single_location:
            places.append((SECOND, SECOND_THERAPISTS))
        therapists = sum(len(people) for _, people in places)
        if dry_run:
            self.stdout.write(
                f"Would ensure {len(places)} locations, {therapists} therapists and the services."
            )
            return
        BookingRules.current()
        for order, (name, description, minutes, buffer, new) in enumerate(SERVICES):
            Service.objects.get_or_create(
                name=name,
                defaults={
                    "description": description,
                    "duration_minutes": minutes,
                    "buffer_minutes": buffer,
                    "for_new_patients": new,
                    "order": order,
                },
            )
        created = 0
        for place, people in places:
            location, _ = Location.objects.get_or_create(
                name=place["name"], defaults={k: v for k, v in place.items() if k != "name"}
            )
            for slug, name, credentials, bio, techniques, conditions, hours in people:
                therapist, new = Therapist.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "name": name,
                        "credentials": credentials,
                        "bio": bio,
                        "techniques": techniques,
                        "conditions": conditions,
                        "is_demo": True,
                    },
                )
                created += new
                if new:
                    WorkingHours.objects.bulk_create(
                        WorkingHours(
                            therapist=therapist,
                            location=location,
                            weekday=day,
                            start_time=start,
                            end_time=end,
                        )
                        for day, start, end in hours
                    )
        self.stdout.write(
            f"Demo schedule ready: {len(places)} location{'s' if len(places) > 1 else ''}, "
            f"{len(SERVICES)} services, "
            f"{therapists} therapists ({created} new)."
        )
