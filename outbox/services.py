"""Queue an email, retry what has not gone out, give up in the end, and staff's Retry.

Sending itself is outbox.delivery; this module hands emails to the task worker, always
through `_enqueue`, after the transaction that recorded them commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from itertools import batched

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from outbox import kinds
from outbox.delivery import lease, outbox_deliver, outbox_send
from outbox.models import OutgoingEmail
from outbox.tasks import send_emails

__all__ = [
    "RetryReport",
    "outbox_deliver",
    "outbox_enqueue_batch",
    "outbox_queue",
    "outbox_queue_batch",
    "outbox_retry",
    "outbox_retry_failed",
    "outbox_send",
]

Status = OutgoingEmail.Status
# Emails of one batch handed to one task: one SMTP connection for each fifty.
TASK_SIZE = 50


def _enqueue(email_ids: list[int]) -> None:
    """The one seam between services and the task worker."""
    transaction.on_commit(partial(send_emails.enqueue, email_ids))


def outbox_queue(
    *, kind: str, about: models.Model, recipient: str, supersede: bool = False
) -> OutgoingEmail:
    """Record an email and send it from the worker once this transaction commits.

    Call inside the transaction that saves what the email is about, so the email is
    recorded exactly when that is. `supersede`: an email of this kind about the same
    thing still waiting or failed is not needed any more (this one replaces it).
    """
    kinds.get(kind)  # an unknown kind fails here, not in the worker
    if supersede:
        OutgoingEmail.objects.filter(
            kind=kind,
            about_type=ContentType.objects.get_for_model(about),
            about_id=about.pk,
            status__in=[Status.PENDING, Status.FAILED],
        ).update(status=Status.OBSOLETE)
    email = OutgoingEmail.objects.create(kind=kind, about=about, recipient=recipient)
    _enqueue([email.pk])
    return email


def outbox_queue_batch(
    *, kind: str, batch: int, about_model: type[models.Model], recipients: Iterable[tuple]
) -> None:
    """Record one email per (about_id, address) as part of `batch`, at most once each
    however often this is called. Send them with `outbox_enqueue_batch` (the worker) or
    `outbox_send` (in this process)."""
    kinds.get(kind)
    about_type = ContentType.objects.get_for_model(about_model)
    OutgoingEmail.objects.bulk_create(
        [
            OutgoingEmail(
                kind=kind, batch=batch, about_type=about_type, about_id=pk, recipient=address
            )
            for pk, address in recipients
        ],
        batch_size=500,
        ignore_conflicts=True,
    )


def outbox_enqueue_batch(*, kind: str, batch: int) -> None:
    """Hand the batch's unsent emails to the worker, fifty to a task, after commit."""
    transaction.on_commit(partial(_enqueue_batch, kind, batch))


def _enqueue_batch(kind: str, batch: int) -> None:
    unsent = OutgoingEmail.objects.of_batch(kind, batch).unsent().order_by("pk")
    for ids in batched(unsent.values_list("pk", flat=True), TASK_SIZE, strict=False):
        send_emails.enqueue(list(ids))


@dataclass
class RetryReport:
    retried: int = 0
    gave_up: int = 0
    not_needed: int = 0


def _due(now: datetime) -> Q:
    """Failed sends, sends whose worker died (claim older than the lease), and emails
    still waiting after the lease (their task was lost, or their run stopped)."""
    expired = now - lease()
    return (
        Q(status=Status.FAILED)
        | Q(status=Status.SENDING, claimed_at__lt=expired)
        | Q(status=Status.PENDING, queued_at__lt=expired)
    )


def outbox_retry_failed(*, now: datetime | None = None, dry_run: bool = False) -> RetryReport:
    """Queue again each email that has not gone out, one task each, until its kind's
    give-up time; then mark it failed for good. One that no longer applies is marked so.

    Queuing one twice is harmless: only one run wins the claim.
    """
    now = now or timezone.now()
    run: dict = {}
    retry, give_up, not_needed = [], [], []
    due = OutgoingEmail.objects.filter(_due(now), kind__in=kinds.retried_automatically())
    for email in due.order_by("pk"):
        kind = kinds.get(email.kind)
        about = kind.about(email, run)
        if about is not None and now >= kind.give_up_at(email, about):
            give_up.append(email.pk)
        elif about is None or kind.no_longer_applies(email, about, now):
            not_needed.append(email.pk)
        else:
            retry.append(email.pk)
    report = RetryReport(retried=len(retry), gave_up=len(give_up), not_needed=len(not_needed))
    if dry_run:
        return report
    # `due` is checked again in each UPDATE: a worker may have won one meanwhile.
    due.filter(pk__in=give_up).update(status=Status.GAVE_UP)
    due.filter(pk__in=not_needed).update(status=Status.OBSOLETE, claimed_by="")
    for email_id in retry:
        _enqueue([email_id])
    return report


def outbox_retry(*, email_ids: list[int], now: datetime | None = None) -> int:
    """Staff's Retry: queue these emails again with a fresh give-up time, unless they
    went out, no longer apply, or a worker is sending them right now."""
    now = now or timezone.now()
    retryable = OutgoingEmail.objects.filter(pk__in=email_ids).filter(
        Q(status__in=[Status.FAILED, Status.GAVE_UP, Status.PENDING])
        | Q(status=Status.SENDING, claimed_at__lt=now - lease())
    )
    ids = list(retryable.values_list("pk", flat=True))
    OutgoingEmail.objects.filter(pk__in=ids).update(
        status=Status.PENDING, attempts=0, queued_at=now, claimed_at=None, claimed_by=""
    )
    for email_id in ids:
        _enqueue([email_id])
    return len(ids)
