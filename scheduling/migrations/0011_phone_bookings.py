"""Phone bookings: a caller may have no email, and the front desk may book for them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

GROUPS = ["Front desk", "Clinicians"]


def grant_add_booking_to_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    add_booking = Permission.objects.filter(
        content_type__app_label="scheduling", codename="add_booking"
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*add_booking)


def revoke_add_booking_from_groups(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="scheduling", codename="add_booking")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0010_booking_emails_in_outbox"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.AlterField(
            model_name="booking",
            name="patient_email",
            field=models.EmailField(blank=True, max_length=254),
        ),
        migrations.RunPython(grant_add_booking_to_groups, revoke_add_booking_from_groups),
    ]
