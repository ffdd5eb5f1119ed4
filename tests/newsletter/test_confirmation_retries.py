"""A sign-up's confirmation survives a mail outage: it is recorded with the sign-up,
claimed before it is sent, and queued again by `retry_confirmations` (cron)."""

import asyncio
import io
import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Subscriber
from newsletter.services import confirmation_deliver, confirmation_retry_failed
from newsletter.services.confirmations import RETRY_FOR
from tests.newsletter.conftest import Inbox

pytestmark = pytest.mark.django_db
Status = Subscriber.ConfirmationStatus


def sign_up(client, on_commit, email="ann@example.org"):
    with on_commit():
        return client.post(reverse("newsletter:sign-up"), {"email": email, "source": "home"})


def retry(on_commit) -> str:
    out = io.StringIO()
    with on_commit():
        call_command("retry_confirmations", stdout=out)
    return out.getvalue()


@pytest.fixture
def stopped_smtp(settings):
    """The site's mailer pointed at a loopback port where no SMTP server listens yet."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, loop=asyncio.new_event_loop())
    started = []
    inbox.start = lambda: started.append(controller.start())
    yield inbox
    if started:
        controller.stop()


def test_with_the_mail_server_down_the_sign_up_succeeds_and_the_email_waits(
    client, on_commit, stopped_smtp
):
    response = sign_up(client, on_commit)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check-email")
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmation_status == Status.FAILED
    assert "ConnectionRefusedError" in subscriber.confirmation_error

    stopped_smtp.start()
    assert "Confirmation emails retried: 1." in retry(on_commit)
    assert stopped_smtp.recipients() == ["ann@example.org"]
    subscriber.refresh_from_db()
    assert (subscriber.confirmation_status, subscriber.confirmation_attempts) == (Status.SENT, 2)
    assert subscriber.confirmation_error == ""

    assert "Confirmation emails retried: 0." in retry(on_commit)
    assert len(stopped_smtp.messages) == 1


def test_a_second_task_for_a_sent_confirmation_sends_nothing(client, on_commit):
    sign_up(client, on_commit)
    subscriber = Subscriber.objects.get()
    assert confirmation_deliver(subscriber_id=subscriber.pk) is False
    assert len(mail.outbox) == 1


def test_a_confirmation_a_live_worker_is_sending_is_left_alone(client, on_commit):
    sign_up(client, on_commit)
    Subscriber.objects.update(
        confirmation_status=Status.SENDING, confirmation_claimed_at=timezone.now()
    )
    assert confirmation_deliver(subscriber_id=Subscriber.objects.get().pk) is False
    assert confirmation_retry_failed() == 0
    assert len(mail.outbox) == 1


def test_a_confirmation_whose_worker_died_or_task_was_lost_goes_out_after_the_lease(
    client, on_commit, settings
):
    sign_up(client, on_commit, "died@example.org")
    sign_up(client, on_commit, "lost@example.org")
    mail.outbox.clear()
    long_ago = timezone.now() - timedelta(seconds=settings.EMAIL_SEND_LEASE + 1)
    Subscriber.objects.filter(email="died@example.org").update(
        confirmation_status=Status.SENDING, confirmation_claimed_at=long_ago
    )
    Subscriber.objects.filter(email="lost@example.org").update(
        confirmation_status=Status.PENDING, last_confirmation_sent_at=long_ago
    )
    assert "retried: 2." in retry(on_commit)
    assert sorted(m.to[0] for m in mail.outbox) == ["died@example.org", "lost@example.org"]


def test_no_retry_once_the_person_confirmed_left_or_signed_up_days_ago(client, on_commit):
    for email in ["confirmed@example.org", "left@example.org", "tried@example.org"]:
        sign_up(client, on_commit, email)
    mail.outbox.clear()
    Subscriber.objects.update(confirmation_status=Status.FAILED)
    Subscriber.objects.filter(email="confirmed@example.org").update(
        status=Subscriber.Status.CONFIRMED
    )
    Subscriber.objects.filter(email="left@example.org").update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    Subscriber.objects.filter(email="tried@example.org").update(
        last_confirmation_sent_at=timezone.now() - RETRY_FOR - timedelta(minutes=1)
    )
    assert "retried: 0." in retry(on_commit)
    assert mail.outbox == []


def test_dry_run_counts_and_queues_nothing(client, on_commit, capsys):
    sign_up(client, on_commit)
    Subscriber.objects.update(confirmation_status=Status.FAILED)
    mail.outbox.clear()
    with on_commit():
        call_command("retry_confirmations", "--dry-run")
    assert "Confirmation emails would be retried: 1." in capsys.readouterr().out
    assert mail.outbox == []
