"""Booking emails move to the outbox (one model for every email the site sends).

Each BookingEmail row becomes an OutgoingEmail about its booking, with its status,
attempts, error and times; the front desk and clinicians may see and retry them in
"Outgoing email". Reversible: the rows go back.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

KINDS = {
    "confirmation": "booking_confirmation",
    "reschedule": "booking_reschedule",
    "cancellation": "booking_cancellation",
    "reminder": "booking_reminder",
}
COPIED = ["status", "attempts", "last_error", "created_at", "queued_at", "claimed_at", "sent_at"]
GROUPS = ["Front desk", "Clinicians"]
PERMISSIONS = ["view_outgoingemail", "change_outgoingemail"]


def booking_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="scheduling", model="booking")[0]


def to_outbox(apps, schema_editor):
    BookingEmail = apps.get_model("scheduling", "BookingEmail")
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    about_type = booking_type(apps)
    rows = BookingEmail.objects.select_related("booking").order_by("pk")
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                kind=KINDS[row.kind],
                recipient=row.booking.patient_email,
                about_type=about_type,
                about_id=row.booking_id,
                **{field: getattr(row, field) for field in COPIED},
            )
            for row in rows.iterator()
        ],
        batch_size=500,
    )
    outbox = apps.get_app_config("outbox")
    outbox.models_module = True
    create_permissions(outbox, apps=apps, verbosity=0)
    outbox.models_module = None
    Permission = apps.get_model("auth", "Permission")
    allowed = Permission.objects.filter(content_type__app_label="outbox", codename__in=PERMISSIONS)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*allowed)


def from_outbox(apps, schema_editor):
    BookingEmail = apps.get_model("scheduling", "BookingEmail")
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    old_kind = {new: old for old, new in KINDS.items()}
    moved = OutgoingEmail.objects.filter(about_type=booking_type(apps), kind__in=old_kind)
    BookingEmail.objects.bulk_create(
        [
            BookingEmail(
                booking_id=row.about_id,
                kind=old_kind[row.kind],
                **{field: getattr(row, field) for field in COPIED},
            )
            for row in moved.order_by("pk").iterator()
        ],
        batch_size=500,
    )
    moved.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0009_therapist_updated_at"),
        ("outbox", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox),
        migrations.DeleteModel(name="BookingEmail"),
    ]
