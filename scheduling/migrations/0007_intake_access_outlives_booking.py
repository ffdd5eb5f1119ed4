"""The intake access log keeps its rows when a booking is deleted."""

import django.db.models.deletion
from django.db import migrations, models


def copy_from_booking(apps, schema_editor):
    IntakeAccess = apps.get_model("scheduling", "IntakeAccess")
    for entry in IntakeAccess.objects.select_related("booking"):
        entry.booking_number = entry.booking_id
        entry.patient_name = entry.booking.patient_name
        entry.save(update_fields=["booking_number", "patient_name"])


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0006_email_give_up")]

    operations = [
        migrations.AddField(
            model_name="intakeaccess",
            name="booking_number",
            field=models.PositiveIntegerField(
                default=0, help_text="The booking's id, kept if deleted."
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="intakeaccess",
            name="patient_name",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.RunPython(copy_from_booking, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="intakeaccess",
            name="booking",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="intake_views",
                to="scheduling.booking",
            ),
        ),
    ]
