"""One row per outgoing email, of every kind: the outbox."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from outbox import kinds


class OutgoingEmailQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=OutgoingEmail.Status.SENT)

    def unsent(self):
        """Still to go out: waiting, being sent, or failed and to be retried."""
        Status = OutgoingEmail.Status
        return self.filter(status__in=[Status.PENDING, Status.SENDING, Status.FAILED])

    def of_batch(self, kind: str, batch: int):
        return self.filter(kind=kind, batch=batch)


class OutgoingEmail(models.Model):
    """An email to one person, claimed before it is sent so it goes out once."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed, will be retried"
        # Still failing after its kind's retry period: staff should contact the person.
        GAVE_UP = "gave_up", "Failed for good"
        # Not sent because it no longer applied (a reminder for a cancelled booking).
        OBSOLETE = "obsolete", "Not needed any more"

    kind = models.CharField(max_length=40, choices=kinds.choices)
    recipient = models.EmailField(max_length=254)
    # What it is about (a booking, a subscriber); deleting that deletes its emails.
    about_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    about_id = models.PositiveBigIntegerField()
    about = GenericForeignKey("about_type", "about_id")
    # The send it is part of, when one send has many emails (a newsletter issue's id).
    batch = models.PositiveBigIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    # Retries go on until the kind's give-up time counted from here; Retry resets it.
    queued_at = models.DateTimeField(default=timezone.now)
    # Which run holds it and since when: a claim older than EMAIL_SEND_LEASE died with
    # its worker and may be taken over.
    claimed_by = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outgoing email"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["about_type", "about_id"], name="outbox_about"),
            models.Index(fields=["kind", "batch", "status"], name="outbox_batch_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "batch", "about_type", "about_id"],
                condition=models.Q(batch__isnull=False),
                name="outbox_once_per_batch",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}: {self.get_status_display()}"
