"""Writing and sending issues.

Sending is resumable. Starting a send creates one Delivery per confirmed
subscriber in the same transaction that marks the issue "sending". Runs then
claim batches of pending deliveries with a conditional UPDATE (and
`SELECT ... FOR UPDATE SKIP LOCKED` where the database has it), so two runs
never claim the same row, and mark each one sent only after the mail server
accepted it. A run asked to stop (`should_stop`, which the command wires to
Ctrl-C and SIGTERM) finishes the message in flight and hands its other claims
back, as does a run the mail server refuses. A claim left by a process that was
killed outright is taken over after CLAIM_TIMEOUT; only the one message in
flight at that moment can go out twice, as SMTP cannot tell us if it arrived.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.mail import mailers
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from content.rendering import render_markdown
from newsletter import emails
from newsletter.models import Delivery, Issue, Subscriber

DEFAULT_BATCH_SIZE = 50
CLAIM_TIMEOUT = timedelta(minutes=10)


class SendInterrupted(Exception):
    """The mail server refused a message; nothing was lost, run the send again."""


@dataclass
class SendReport:
    sent: int = 0
    skipped: int = 0
    remaining: int = 0
    finished: bool = False
    stopped: bool = False
    dry_run: bool = False


def issue_save(*, issue: Issue) -> Issue:
    """Save a draft with its body rendered and sanitised like the articles."""
    if issue.pk and Issue.objects.exclude(status=Issue.Status.DRAFT).filter(pk=issue.pk).exists():
        raise ValueError("An issue that is being sent or was sent cannot be changed.")
    issue.body_html = render_markdown(issue.body).html
    issue.save()
    return issue


def issue_send_test(*, issue: Issue, to: str) -> None:
    """Send one copy marked [Test] to a member of staff; records nothing."""
    mailers.default.send_messages([emails.issue_email(issue, to=to, subscriber_id=None)])


def issue_enqueue_send(*, issue: Issue) -> None:
    """Start sending in the background (the task worker), once this transaction commits."""
    from newsletter.tasks import send_issue

    _start(issue)
    transaction.on_commit(lambda: send_issue.enqueue(issue.pk))


def _start(issue: Issue) -> None:
    """Fix the audience: one delivery per confirmed subscriber, created with the status change."""
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status == Issue.Status.DRAFT:
            Delivery.objects.bulk_create(
                [Delivery(issue=locked, subscriber_id=pk) for pk in _audience()],
                batch_size=500,
                ignore_conflicts=True,
            )
            locked.status = Issue.Status.SENDING
            locked.sending_started_at = timezone.now()
            locked.save(update_fields=["status", "sending_started_at"])
    issue.refresh_from_db()


def _audience():
    return Subscriber.objects.confirmed().order_by("pk").values_list("pk", flat=True)


def _claimable(issue: Issue) -> Q:
    stale = timezone.now() - CLAIM_TIMEOUT
    return Q(issue=issue) & (
        Q(status=Delivery.Status.PENDING) | Q(status=Delivery.Status.CLAIMED, claimed_at__lt=stale)
    )


def _claim_batch(issue: Issue, run_id: str, size: int) -> list[Delivery]:
    with transaction.atomic():
        candidates = Delivery.objects.filter(_claimable(issue)).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:size])
        # The condition is checked again in the UPDATE itself: a row another
        # run claimed in the meantime is not taken.
        Delivery.objects.filter(_claimable(issue), pk__in=ids).update(
            status=Delivery.Status.CLAIMED, claimed_by=run_id, claimed_at=timezone.now()
        )
    return list(
        Delivery.objects.filter(issue=issue, claimed_by=run_id, status=Delivery.Status.CLAIMED)
        .select_related("subscriber")
        .order_by("pk")
    )


def _release(issue: Issue, run_id: str) -> None:
    Delivery.objects.filter(issue=issue, claimed_by=run_id, status=Delivery.Status.CLAIMED).update(
        status=Delivery.Status.PENDING, claimed_by="", claimed_at=None
    )


def _remaining(issue: Issue) -> int:
    return Delivery.objects.filter(
        issue=issue, status__in=[Delivery.Status.PENDING, Delivery.Status.CLAIMED]
    ).count()


def issue_send(
    *,
    issue: Issue,
    batch_size: int = DEFAULT_BATCH_SIZE,
    dry_run: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
) -> SendReport:
    """Send an issue to everyone who has not had it yet; safe to run again at any time."""
    if dry_run:
        if issue.status == Issue.Status.DRAFT:
            return SendReport(remaining=_audience().count(), dry_run=True)
        return SendReport(remaining=_remaining(issue), dry_run=True)
    if issue.status == Issue.Status.SENT:
        return SendReport(finished=True)
    _start(issue)
    report = SendReport()
    # One copy with its featured articles loaded, rendered for every reader.
    issue = Issue.objects.with_featured().get(pk=issue.pk)
    run_id = uuid.uuid4().hex
    mailer = mailers.default
    try:
        with mailer:
            while not report.stopped and (batch := _claim_batch(issue, run_id, batch_size)):
                for delivery in batch:
                    if should_stop():
                        report.stopped = True
                        break
                    _send_one(issue, delivery, run_id, mailer, report)
    finally:
        _release(issue, run_id)
    report.remaining = _remaining(issue)
    if report.remaining == 0:
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=timezone.now()
        )
        issue.refresh_from_db()
        report.finished = True
    return report


def _send_one(issue: Issue, delivery: Delivery, run_id: str, mailer, report: SendReport) -> None:
    mine = Delivery.objects.filter(
        pk=delivery.pk, claimed_by=run_id, status=Delivery.Status.CLAIMED
    )
    # Renew the claim just before sending, and send only if it is still ours: a
    # slow mail server can make a batch outlast CLAIM_TIMEOUT, and another run
    # may then have taken the row over.
    if not mine.update(claimed_at=timezone.now()):
        return
    subscriber = Subscriber.objects.filter(pk=delivery.subscriber_id).first()
    if subscriber is None or subscriber.status != Subscriber.Status.CONFIRMED:
        mine.update(status=Delivery.Status.SKIPPED, claimed_by="")
        report.skipped += 1
        return
    message = emails.issue_email(issue, to=subscriber.email, subscriber_id=subscriber.pk)
    try:
        mailer.send_messages([message])
    except Exception as error:
        mine.update(
            status=Delivery.Status.PENDING,
            claimed_by="",
            claimed_at=None,
            attempts=F("attempts") + 1,
            last_error=str(error)[:300],
        )
        raise SendInterrupted(
            f"The mail server refused the message to subscriber {subscriber.pk}: {error}"
        ) from error
    mine.update(
        status=Delivery.Status.SENT,
        claimed_by="",
        sent_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    report.sent += 1
