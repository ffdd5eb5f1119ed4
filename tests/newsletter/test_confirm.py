"""Confirmation links: GET asks, POST confirms; bad links get a friendly page."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import emails
from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting():
    return make_subscriber("ann@example.org", Subscriber.Status.PENDING)


def path_of(url: str) -> str:
    return url.split("127.0.0.1:8000", 1)[1]


def test_opening_the_link_asks_and_pressing_the_button_confirms(client, waiting):
    url = path_of(emails.confirm_url(waiting))
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, send me the newsletter" in page.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Subscriber.Status.PENDING  # a mail scanner's GET confirms nothing

    done = client.post(url)
    assert done.status_code == 200
    assert "You are subscribed" in done.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Subscriber.Status.CONFIRMED
    assert waiting.confirmed_at is not None


def test_a_used_link_says_already_subscribed(client, waiting):
    url = path_of(emails.confirm_url(waiting))
    client.post(url)
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 200
        assert "already subscribed" in response.content.decode()


def test_a_tampered_link_gets_a_friendly_page(client, waiting):
    url = path_of(emails.confirm_url(waiting))
    tampered = url.replace(f"/{waiting.pk}.", f"/{waiting.pk + 1}.")
    for path in (tampered, reverse("newsletter:confirm", args=["nonsense"])):
        response = client.post(path)
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Subscriber.Status.PENDING


def test_an_expired_link_gets_a_friendly_page(client, waiting, settings):
    url = path_of(emails.confirm_url(waiting))
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    response = client.post(url)
    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Subscriber.Status.PENDING


def test_an_old_link_does_not_resubscribe_someone_who_left(client, waiting):
    url = path_of(emails.confirm_url(waiting))
    client.post(url)
    Subscriber.objects.update(status=Subscriber.Status.UNSUBSCRIBED)
    response = client.post(url)
    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_confirming_needs_the_form_token(waiting):
    """The POST that confirms is a normal form: CSRF applies (unlike unsubscribe)."""
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(emails.confirm_url(waiting)))
    assert response.status_code == 403
