"""The two staff groups: the front desk runs the schedule, clinicians also read intake."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FRONT_DESK = [
    "view_booking",
    "change_booking",
    "view_bookingemail",
    "view_therapist",
    "change_therapist",
    "view_workinghours",
    "add_workinghours",
    "change_workinghours",
    "delete_workinghours",
    "view_timeoff",
    "add_timeoff",
    "change_timeoff",
    "delete_timeoff",
    "view_closure",
    "add_closure",
    "change_closure",
    "view_service",
    "view_location",
    "view_bookingrules",
    "change_bookingrules",
]
CLINICIANS = [*FRONT_DESK, "view_intake"]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("Front desk", FRONT_DESK), ("Clinicians", CLINICIANS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="scheduling", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Front desk", "Clinicians"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("scheduling", "0002_no_double_booking"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
