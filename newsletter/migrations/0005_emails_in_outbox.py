"""Newsletter emails move to the outbox (one model for every email the site sends).

A subscriber's confirmation email (four columns on Subscriber) and each Delivery of an
issue become OutgoingEmail rows about the subscriber, an issue's with the issue's id as
their batch. Reversible: the rows go back.
"""

from django.db import migrations
from django.utils import timezone

CONFIRMATION, ISSUE = "newsletter_confirmation", "newsletter_issue"
DELIVERY_STATUS = {
    "pending": "pending",
    "claimed": "sending",
    "sent": "sent",
    "skipped": "obsolete",
}
# Back from the outbox: what Delivery and the confirmation columns can say.
OLD_DELIVERY_STATUS = {"sending": "claimed", "sent": "sent", "obsolete": "skipped"}
OLD_CONFIRMATION_STATUS = {"obsolete": "sent", "gave_up": "failed"}


def subscriber_type(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.get_or_create(app_label="newsletter", model="subscriber")[0]


def to_outbox(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    Delivery = apps.get_model("newsletter", "Delivery")
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    about_type = subscriber_type(apps)
    rows = []
    for subscriber in Subscriber.objects.exclude(confirmation_status="").order_by("pk"):
        asked = subscriber.last_confirmation_sent_at or subscriber.signed_up_at
        rows.append(
            OutgoingEmail(
                kind=CONFIRMATION,
                recipient=subscriber.email,
                about_type=about_type,
                about_id=subscriber.pk,
                status=subscriber.confirmation_status,
                attempts=subscriber.confirmation_attempts,
                last_error=subscriber.confirmation_error,
                created_at=asked,
                queued_at=asked,
                claimed_at=subscriber.confirmation_claimed_at,
                sent_at=asked if subscriber.confirmation_status == "sent" else None,
            )
        )
    for delivery in Delivery.objects.select_related("issue", "subscriber").order_by("pk"):
        started = delivery.issue.sending_started_at or timezone.now()
        rows.append(
            OutgoingEmail(
                kind=ISSUE,
                batch=delivery.issue_id,
                recipient=delivery.subscriber.email,
                about_type=about_type,
                about_id=delivery.subscriber_id,
                status=DELIVERY_STATUS[delivery.status],
                attempts=delivery.attempts,
                last_error=delivery.last_error,
                created_at=started,
                queued_at=started,
                claimed_by=delivery.claimed_by,
                claimed_at=delivery.claimed_at,
                sent_at=delivery.sent_at,
            )
        )
    OutgoingEmail.objects.bulk_create(rows, batch_size=500)


def from_outbox(apps, schema_editor):
    Subscriber = apps.get_model("newsletter", "Subscriber")
    Delivery = apps.get_model("newsletter", "Delivery")
    OutgoingEmail = apps.get_model("outbox", "OutgoingEmail")
    moved = OutgoingEmail.objects.filter(about_type=subscriber_type(apps))
    for email in moved.filter(kind=CONFIRMATION).order_by("pk"):  # the latest wins
        Subscriber.objects.filter(pk=email.about_id).update(
            confirmation_status=OLD_CONFIRMATION_STATUS.get(email.status, email.status),
            confirmation_attempts=email.attempts,
            confirmation_error=email.last_error[:300],
            confirmation_claimed_at=email.claimed_at,
        )
    Delivery.objects.bulk_create(
        [
            Delivery(
                issue_id=email.batch,
                subscriber_id=email.about_id,
                status=OLD_DELIVERY_STATUS.get(email.status, "pending"),
                claimed_by=email.claimed_by,
                claimed_at=email.claimed_at,
                sent_at=email.sent_at,
                attempts=email.attempts,
                last_error=email.last_error[:300],
            )
            for email in moved.filter(kind=ISSUE).order_by("pk")
        ],
        batch_size=500,
    )
    moved.filter(kind__in=[CONFIRMATION, ISSUE]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("newsletter", "0004_featured_article_link_only"),
        ("outbox", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(to_outbox, from_outbox),
        migrations.RemoveField(model_name="subscriber", name="confirmation_status"),
        migrations.RemoveField(model_name="subscriber", name="confirmation_claimed_at"),
        migrations.RemoveField(model_name="subscriber", name="confirmation_attempts"),
        migrations.RemoveField(model_name="subscriber", name="confirmation_error"),
        migrations.DeleteModel(name="Delivery"),
    ]
