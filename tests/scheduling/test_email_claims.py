"""An email is claimed before it is sent: a second task for it sends nothing, and one a
dead worker was sending (or whose task was lost) is queued again after the lease."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from outbox.models import OutgoingEmail
from outbox.services import outbox_deliver, outbox_retry_failed
from tests.scheduling.conftest import book, first_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def email(service, therapist):
    book(service, therapist, first_slot(service, therapist).start)  # its task never runs here
    return OutgoingEmail.objects.get()


def test_a_second_task_for_a_sent_email_sends_nothing(email):
    assert outbox_deliver(email_id=email.pk) is True
    assert outbox_deliver(email_id=email.pk) is True
    assert len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 1)


def test_an_email_a_live_worker_is_sending_is_left_alone(email, settings):
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert outbox_deliver(email_id=email.pk) is False
    assert outbox_retry_failed().retried == 0
    assert mail.outbox == []


def test_an_email_whose_worker_died_mid_send_goes_out_after_the_lease(
    email, settings, django_capture_on_commit_callbacks
):
    died = timezone.now() - timedelta(seconds=settings.EMAIL_SEND_LEASE + 1)
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENDING, claimed_at=died, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry_failed().retried == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert len(mail.outbox) == 1


def test_an_email_whose_task_was_lost_is_queued_again_after_the_lease(
    email, settings, django_capture_on_commit_callbacks
):
    assert outbox_retry_failed().retried == 0  # still waiting for its own task
    later = timezone.now() + timedelta(seconds=settings.EMAIL_SEND_LEASE + 1)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry_failed(now=later).retried == 1
    assert len(mail.outbox) == 1
