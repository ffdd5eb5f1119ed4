"""Demo schedule so a newcomer can book straight away: one location, three
clearly fictional therapists, the services and working hours. Idempotent."""

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


class Command(BaseCommand):
    help = "Create the demo location, therapists, services and working hours (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Show, write nothing.")

    @transaction.atomic
    def handle(self, *args, dry_run: bool = False, **options):
        if dry_run:
            self.stdout.write(f"Would ensure {len(THERAPISTS)} therapists and the services.")
            return
        BookingRules.current()
        location, _ = Location.objects.get_or_create(
            name="HWY PT clinic (demo)",
            defaults={
                "street": "1200 Example Highway, Suite 4",
                "locality": "Springfield",
                "region": "OR",
                "postal_code": "97477",
                "time_zone": "America/Los_Angeles",
            },
        )
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
        for slug, name, credentials, bio, techniques, conditions in THERAPISTS:
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
                        therapist=therapist, location=location, weekday=d, start_time=s, end_time=e
                    )
                    for d, s, e in WEEKDAY_HOURS
                )
        self.stdout.write(
            f"Demo schedule ready: 1 location, {len(SERVICES)} services, "
            f"{len(THERAPISTS)} therapists ({created} new)."
        )
