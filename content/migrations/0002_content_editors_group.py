"""The "Content editors" group: write and publish articles, upload pictures.

Editors may add and change articles, pictures and similar-post links, and
view topics and people. They cannot delete articles (unpublish instead) or
touch bookings, users or the newsletter.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Content editors"
PERMISSIONS = [
    "add_article", "change_article", "view_article",
    "add_articleimage", "change_articleimage", "view_articleimage",
    "add_relatedarticle", "change_relatedarticle", "delete_relatedarticle", "view_relatedarticle",
    "view_oldslug", "delete_oldslug",
    "view_topic", "view_person",
]  # fmt: skip


def create_group(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    content = apps.get_app_config("content")
    content.models_module = True
    create_permissions(content, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="content", codename__in=PERMISSIONS)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
