"""The table of the default cache (Django's DatabaseCache) when REDIS_URL is unset.

`migrate` is then all a new server needs. After switching from Redis to no Redis,
run `manage.py createcachetable` once (it is safe to run again).
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
