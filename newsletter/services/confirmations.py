"""The sign-up confirmation email: queued with the sign-up, claimed before it is sent,
retried by `manage.py retry_confirmations` (cron) while the mail server is down.

The same design as booking emails (scheduling.services.emails.email_deliver), with the
state on the subscriber row, since a person has at most one confirmation outstanding.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import mailers
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from newsletter import emails
from newsletter.models import Subscriber

# Keep retrying a confirmation for this long after it was asked for, so a mail
# outage of hours or a weekend still ends with the email sent (the link itself
# works for NEWSLETTER_CONFIRM_MAX_AGE, a week by default).
RETRY_FOR = timedelta(days=3)
Status = Subscriber.ConfirmationStatus


def confirmation_queue(*, subscriber: Subscriber, now: datetime) -> None:
    """Record that a confirmation must go out, and hand it to the worker after commit.

    Call inside the transaction that saves the sign-up, so the email is recorded
    exactly when the sign-up is.
    """
    from newsletter.tasks import send_confirmation

    subscriber.last_confirmation_sent_at = now
    subscriber.confirmation_status = Status.PENDING
    subscriber.confirmation_attempts = 0
    subscriber.confirmation_error = ""
    subscriber.save(
        update_fields=[
            "last_confirmation_sent_at",
            "confirmation_status",
            "confirmation_attempts",
            "confirmation_error",
        ]
    )
    transaction.on_commit(partial(send_confirmation.enqueue, subscriber.pk))


def _claim(subscriber_id: int, now: datetime) -> bool:
    """Take the email for this worker; False if it is sent, not needed any more (the
    person confirmed, left or was erased) or another worker holds it."""
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    sendable = Q(confirmation_status__in=[Status.PENDING, Status.FAILED]) | Q(
        confirmation_status=Status.SENDING, confirmation_claimed_at__lt=expired
    )
    claimed = (
        Subscriber.objects.pending()
        .filter(sendable, pk=subscriber_id)
        .update(
            confirmation_status=Status.SENDING,
            confirmation_claimed_at=now,
            confirmation_attempts=F("confirmation_attempts") + 1,
        )
    )
    return claimed == 1


def confirmation_deliver(*, subscriber_id: int) -> bool:
    """Send the confirmation at least once, and twice only if the worker dies between
    the SMTP server's "accepted" and the "sent" update (see email_deliver)."""
    if not _claim(subscriber_id, now := timezone.now()):
        return False
    subscriber = Subscriber.objects.get(pk=subscriber_id)
    ours = Subscriber.objects.filter(pk=subscriber_id, confirmation_claimed_at=now)
    try:
        mailers.default.send_messages([emails.confirmation_email(subscriber)])
    except Exception as error:
        ours.update(
            confirmation_status=Status.FAILED,
            confirmation_error=f"{type(error).__name__}: {error}"[:300],
        )
        return False
    ours.update(confirmation_status=Status.SENT, confirmation_error="")
    return True


def confirmation_retry_failed(*, now: datetime | None = None, dry_run: bool = False) -> int:
    """Queue again, for up to RETRY_FOR after the sign-up, the confirmations of people
    still waiting that have not gone out: failed sends, sends whose worker died (claim older than
    EMAIL_SEND_LEASE), and ones still waiting after the lease (their task was lost).

    Queuing one twice is harmless: only one task wins the claim.
    """
    from newsletter.tasks import send_confirmation

    now = now or timezone.now()
    expired = now - timedelta(seconds=settings.EMAIL_SEND_LEASE)
    due = (
        Q(confirmation_status=Status.FAILED)
        | Q(confirmation_status=Status.SENDING, confirmation_claimed_at__lt=expired)
        | Q(confirmation_status=Status.PENDING, last_confirmation_sent_at__lt=expired)
    )
    ids = list(
        Subscriber.objects.pending()
        .filter(due, last_confirmation_sent_at__gte=now - RETRY_FOR)
        .values_list("pk", flat=True)
    )
    if not dry_run:
        for subscriber_id in ids:
            transaction.on_commit(partial(send_confirmation.enqueue, subscriber_id))
    return len(ids)
