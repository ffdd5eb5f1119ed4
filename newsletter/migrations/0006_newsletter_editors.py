"""Sending an issue is its own permission, and the "Newsletter editors" group has it.

Editors write, preview, test and send issues and pick the featured articles (which
needs viewing articles, for the picker); they never see the subscribers' list.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Newsletter editors"
PERMISSIONS = {
    "newsletter": [
        "add_issue", "change_issue", "delete_issue", "view_issue", "send_issue",
        "add_featuredarticle", "change_featuredarticle", "delete_featuredarticle",
        "view_featuredarticle",
    ],
    "content": ["view_article"],
}  # fmt: skip


def create_group(apps, schema_editor):
    # Permissions are normally created after migrations; make sure they exist now.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    for label, codenames in PERMISSIONS.items():
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=label, codename__in=codenames)
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0005_emails_in_outbox"),
        ("content", "0007_topic_old_slugs"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="issue",
            options={
                "ordering": ["-created_at"],
                "permissions": [("send_issue", "Can send an issue to all subscribers")],
            },
        ),
        migrations.RunPython(create_group, remove_group),
    ]
