"""pg_trgm for typo-tolerant search (nothing on SQLite), and synonyms for Content editors."""

from django.contrib.auth.management import create_permissions
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

GROUP = "Content editors"
PERMISSIONS = [
    "add_searchsynonym", "change_searchsynonym", "delete_searchsynonym", "view_searchsynonym",
]  # fmt: skip


def grant(apps, schema_editor):
    content = apps.get_app_config("content")
    content.models_module = True
    create_permissions(content, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="content", codename__in=PERMISSIONS)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*Permission.objects.filter(codename__in=PERMISSIONS))


class Migration(migrations.Migration):
    dependencies = [("content", "0005_review_dates_references_synonyms")]

    operations = [TrigramExtension(), migrations.RunPython(grant, revoke)]
