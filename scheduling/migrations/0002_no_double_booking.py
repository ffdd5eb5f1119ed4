"""No double booking, enforced by PostgreSQL itself.

An exclusion constraint refuses two active bookings of one therapist whose
[start, blocked_until) ranges overlap (blocked_until is the end plus the
buffer). SQLite has no such constraint: there `booking_create` re-checks
inside an IMMEDIATE transaction, which holds the write lock.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CREATE = """
ALTER TABLE scheduling_booking ADD CONSTRAINT booking_no_overlap
EXCLUDE USING gist (
    therapist_id WITH =,
    tstzrange(start, blocked_until, '[)') WITH &&
) WHERE (status <> 'cancelled')
"""
DROP = "ALTER TABLE scheduling_booking DROP CONSTRAINT booking_no_overlap"


def on_postgres(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(on_postgres(CREATE), on_postgres(DROP)),
    ]
