"""One lease, DJANGO_EMAIL_SEND_LEASE, for every kind and every path that takes a claim over."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from newsletter import services
from newsletter.models import Issue
from newsletter.services.issues import _start, deliveries
from outbox.delivery import claim
from outbox.models import OutgoingEmail
from outbox.services import outbox_deliver, outbox_queue, outbox_retry_failed
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db
SENDING = OutgoingEmail.Status.SENDING


def claimed(emails, seconds_ago: int) -> None:
    emails.update(
        status=SENDING,
        claimed_by="dead-run",
        claimed_at=timezone.now() - timedelta(seconds=seconds_ago),
    )


def test_a_claim_younger_than_the_lease_setting_is_left_alone_everywhere(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_SEND_LEASE = 3600  # an hour: a claim ten minutes old is still alive
    person = make_subscriber("ann@example.org", status="pending")
    confirmation = outbox_queue(
        kind="newsletter_confirmation", about=person, recipient=person.email
    )
    reader = make_subscriber("bob@example.org")
    issue = Issue.objects.create(subject="Hello", body="Hi", body_html="<p>Hi</p>")
    _start(issue)
    everything = OutgoingEmail.objects.all()
    claimed(everything, seconds_ago=700)

    assert outbox_deliver(email_id=confirmation.pk) is False
    assert outbox_retry_failed().retried == 0
    assert claim(emails=everything, run_id="other") == []
    assert services.issue_send(issue=issue).sent == 0
    assert mail.outbox == []

    claimed(everything, seconds_ago=3601)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_retry_failed().retried == 1  # the confirmation; issues are resumed by hand
    assert services.issue_send(issue=issue).sent == 1
    assert sorted(m.to[0] for m in mail.outbox) == [person.email, reader.email]
    assert deliveries(issue).get().status == OutgoingEmail.Status.SENT
