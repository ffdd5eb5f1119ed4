"""The waitlist: entries and the offers of freed times; the front desk may manage them,
clinicians may see them.

On PostgreSQL an exclusion constraint refuses two open offers of one therapist whose
[start, blocked_until) overlap: one time is held for one person at a time. On SQLite
the offer runs' IMMEDIATE transactions take turns.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUPS = {
    "Front desk": ["add_waitlistentry", "change_waitlistentry", "view_waitlistentry",
                   "delete_waitlistentry", "view_waitlistoffer"],
    "Clinicians": ["view_waitlistentry", "view_waitlistoffer"],
}  # fmt: skip


HOLD_ONCE = """
ALTER TABLE scheduling_waitlistoffer ADD CONSTRAINT waitlist_one_hold_per_time
EXCLUDE USING gist (
    therapist_id WITH =,
    tstzrange(start, blocked_until, '[)') WITH &&
) WHERE (status = 'open')
"""
DROP_HOLD_ONCE = "ALTER TABLE scheduling_waitlistoffer DROP CONSTRAINT waitlist_one_hold_per_time"


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


def grant_to_groups(apps, schema_editor):
    scheduling = apps.get_app_config("scheduling")
    scheduling.models_module = True
    create_permissions(scheduling, apps=apps, verbosity=0)
    scheduling.models_module = None
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="scheduling", codename__in=GROUPS[group.name]
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0013_therapist_calendar_feed"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="WaitlistEntry",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("salt", models.CharField(editable=False, max_length=64)),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("first_day", models.DateField()),
                ("last_day", models.DateField(help_text="The entry ends after this day.")),
                (
                    "part_of_day",
                    models.CharField(
                        choices=[
                            ("any", "Any time"),
                            ("Morning", "Morning (before noon)"),
                            ("Afternoon", "Afternoon (noon to 5 PM)"),
                            ("Evening", "Evening (after 5 PM)"),
                        ],
                        default="any",
                        max_length=20,
                    ),
                ),
                ("name", models.CharField(max_length=100)),
                ("email", models.EmailField(max_length=254)),
                ("phone", models.CharField(max_length=30)),
                ("created_at", models.DateTimeField(db_index=True)),
                ("left_at", models.DateTimeField(blank=True, null=True)),
                (
                    "added_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="The staff member who added a caller; empty when the patient joined online.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "booking",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="waitlist_entry",
                        to="scheduling.booking",
                    ),
                ),
                (
                    "location",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="scheduling.location"
                    ),
                ),
                (
                    "service",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="scheduling.service"
                    ),
                ),
                (
                    "therapist",
                    models.ForeignKey(
                        blank=True,
                        help_text="Empty: any therapist.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        to="scheduling.therapist",
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "waitlist entries",
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.CreateModel(
            name="WaitlistOffer",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("salt", models.CharField(editable=False, max_length=64)),
                ("token_hash", models.CharField(editable=False, max_length=64, unique=True)),
                ("start", models.DateTimeField()),
                ("blocked_until", models.DateTimeField()),
                ("expires_at", models.DateTimeField()),
                (
                    "status",
                    models.CharField(
                        choices=[("open", "Offered"), ("booked", "Booked"), ("lapsed", "Lapsed")],
                        default="open",
                        max_length=20,
                    ),
                ),
                ("created_at", models.DateTimeField()),
                (
                    "entry",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offers",
                        to="scheduling.waitlistentry",
                    ),
                ),
                (
                    "therapist",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="scheduling.therapist"
                    ),
                ),
            ],
            options={
                "ordering": ["created_at", "pk"],
            },
        ),
        migrations.AddConstraint(
            model_name="waitlistentry",
            constraint=models.CheckConstraint(
                condition=models.Q(("last_day__gte", models.F("first_day"))),
                name="waitlist_days_in_order",
            ),
        ),
        migrations.AddConstraint(
            model_name="waitlistoffer",
            constraint=models.UniqueConstraint(
                fields=("entry", "therapist", "start"), name="waitlist_one_offer_per_time"
            ),
        ),
        migrations.RunPython(on_postgres(HOLD_ONCE), on_postgres(DROP_HOLD_ONCE)),
        migrations.RunPython(grant_to_groups, migrations.RunPython.noop),
    ]
