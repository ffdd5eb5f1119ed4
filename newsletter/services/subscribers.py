"""Sign-up with double opt-in, confirmation, unsubscribing, and a person's data on request."""

import enum
from datetime import timedelta

from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from newsletter import tokens
from newsletter.addresses import normalise_email
from newsletter.consent import CONSENT_WORDING, hash_ip
from newsletter.models import Issue, Subscriber
from newsletter.services.confirmations import confirmation_queue

# A repeated sign-up of a waiting address re-sends the confirmation at most this often.
RESEND_INTERVAL = timedelta(hours=1)


def subscriber_sign_up(
    *, email: str, first_name: str = "", source: str = "", ip: str = ""
) -> Subscriber:
    """Record a sign-up and ask for confirmation.

    What the person sees must not depend on the outcome, so this never raises
    for a known address: a confirmed subscriber gets nothing, a waiting one gets
    the confirmation again (at most once an hour), someone who left starts over.
    """
    email = normalise_email(email)
    now = timezone.now()
    try:
        with transaction.atomic():
            subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
            if subscriber is None:
                subscriber = Subscriber.objects.create(
                    email=email,
                    first_name=first_name.strip(),
                    source=source,
                    consent_wording=CONSENT_WORDING,
                    ip_hash=hash_ip(ip),
                    signed_up_at=now,
                )
            elif subscriber.status == Subscriber.Status.UNSUBSCRIBED:
                # A fresh consent record; links from the earlier sign-up stop working.
                subscriber.status = Subscriber.Status.PENDING
                subscriber.first_name = first_name.strip()
                subscriber.source = source
                subscriber.consent_wording = CONSENT_WORDING
                subscriber.ip_hash = hash_ip(ip)
                subscriber.signed_up_at = now
                subscriber.confirmed_at = None
                subscriber.unsubscribed_at = None
                subscriber.save()
            if _should_send_confirmation(subscriber, now):
                confirmation_queue(subscriber=subscriber, now=now)
    except IntegrityError:
        # The same address signed up at the same moment in another request; that one wins.
        return Subscriber.objects.get(email__iexact=email)
    return subscriber


def _should_send_confirmation(subscriber: Subscriber, now) -> bool:
    if subscriber.status != Subscriber.Status.PENDING:
        return False
    last = subscriber.last_confirmation_sent_at
    return last is None or now - last >= RESEND_INTERVAL


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already-confirmed"
    EXPIRED = "expired"
    INVALID = "invalid"


def subscriber_for_confirm_token(token: str) -> tuple[ConfirmOutcome, Subscriber | None]:
    """What a confirmation link leads to, without changing anything."""
    try:
        claim = tokens.read_confirm_token(token)
    except tokens.ExpiredToken:
        return ConfirmOutcome.EXPIRED, None
    except tokens.InvalidToken:
        return ConfirmOutcome.INVALID, None
    subscriber = Subscriber.objects.filter(pk=claim.subscriber_id).first()
    if subscriber is None or int(subscriber.signed_up_at.timestamp()) != claim.signed_up_stamp:
        # Erased, or a link from before the person unsubscribed and signed up again.
        return ConfirmOutcome.INVALID, None
    if subscriber.status == Subscriber.Status.CONFIRMED:
        return ConfirmOutcome.ALREADY_CONFIRMED, subscriber
    if subscriber.status == Subscriber.Status.UNSUBSCRIBED:
        # A used link, followed again after unsubscribing: it does not resubscribe.
        return ConfirmOutcome.INVALID, None
    return ConfirmOutcome.CONFIRMED, subscriber


def subscriber_confirm(*, token: str) -> ConfirmOutcome:
    """Confirm the sign-up a link belongs to; using a link twice is harmless."""
    outcome, subscriber = subscriber_for_confirm_token(token)
    if outcome is ConfirmOutcome.CONFIRMED:
        updated = (
            Subscriber.objects.pending()
            .filter(pk=subscriber.pk)
            .update(status=Subscriber.Status.CONFIRMED, confirmed_at=timezone.now())
        )
        if not updated:
            return ConfirmOutcome.ALREADY_CONFIRMED
    return outcome


def subscriber_unsubscribe(*, subscriber_id: int) -> bool:
    """Stop all email to this person at once. True if they were on the list before."""
    return bool(
        Subscriber.objects.exclude(status=Subscriber.Status.UNSUBSCRIBED)
        .filter(pk=subscriber_id)
        .update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
    )


def subscriber_export(*, subscriber: Subscriber) -> dict:
    """Everything we hold about one person, for a data access request."""

    def when(value):
        return value.isoformat() if value else None

    outgoing = list(subscriber.emails.order_by("pk"))
    issues = Issue.objects.filter(pk__in=[email.batch for email in outgoing if email.batch])
    subjects = dict(issues.values_list("pk", "subject"))

    return {
        "email": subscriber.email,
        "first_name": subscriber.first_name,
        "status": subscriber.status,
        "signed_up_at": when(subscriber.signed_up_at),
        "source": subscriber.source,
        "consent_wording": subscriber.consent_wording,
        "ip_hash": subscriber.ip_hash,
        "confirmed_at": when(subscriber.confirmed_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "last_confirmation_sent_at": when(subscriber.last_confirmation_sent_at),
        "emails": [
            {
                "kind": email.get_kind_display(),
                "issue": subjects.get(email.batch, ""),
                "status": email.status,
                "sent_at": when(email.sent_at),
            }
            for email in outgoing
        ],
    }


@transaction.atomic
def subscriber_erase(*, subscriber: Subscriber, user) -> None:
    """Delete the person and the record of every email sent to them, on request.

    The admin history keeps that `user` did it, under the subscriber's number only.
    """
    number = subscriber.pk
    subscriber.delete()
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Subscriber),
        object_id=str(number),
        object_repr=f"Subscriber {number} (erased on request)",
        action_flag=DELETION,
        change_message="Erased on the person's request, with the record of their emails.",
    )


def subscriber_purge_unconfirmed(*, days: int, dry_run: bool = False) -> int:
    """Delete sign-ups never confirmed within `days` days; returns how many."""
    stale = Subscriber.objects.unconfirmed_since(timezone.now() - timedelta(days=days))
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count
