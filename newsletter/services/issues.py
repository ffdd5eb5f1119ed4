"""Writing and sending issues.

Sending is resumable. Starting a send records one outgoing email per confirmed
subscriber (kind "newsletter issue", the issue's id as its batch) in the same
transaction that marks the issue "sending". The outbox then sends them: the admin's
"Send" hands them to the task worker, `send_newsletter` sends them in its own process,
batch by batch. Either way each one is claimed before it is sent, so two runs never
send the same one, and marked sent only after the mail server accepted it (see
outbox.delivery). A run asked to stop (`should_stop`, which the command wires to
Ctrl-C and SIGTERM) finishes the message in flight and hands its other claims back,
as does a run the mail server refuses. A claim left by a process that was killed
outright is taken over after EMAIL_SEND_LEASE; only the one message in flight at that
moment can go out twice, as SMTP cannot tell us if it arrived.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.mail import mailers
from django.db import transaction
from django.utils import timezone

from content.rendering import render_markdown
from newsletter import emails
from newsletter.models import Issue, Subscriber
from outbox import kinds
from outbox.models import OutgoingEmail
from outbox.services import outbox_enqueue_batch, outbox_queue_batch, outbox_send

DEFAULT_BATCH_SIZE = 50
ISSUE = "newsletter_issue"


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
    _start(issue)
    outbox_enqueue_batch(kind=ISSUE, batch=issue.pk)


def _start(issue: Issue) -> None:
    """Fix the audience: one email per confirmed subscriber, recorded with the status change."""
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status == Issue.Status.DRAFT:
            outbox_queue_batch(
                kind=ISSUE, batch=locked.pk, about_model=Subscriber, recipients=_audience()
            )
            locked.status = Issue.Status.SENDING
            locked.sending_started_at = timezone.now()
            locked.save(update_fields=["status", "sending_started_at"])
    issue.refresh_from_db()


def _audience():
    return Subscriber.objects.confirmed().order_by("pk").values_list("pk", "email")


def deliveries(issue: Issue):
    """The issue's outgoing emails, one per subscriber in its audience."""
    return OutgoingEmail.objects.of_batch(ISSUE, issue.pk)


def _remaining(issue: Issue) -> int:
    return deliveries(issue).unsent().count()


def _finish_if_done(issue_id: int) -> bool:
    if OutgoingEmail.objects.of_batch(ISSUE, issue_id).unsent().exists():
        return False
    Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).update(
        status=Issue.Status.SENT, sent_at=timezone.now()
    )
    return True


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
    run = outbox_send(emails=deliveries(issue), batch_size=batch_size, should_stop=should_stop)
    report = SendReport(sent=run.sent, skipped=run.skipped, stopped=run.stopped)
    report.remaining = _remaining(issue)
    report.finished = _finish_if_done(issue.pk)
    issue.refresh_from_db()
    if run.error:
        raise SendInterrupted(f"The mail server refused a message: {run.error}")
    return report


class IssueDeliveryKind(kinds.EmailKind):
    """An issue to one subscriber; the batch is the issue's id."""

    name = ISSUE
    label = "Newsletter issue"
    permission = "newsletter.view_subscriber"
    # Resumed by running the send again (`send_newsletter`, or "Send" in the admin).
    retry_automatically = False

    def about(self, email, run):
        # Read afresh before each message: someone may unsubscribe during the send.
        return Subscriber.objects.filter(pk=email.about_id).first()

    def no_longer_applies(self, email, about, now):
        return about.status != Subscriber.Status.CONFIRMED  # unsubscribed since it began

    def build(self, email, about, run):
        # One copy with its featured articles loaded, rendered for every reader of the run.
        key = (ISSUE, email.batch)
        if key not in run:
            run[key] = Issue.objects.with_featured().get(pk=email.batch)
        return emails.issue_email(run[key], to=about.email, subscriber_id=about.pk)

    def after_sending(self, outgoing):
        for issue_id in {email.batch for email in outgoing}:
            _finish_if_done(issue_id)


kinds.register(IssueDeliveryKind())
