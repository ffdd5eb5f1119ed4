"""The log of what staff did on the patient records screen (who, when, what; never whose
details, so the log itself holds nothing an erasure should have removed)."""

from django.conf import settings
from django.db import models


class RecordRequest(models.Model):
    class Action(models.TextChoices):
        VIEWED = "viewed", "Viewed"
        EXPORTED = "exported", "Exported"
        ERASED = "erased", "Erased"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20, choices=Action)
    searched_by = models.CharField(max_length=10, help_text="Email or phone; not the value.")
    summary = models.TextField(help_text="What was found or erased, by record number.")
    with_intake = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-pk"]
        default_permissions = ()
        permissions = [
            ("view_patient_record", "Can find and export everything held about a person"),
            ("erase_patient_record", "Can erase a person's records"),
        ]
        verbose_name = "patient record"
        verbose_name_plural = "patient records"

    def __str__(self) -> str:
        return (
            f"{self.user} {self.get_action_display().lower()} a record at {self.at:%Y-%m-%d %H:%M}"
        )
