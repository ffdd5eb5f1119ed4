"""What HTTP clients and caches read: conditional GETs, compression, HEAD and 405.

Through Django's test client with the site's whole middleware stack; the
gunicorn checks of the same things are in test_production_stack.py.
"""

import gzip

import brotli
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hwypt.middleware import accepted_encoding
from newsletter.models import Issue, Subscriber
from scheduling.models import Booking, Therapist

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def site(make_article, clinic):
    article = make_article(title="Walking", slug="walking")
    issue = Issue.objects.create(
        subject="Winter", body="Hi", body_html="<p>Hi</p>", status=Issue.Status.SENT,
        sent_at=timezone.now(),
    )  # fmt: skip
    return {"article": article, "issue": issue}


CONDITIONAL = [
    "/",
    "/articles/",
    "/articles/walking/",
    "/topics/basics/",
    "/feeds/articles.rss",
    "/feeds/articles.atom",
    "/newsletter/feed/",
    "/sitemap.xml",
]


@pytest.mark.parametrize("path", CONDITIONAL)
def test_public_pages_and_feeds_answer_a_conditional_get_with_304(client, site, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.parametrize("path", ["/", "/articles/walking/", "/feeds/articles.rss"])
@pytest.mark.parametrize(
    ("accepted", "sent"), [("gzip, deflate", "gzip"), ("gzip, deflate, br", "br")]
)
def test_public_pages_are_compressed_for_clients_that_accept_it(client, site, path, accepted, sent):
    plain = client.get(path)
    packed = client.get(path, HTTP_ACCEPT_ENCODING=accepted)
    assert packed["Content-Encoding"] == sent
    assert "Accept-Encoding" in packed["Vary"]
    unpack = brotli.decompress if sent == "br" else gzip.decompress
    assert unpack(packed.content) == plain.content
    assert "Content-Encoding" not in plain


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=0", None),
        ("identity", None),
        ("BR", "br"),
        ("gzip;q=bad, br;q=0.5", "br"),
    ],
)
def test_the_encoding_follows_accept_encoding_and_its_refusals(header, chosen):
    assert accepted_encoding(header) == chosen


def test_pages_with_a_secret_are_never_compressed(client, emailed_links):
    """BREACH: no compression where a token sits next to text a stranger could inject."""
    for path in [*emailed_links["urls"], reverse("scheduling:start")]:
        response = client.get(path, **GZIP)
        assert response.status_code == 200, path
        assert "Content-Encoding" not in response, path
        assert response.content.lstrip().startswith(b"<!DOCTYPE html>"), path


def test_head_works_on_every_page_and_changes_nothing(client, site, emailed_links):
    booking_start = reverse("scheduling:start")
    therapist_page = Therapist.objects.first().get_absolute_url()
    issue_page = site["issue"].get_absolute_url()
    paths = [
        *CONDITIONAL, "/search/?q=walking", "/robots.txt", "/privacy/", "/medical-disclaimer/",
        "/healthz", booking_start, "/book/therapists/", therapist_page, "/newsletter/",
        issue_page, "/newsletter/check-your-email/", *emailed_links["urls"],
    ]  # fmt: skip
    for path in paths:
        assert client.head(path).status_code == 200, path
    emailed_links["booking"].refresh_from_db()
    assert emailed_links["booking"].status == Booking.Status.CONFIRMED
    statuses = dict(Subscriber.objects.values_list("email", "status"))
    assert statuses == {
        "new@example.org": Subscriber.Status.PENDING,
        "member@example.org": Subscriber.Status.CONFIRMED,
    }


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("post", "/", {"GET", "HEAD"}),
        ("post", "/articles/", {"GET", "HEAD", "OPTIONS"}),
        ("post", "/articles/walking/", {"GET", "HEAD"}),
        ("put", "/feeds/articles.rss", {"GET", "HEAD"}),
        ("delete", "/sitemap.xml", {"GET", "HEAD"}),
        ("post", "/search/", {"GET", "HEAD"}),
        ("put", "/newsletter/sign-up/", {"GET", "HEAD", "POST"}),
        ("patch", "/book/", {"GET", "HEAD", "POST", "OPTIONS"}),
    ],
)
def test_a_wrong_method_gets_405_with_allow_not_a_csrf_403(site, method, path, allowed):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == allowed


def test_wrong_methods_on_emailed_links_get_405(emailed_links):
    client = Client(enforce_csrf_checks=True)
    manage, cancel, *_, unsubscribe = emailed_links["urls"]
    assert client.post(manage).status_code == 405
    assert set(client.delete(cancel)["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert client.put(unsubscribe).status_code == 405
    emailed_links["booking"].refresh_from_db()
    assert emailed_links["booking"].status == Booking.Status.CONFIRMED


def test_a_real_expired_form_still_gets_the_friendly_403(emailed_links):
    """A POST where POST is allowed, without its token: that one is a CSRF failure."""
    _, cancel, *_ = emailed_links["urls"]
    response = Client(enforce_csrf_checks=True).post(cancel)
    assert response.status_code == 403
    emailed_links["booking"].refresh_from_db()
    assert emailed_links["booking"].status == Booking.Status.CONFIRMED
