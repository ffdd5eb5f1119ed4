"""Fixtures for the site-wide checks: the pages people reach from an email."""

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter import tokens
from newsletter.models import Subscriber
from tests.content.conftest import hostile_client, make_article, person, topic  # noqa: F401
from tests.newsletter.conftest import make_subscriber
from tests.scheduling.conftest import book, clinic, days, first_slot, service, therapist  # noqa: F401


@pytest.fixture
def emailed_links(service, therapist):  # noqa: F811 (the fixtures imported above)
    """A booking's manage pages and a newsletter confirm and unsubscribe link, each with
    its secret in the URL, and what they act on."""
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    booking = book(service, therapist, slot.start)
    token = booking.make_token()
    waiting = make_subscriber("new@example.org", status=Subscriber.Status.PENDING)
    member = make_subscriber("member@example.org")
    confirm = tokens.confirm_token(
        subscriber_id=waiting.pk, signed_up_stamp=int(waiting.signed_up_at.timestamp())
    )
    unsubscribe = tokens.unsubscribe_token(subscriber_id=member.pk)
    return {
        "booking": booking,
        "urls": [
            reverse("scheduling:manage", args=[token]),
            reverse("scheduling:manage-cancel", args=[token]),
            reverse("scheduling:manage-move", args=[token]),
            reverse("newsletter:confirm", args=[confirm]),
            reverse("newsletter:unsubscribe", args=[unsubscribe]),
        ],
    }
