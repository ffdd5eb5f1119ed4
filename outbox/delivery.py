"""Claim, send, mark sent: the one way every email leaves the site.

A run claims emails (status "sending", its run id and the time, committed) before any
SMTP conversation, renews the claim just before each message, sends only if the claim
is still its own, and marks the email "sent" right after the server accepts it, so:
- two runs for the same email (a retry queued twice, two workers) never send it twice:
  only one wins the claim (a conditional UPDATE, and `SELECT ... FOR UPDATE SKIP LOCKED`
  where the database has it), and a sent email is never claimed again;
- a worker killed mid-send leaves the email "sending"; once EMAIL_SEND_LEASE has passed,
  `retry_emails` (cron) queues it again and the next worker sends it;
- a run asked to stop, or one the mail server refuses, finishes the message in flight and
  hands its other claims back at once;
- the one duplicate left is a worker that dies after the SMTP server replied "250
  accepted" and before the "sent" UPDATE commits: SMTP gives no way to ask the server
  whether it already has the message, so that email goes twice.

Nothing here queues tasks (outbox.services does), so the task module can call this.
"""

import contextlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from outbox import kinds
from outbox.models import OutgoingEmail

Status = OutgoingEmail.Status


@dataclass
class RunReport:
    sent: int = 0
    skipped: int = 0  # no longer applied
    stopped: bool = False  # should_stop() said so
    error: str = ""  # the failure that ended the run, if one did


def lease() -> timedelta:
    return timedelta(seconds=settings.EMAIL_SEND_LEASE)


def sendable(now: datetime) -> Q:
    """Waiting or failed, or claimed by a run that has not renewed its claim within the lease."""
    return Q(status__in=[Status.PENDING, Status.FAILED]) | Q(
        status=Status.SENDING, claimed_at__lt=now - lease()
    )


def claim(*, emails: QuerySet, run_id: str, limit: int | None = None) -> list[OutgoingEmail]:
    """Take up to `limit` of these emails for this run; never one another run holds."""
    now = timezone.now()
    with transaction.atomic():
        candidates = emails.filter(sendable(now)).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        # The condition is checked again in the UPDATE itself: a row another run
        # claimed in the meantime is not taken.
        OutgoingEmail.objects.filter(sendable(now), pk__in=ids).update(
            status=Status.SENDING, claimed_by=run_id, claimed_at=now
        )
    return list(
        OutgoingEmail.objects.filter(pk__in=ids, claimed_by=run_id, status=Status.SENDING)
        .select_related("about_type")
        .order_by("pk")
    )


def release(run_id: str) -> None:
    """Hand back what this run claimed and did not send, for the next run."""
    OutgoingEmail.objects.filter(claimed_by=run_id, status=Status.SENDING).update(
        status=Status.PENDING, claimed_by="", claimed_at=None
    )


def outbox_send(
    *,
    emails: QuerySet,
    batch_size: int | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunReport:
    """Send these emails, `batch_size` claims at a time, over one connection, until none
    is left, one fails (the rest wait for the next run) or `should_stop()` is true."""
    run_id = uuid.uuid4().hex
    report, run, tried = RunReport(), {}, []
    mailer = mailers.default
    try:
        _open(mailer)
        while not (report.stopped or report.error) and (
            batch := claim(emails=emails, run_id=run_id, limit=batch_size)
        ):
            for email in batch:
                if should_stop():
                    report.stopped = True
                    break
                tried.append(email)
                if not _send_one(email, run_id, mailer, report, run):
                    break
    finally:
        release(run_id)
        mailer.close()
    for name in {email.kind for email in tried}:
        kinds.get(name).after_sending([email for email in tried if email.kind == name])
    return report


def outbox_deliver(*, email_id: int) -> bool:
    """Send one email unless it went out already; True if it is sent."""
    outbox_send(emails=OutgoingEmail.objects.filter(pk=email_id))
    return OutgoingEmail.objects.filter(pk=email_id, status=Status.SENT).exists()


def _open(mailer) -> None:
    """Open the connection the run shares; if the server is not there, the first send
    says so and is recorded as that email's failure."""
    with contextlib.suppress(Exception):
        mailer.open()


def _send_one(email: OutgoingEmail, run_id: str, mailer, report: RunReport, run: dict) -> bool:
    """False if the mail server refused it (the run should stop)."""
    mine = OutgoingEmail.objects.filter(pk=email.pk, claimed_by=run_id, status=Status.SENDING)
    now = timezone.now()
    # Renew the claim just before sending, and send only if it is still ours: a slow
    # mail server can make a batch outlast the lease, and another run may have taken over.
    if not mine.update(claimed_at=now, attempts=F("attempts") + 1):
        return True
    kind = kinds.get(email.kind)
    about = kind.about(email, run)
    if about is None or kind.no_longer_applies(email, about, now):
        mine.update(status=Status.OBSOLETE, claimed_by="")
        report.skipped += 1
        return True
    try:
        mailer.send_messages([kind.build(email, about, run)])
    except Exception as error:
        report.error = f"{type(error).__name__}: {error}"[:500]
        mine.update(status=Status.FAILED, claimed_by="", last_error=report.error)
        return False
    mine.update(status=Status.SENT, claimed_by="", sent_at=timezone.now(), last_error="")
    report.sent += 1
    return True
