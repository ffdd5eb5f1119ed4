"""A sign-up's confirmation survives a mail outage: it is recorded in the outbox with the
sign-up, claimed before it is sent, and queued again by `retry_emails` (cron)."""

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
from outbox.kinds import GIVE_UP_AFTER
from outbox.models import OutgoingEmail
from outbox.services import outbox_deliver, outbox_retry_failed
from tests.newsletter.conftest import Inbox

pytestmark = pytest.mark.django_db
Status = OutgoingEmail.Status


def confirmation(email="ann@example.org") -> OutgoingEmail:
    return OutgoingEmail.objects.get(kind="newsletter_confirmation", recipient=email)


def confirmations(email=None):
    found = OutgoingEmail.objects.filter(kind="newsletter_confirmation")
    return found.filter(recipient=email) if email else found


def sign_up(client, on_commit, email="ann@example.org"):
    with on_commit():
        return client.post(reverse("newsletter:sign-up"), {"email": email, "source": "home"})


def retry(on_commit) -> str:
    out = io.StringIO()
    with on_commit():
        call_command("retry_emails", stdout=out)
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
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    email = confirmation()
    assert email.status == Status.FAILED
    assert "ConnectionRefusedError" in email.last_error

    stopped_smtp.start()
    assert "Emails retried: 1;" in retry(on_commit)
    assert stopped_smtp.recipients() == ["ann@example.org"]
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.SENT, 2)
    assert email.last_error == ""

    assert "Emails retried: 0;" in retry(on_commit)
    assert len(stopped_smtp.messages) == 1


def test_a_second_task_for_a_sent_confirmation_sends_nothing(client, on_commit):
    sign_up(client, on_commit)
    assert outbox_deliver(email_id=confirmation().pk) is True  # it is sent already
    assert len(mail.outbox) == 1
    assert confirmation().attempts == 1


def test_a_confirmation_a_live_worker_is_sending_is_left_alone(client, on_commit):
    sign_up(client, on_commit)
    confirmations().update(status=Status.SENDING, claimed_at=timezone.now())
    assert outbox_deliver(email_id=confirmation().pk) is False
    assert outbox_retry_failed().retried == 0
    assert len(mail.outbox) == 1


def test_a_confirmation_whose_worker_died_or_task_was_lost_goes_out_after_the_lease(
    client, on_commit, settings
):
    sign_up(client, on_commit, "died@example.org")
    sign_up(client, on_commit, "lost@example.org")
    mail.outbox.clear()
    long_ago = timezone.now() - timedelta(seconds=settings.EMAIL_SEND_LEASE + 1)
    confirmations("died@example.org").update(status=Status.SENDING, claimed_at=long_ago)
    confirmations("lost@example.org").update(status=Status.PENDING, queued_at=long_ago)
    assert "retried: 2;" in retry(on_commit)
    assert sorted(m.to[0] for m in mail.outbox) == ["died@example.org", "lost@example.org"]


def test_no_retry_once_the_person_confirmed_left_or_signed_up_days_ago(client, on_commit):
    for email in ["confirmed@example.org", "left@example.org", "tried@example.org"]:
        sign_up(client, on_commit, email)
    mail.outbox.clear()
    confirmations().update(status=Status.FAILED)
    Subscriber.objects.filter(email="confirmed@example.org").update(
        status=Subscriber.Status.CONFIRMED
    )
    Subscriber.objects.filter(email="left@example.org").update(
        status=Subscriber.Status.UNSUBSCRIBED
    )
    confirmations("tried@example.org").update(
        queued_at=timezone.now() - GIVE_UP_AFTER - timedelta(minutes=1)
    )
    assert "retried: 0; failed for good: 1; marked not needed: 2." in retry(on_commit)
    assert mail.outbox == []
    assert confirmation("confirmed@example.org").status == Status.OBSOLETE
    assert confirmation("tried@example.org").status == Status.GAVE_UP


def test_dry_run_counts_and_queues_nothing(client, on_commit, capsys):
    sign_up(client, on_commit)
    confirmations().update(status=Status.FAILED)
    mail.outbox.clear()
    with on_commit():
        call_command("retry_emails", "--dry-run")
    assert "Emails would be retried: 1;" in capsys.readouterr().out
    assert mail.outbox == []
    assert confirmation().status == Status.FAILED


def test_a_confirmation_sent_again_replaces_the_one_still_waiting(client, on_commit):
    """A sign-up an hour later re-sends; the earlier email, if it never went out, is dropped."""
    sign_up(client, on_commit)
    confirmations().update(status=Status.FAILED)
    Subscriber.objects.update(last_confirmation_sent_at=timezone.now() - timedelta(minutes=61))
    sign_up(client, on_commit)
    statuses = sorted(confirmations().values_list("status", flat=True))
    assert statuses == [Status.OBSOLETE, Status.SENT]
    assert "retried: 0;" in retry(on_commit)
    assert len(mail.outbox) == 2  # the first, sent before the test failed it, and the new one
