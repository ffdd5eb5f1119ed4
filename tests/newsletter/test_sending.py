"""Sending an issue: one delivery each, in batches, resumable without repeats or gaps."""

from collections import Counter
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.mail import mailers
from django.core.management import call_command
from django.utils import timezone

from newsletter import services
from newsletter.models import Issue, Subscriber
from newsletter.services.issues import deliveries
from outbox.delivery import claim, lease
from outbox.models import OutgoingEmail
from outbox.services import outbox_retry_failed
from tests.newsletter.conftest import make_subscriber

Status = OutgoingEmail.Status


def _claim_batch(issue, run_id: str, size: int) -> list[OutgoingEmail]:
    return claim(emails=deliveries(issue), run_id=run_id, limit=size)


pytestmark = pytest.mark.django_db


@pytest.fixture
def members():
    return [make_subscriber(f"reader{n}@example.org") for n in range(7)]


def test_every_confirmed_subscriber_gets_the_issue_once_and_nobody_else(issue, members):
    make_subscriber("waiting@example.org", Subscriber.Status.PENDING)
    make_subscriber("left@example.org", Subscriber.Status.UNSUBSCRIBED)
    report = services.issue_send(issue=issue, batch_size=3)
    assert report.sent == 7
    assert report.finished
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert issue.sent_at is not None
    assert deliveries(issue).sent().count() == 7

    again = services.issue_send(issue=issue)
    assert again.sent == 0
    assert len(mail.outbox) == 7


def test_the_real_message_has_both_parts_absolute_links_and_one_click_headers(
    issue, members, settings
):
    settings.SITE_URL = "https://www.hwypt.example"
    services.issue_send(issue=issue)
    message = message_from_bytes(mail.outbox[0].message().as_bytes(), policy=policy.default)
    subscriber = Subscriber.objects.get(email=message["To"])

    assert message["Subject"] == "Walking in winter"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    https_url, mailto = (part.strip(" <>") for part in message["List-Unsubscribe"].split(","))
    assert https_url.startswith("https://www.hwypt.example/newsletter/unsubscribe/")
    assert mailto.startswith("mailto:")
    assert message.get_content_type() == "multipart/alternative"

    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert 'href="https://www.hwypt.example/articles/walking/"' in html
    assert 'src="https://www.hwypt.example/static/img/favicon.svg"' in html
    assert 'href="https://www.hwypt.example/articles/balance/"' in html
    assert "<script>" not in html
    assert f'href="{https_url}"' in html
    assert "https://www.hwypt.example/articles/walking/" in text
    assert https_url in text

    # The header's URL is the person's own: posting to it unsubscribes them.
    from django.test import Client

    Client(enforce_csrf_checks=True).post(https_url.removeprefix("https://www.hwypt.example"))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_a_send_refused_mid_batch_and_run_again_reaches_everyone_exactly_once(
    issue, members, smtp_server
):
    smtp_server.refuse_nth = 4  # the 4th message, in the middle of the 2nd batch of 3
    with pytest.raises(services.SendInterrupted):
        services.issue_send(issue=issue, batch_size=3)
    assert len(smtp_server.messages) == 3
    assert deliveries(issue).sent().count() == 3
    assert not deliveries(issue).filter(status=Status.SENDING).exists()
    refused = deliveries(issue).get(status=Status.FAILED)
    assert "Refused for the test" in refused.last_error
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING

    report = services.issue_send(issue=issue, batch_size=3)
    assert report.sent == 4
    assert report.finished
    received = Counter(smtp_server.recipients())
    assert received == Counter({m.email: 1 for m in members})
    assert deliveries(issue).get(attempts=2) == refused


def test_a_run_asked_to_stop_finishes_the_message_in_flight_and_the_next_run_the_rest(
    issue, members
):
    def after_three() -> bool:
        return len(mail.outbox) >= 3

    report = services.issue_send(issue=issue, batch_size=5, should_stop=after_three)
    assert (report.sent, report.stopped, report.remaining, report.finished) == (3, True, 4, False)
    assert not deliveries(issue).filter(status=Status.SENDING).exists()
    later = timezone.now() + lease() + timedelta(days=1)
    assert outbox_retry_failed(now=later).retried == 0  # a stopped send stays stopped
    assert len(mail.outbox) == 3
    assert services.issue_send(issue=issue, batch_size=5).finished
    assert Counter(m.to[0] for m in mail.outbox) == Counter({m.email: 1 for m in members})


