"""Unsubscribe: RFC 8058 one-click POST with no cookies; GET never unsubscribes."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import emails
from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return make_subscriber("ann@example.org")


def path_of(url: str) -> str:
    return url.split("127.0.0.1:8000", 1)[1]


def test_one_click_post_without_cookies_or_login_unsubscribes_at_once(member):
    # What a mail provider sends (RFC 8058): a bare POST, CSRF checks on, no cookies.
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        path_of(emails.unsubscribe_url(member.pk)),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not response.cookies
    member.refresh_from_db()
    assert member.status == Subscriber.Status.UNSUBSCRIBED
    assert member.unsubscribed_at is not None


def test_get_shows_a_button_and_never_unsubscribes(client, member):
    response = client.get(path_of(emails.unsubscribe_url(member.pk)))
    assert response.status_code == 200
    assert "<button" in response.content.decode()
    member.refresh_from_db()
    assert member.status == Subscriber.Status.CONFIRMED


def test_unsubscribing_twice_is_harmless(client, member):
    url = path_of(emails.unsubscribe_url(member.pk))
    first = client.post(url)
    member.refresh_from_db()
    left_at = member.unsubscribed_at
    second = client.post(url)
    assert first.status_code == second.status_code == 200
    member.refresh_from_db()
    assert member.unsubscribed_at == left_at
    assert "You are not on our list" in client.get(url).content.decode()


def test_a_tampered_link_gets_a_friendly_page(client, member):
    url = reverse("newsletter:unsubscribe", args=[f"{member.pk}:forged"])
    for response in (client.get(url), client.post(url)):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    member.refresh_from_db()
    assert member.status == Subscriber.Status.CONFIRMED


def test_an_erased_person_link_still_answers_kindly(client, member):
    url = path_of(emails.unsubscribe_url(member.pk))
    member.delete()
    assert client.post(url).status_code == 200
    assert "You are not on our list" in client.get(url).content.decode()
