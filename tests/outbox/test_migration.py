"""The emails already in the three old places move into the outbox, and keep going out."""

import pytest
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from newsletter.models import Issue, Subscriber
from outbox.models import OutgoingEmail
from outbox.services import outbox_retry_failed
from tests.scheduling.conftest import book, clinic, first_slot, service, therapist  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("scheduling", "0009_therapist_updated_at"),
    ("newsletter", "0004_featured_article_link_only"),
]
AFTER = [("scheduling", "0010_booking_emails_in_outbox"), ("newsletter", "0005_emails_in_outbox")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Today's code (the retry run, the next test) needs today's schema, not AFTER's."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_booking_emails_confirmations_and_deliveries_move_and_are_retried(
    service,  # noqa: F811 (the fixtures imported above)
    therapist,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    booking = book(service, therapist, first_slot(service, therapist).start)
    issue = Issue.objects.create(subject="Walking in winter", body="Hi", body_html="<p>Hi</p>")
    OutgoingEmail.objects.all().delete()
    mail.outbox.clear()
    apps = migrate(BEFORE)
    try:
        apps.get_model("scheduling", "BookingEmail").objects.create(
            booking_id=booking.pk, kind="confirmation", status="failed", attempts=3,
            last_error="ConnectionRefusedError", queued_at=timezone.now(),
        )  # fmt: skip
        old_subscriber = apps.get_model("newsletter", "Subscriber")
        waiting = old_subscriber.objects.create(
            email="ann@example.org", consent_wording="w", confirmation_status="failed",
            confirmation_attempts=2, confirmation_error="SMTPServerDisconnected",
            last_confirmation_sent_at=timezone.now(),
        )  # fmt: skip
        reader = old_subscriber.objects.create(
            email="bob@example.org", consent_wording="w", status="confirmed"
        )
        apps.get_model("newsletter", "Issue").objects.filter(pk=issue.pk).update(status="sending")
        delivery = apps.get_model("newsletter", "Delivery")
        delivery.objects.create(issue_id=issue.pk, subscriber=reader, status="pending")
    finally:
        migrate(AFTER)

    moved = {email.kind: email for email in OutgoingEmail.objects.all()}
    assert set(moved) == {"booking_confirmation", "newsletter_confirmation", "newsletter_issue"}
    confirmation = moved["booking_confirmation"]
    assert (confirmation.about, confirmation.recipient) == (booking, booking.patient_email)
    assert (confirmation.status, confirmation.attempts) == ("failed", 3)
    assert confirmation.last_error == "ConnectionRefusedError"
    sign_up = moved["newsletter_confirmation"]
    assert (sign_up.about_id, sign_up.status, sign_up.attempts) == (waiting.pk, "failed", 2)
    assert sign_up.last_error == "SMTPServerDisconnected"
    copy = moved["newsletter_issue"]
    assert (copy.about_id, copy.batch, copy.status) == (reader.pk, issue.pk, "pending")
    assert not any(f.name.startswith("confirmation_") for f in Subscriber._meta.fields)

    # They are live outbox rows: the failed ones go out on the next retry run.
    migrate_to_latest()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry_failed().retried == 2
    received = sorted(m.to[0] for m in mail.outbox)
    assert received == sorted(["ann@example.org", booking.patient_email])

    # And back: the old tables and columns hold them again.
    apps = migrate(BEFORE)
    try:
        [old] = apps.get_model("scheduling", "BookingEmail").objects.all()
        assert (old.kind, old.status, old.attempts) == ("confirmation", "sent", 4)
        ann = apps.get_model("newsletter", "Subscriber").objects.get(email="ann@example.org")
        assert (ann.confirmation_status, ann.confirmation_attempts) == ("sent", 3)
        [back] = apps.get_model("newsletter", "Delivery").objects.all()
        assert (back.subscriber_id, back.issue_id, back.status) == (reader.pk, issue.pk, "pending")
    finally:
        migrate_to_latest()