def test_the_audience_is_fixed_when_sending_starts_and_leavers_are_skipped(issue, members):
    services.issue_enqueue_send  # noqa: B018 (the admin path is tested in test_admin)
    from newsletter.services.issues import _start

    _start(issue)
    make_subscriber("late@example.org")
    Subscriber.objects.filter(pk=members[0].pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    report = services.issue_send(issue=issue)
    assert report.sent == 6
    assert report.skipped == 1
    assert "late@example.org" not in [m.to[0] for m in mail.outbox]
    assert members[0].email not in [m.to[0] for m in mail.outbox]


def test_two_runs_never_claim_the_same_delivery(issue, members):
    from newsletter.services.issues import _start

    _start(issue)
    first = _claim_batch(issue, "run-a", 4)
    second = _claim_batch(issue, "run-b", 10)
    assert len(first) == 4
    assert len(second) == 3
    assert not {d.pk for d in first} & {d.pk for d in second}
    assert _claim_batch(issue, "run-c", 10) == []


def test_claims_left_by_a_process_that_died_are_taken_over_after_the_timeout(issue, members):
    from newsletter.services.issues import _start

    _start(issue)
    _claim_batch(issue, "dead-run", 10)
    assert services.issue_send(issue=issue).sent == 0
    OutgoingEmail.objects.update(claimed_at=timezone.now() - lease() - timedelta(seconds=1))
    assert services.issue_send(issue=issue).sent == 7
    assert Counter(m.to[0] for m in mail.outbox) == Counter({m.email: 1 for m in members})


def test_a_run_whose_claim_was_taken_over_sends_nothing_for_it(issue, members):
    """A batch that outlasted the claim timeout must not send what another run now owns."""
    from newsletter.services.issues import _start
    from outbox.delivery import RunReport, _send_one

    _start(issue)
    [slow] = _claim_batch(issue, "slow-run", 1)
    OutgoingEmail.objects.update(claimed_at=timezone.now() - lease() - timedelta(seconds=1))
    assert services.issue_send(issue=issue).sent == 7  # another run takes every row over
    report = RunReport()
    with mailers.default as mailer:
        _send_one(slow, "slow-run", mailer, report, {})
    assert report.sent == 0
    assert Counter(m.to[0] for m in mail.outbox) == Counter({m.email: 1 for m in members})


def test_dry_run_counts_and_writes_nothing(issue, members, capsys):
    call_command("send_newsletter", str(issue.pk), "--dry-run")
    assert "would go to 7 subscriber(s)" in capsys.readouterr().out
    issue.refresh_from_db()
    assert issue.status == Issue.Status.DRAFT
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_the_command_sends_in_batches_and_says_what_it_did(issue, members, capsys):
    call_command("send_newsletter", str(issue.pk), "--batch-size", "2")
    assert "sent 7, skipped 0 (unsubscribed); finished." in capsys.readouterr().out
    assert len(mail.outbox) == 7


def test_the_command_reports_a_refused_message_and_how_to_carry_on(issue, members, smtp_server):
    from django.core.management.base import CommandError

    smtp_server.refuse_nth = 1
    with pytest.raises(CommandError, match="Run the command again"):
        call_command("send_newsletter", str(issue.pk))
    call_command("send_newsletter", str(issue.pk))
    assert sorted(smtp_server.recipients()) == sorted(m.email for m in members)


def test_queries_grow_by_three_per_message(issue, members):
    """Renewing the claim, reading the subscriber afresh, marking it sent; nothing else."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_send(issue_to_send) -> int:
        with CaptureQueriesContext(connection) as context:
            services.issue_send(issue=issue_to_send, batch_size=100)
        return len(context)

    seven = queries_to_send(issue)
    for n in range(7, 14):
        make_subscriber(f"reader{n}@example.org")
    second = Issue.objects.create(subject="Second", body="Hello", body_html="<p>Hello</p>")
    fourteen = queries_to_send(second)
    assert fourteen - seven == 7 * 3
    print(f"queries: {seven} for 7 messages, {fourteen} for 14")


def test_send_in_the_admin_resumes_a_stopped_send_through_the_worker(
    issue, members, django_capture_on_commit_callbacks
):
    report = services.issue_send(issue=issue, should_stop=lambda: len(mail.outbox) >= 2)
    assert (report.sent, report.stopped) == (2, True)
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_enqueue_send(issue=issue)  # what "Send to all subscribers" calls
    assert Counter(m.to[0] for m in mail.outbox) == Counter({m.email: 1 for m in members})
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT  # marked by the outbox's after_sending hook
