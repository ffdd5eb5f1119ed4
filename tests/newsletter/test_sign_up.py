"""Sign-up: double opt-in, the consent record, and answers that reveal nothing."""

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from newsletter.consent import CONSENT_WORDING
from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db
URL = reverse("newsletter:sign-up")


def sign_up(client, on_commit, email="ann@example.org", **extra):
    with on_commit():
        return client.post(
            URL, {"email": email, "source": "home", **extra}, REMOTE_ADDR="203.0.113.9"
        )


def test_new_address_gets_one_confirmation_email_and_nothing_else(client, on_commit):
    response = sign_up(client, on_commit, first_name="Ann")
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:check-email")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    assert "confirm" in message.subject.lower()
    assert "http://testserver" not in message.body
    assert "/newsletter/confirm/" in message.body
    assert message.alternatives[0].mimetype == "text/html"
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.PENDING


def test_the_consent_record_is_kept_without_the_plain_ip(client, on_commit):
    sign_up(client, on_commit, first_name="Ann")
    subscriber = Subscriber.objects.get()
    assert subscriber.source == "home"
    assert subscriber.consent_wording == CONSENT_WORDING
    assert subscriber.signed_up_at is not None
    assert subscriber.confirmed_at is None
    assert subscriber.last_confirmation_sent_at is not None
    # A keyed HMAC (SHA-256 of salt and SECRET_KEY as the key), computed here by hand:
    # a plain hash of the address could be reversed by trying all four billion of them.
    key = hashlib.sha256(b"newsletter.sign-up-ip" + settings.SECRET_KEY.encode()).digest()
    assert subscriber.ip_hash == hmac.new(key, b"203.0.113.9", hashlib.sha256).hexdigest()
    assert subscriber.ip_hash != hashlib.sha256(b"203.0.113.9").hexdigest()
    row = Subscriber.objects.filter(pk=subscriber.pk).values().get()
    assert not [name for name, value in row.items() if "203.0.113.9" in str(value)]


def test_new_waiting_and_subscribed_addresses_get_identical_answers(client, on_commit):
    make_subscriber("waiting@example.org", Subscriber.Status.PENDING,
                    last_confirmation_sent_at=timezone.now())  # fmt: skip
    make_subscriber("member@example.org")
    answers = []
    for email in ["new@example.org", "waiting@example.org", "member@example.org"]:
        response = sign_up(client, on_commit, email=email)
        page = client.get(response["Location"])
        answers.append((response.status_code, response["Location"], page.content))
    assert answers[0] == answers[1] == answers[2]
    # Only the new address was written to; the member was sent nothing.
    assert [m.to for m in mail.outbox] == [["new@example.org"]]


def test_a_waiting_address_gets_the_confirmation_again_at_most_once_an_hour(client, on_commit):
    sign_up(client, on_commit)
    sign_up(client, on_commit)
    assert len(mail.outbox) == 1
    Subscriber.objects.update(last_confirmation_sent_at=timezone.now() - timedelta(minutes=61))
    sign_up(client, on_commit)
    assert len(mail.outbox) == 2


def test_address_case_and_spaces_do_not_make_a_second_subscriber(client, on_commit):
    sign_up(client, on_commit, email="Ann@Example.org")
    sign_up(client, on_commit, email="  ann@EXAMPLE.ORG ")
    assert Subscriber.objects.get().email == "Ann@example.org"


def test_someone_who_left_can_sign_up_again_with_a_fresh_consent_record(client, on_commit):
    old = make_subscriber("ann@example.org", Subscriber.Status.UNSUBSCRIBED, source="article:x")
    sign_up(client, on_commit)
    old.refresh_from_db()
    assert old.status == Subscriber.Status.PENDING
    assert old.source == "home"
    assert len(mail.outbox) == 1


def test_the_honeypot_quietly_keeps_bots_out(client, on_commit):
    response = sign_up(client, on_commit, website="http://spam.example")
    assert response.status_code == 302
    assert not Subscriber.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "Enter an email address like name@example.com"),
        ("", "Enter your email address"),
        ("a" * 250 + "@example.org", "254 characters or fewer"),
    ],
)
def test_a_malformed_address_gets_a_clear_message_and_keeps_what_was_typed(
    client, on_commit, email, message
):
    response = sign_up(client, on_commit, email=email, first_name="Ann")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "There is a problem" in html
    assert "<title>Error: " in html
    assert 'value="Ann"' in html
    assert not Subscriber.objects.exists()


@pytest.mark.usefixtures("still_clock")
def test_too_many_sign_ups_from_one_address_are_refused_politely(client, on_commit, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "2/h"
    for n in range(2):
        assert sign_up(client, on_commit, email=f"p{n}@example.org").status_code == 302
    response = sign_up(client, on_commit, email="p3@example.org")
    assert response.status_code == 429
    assert "Too many sign-ups" in response.content.decode()
    assert Subscriber.objects.count() == 2


@pytest.mark.usefixtures("still_clock")
def test_behind_the_proxy_each_reader_has_their_own_limit(client, on_commit, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "1/h"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    for n, reader in enumerate(["198.51.100.1", "198.51.100.2"]):
        with on_commit():
            response = client.post(
                URL,
                {"email": f"r{n}@example.org"},
                REMOTE_ADDR="10.0.0.1",  # the proxy
                HTTP_X_FORWARDED_FOR=f"6.6.6.6, {reader}",  # a forged first entry is ignored
            )
        assert response.status_code == 302
    hashes = set(Subscriber.objects.values_list("ip_hash", flat=True))
    assert len(hashes) == 2


def test_the_sign_up_address_answers_get_with_the_newsletter_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:index")
