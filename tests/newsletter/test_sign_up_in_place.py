"""A sign-up error on the home page or an article keeps the reader on that page."""

import pytest
from django.test import Client
from django.urls import reverse

from newsletter import signup_errors
from newsletter.models import Subscriber

pytestmark = pytest.mark.django_db
URL = reverse("newsletter:sign-up")


@pytest.fixture
def article(make_article):
    return make_article(title="Walking after a fall", slug="walking")


def post(client, next_url, email="ann@", first_name="Ann", **extra):
    data = {"email": email, "first_name": first_name, "source": "article", "next": next_url}
    return client.post(URL, data | extra, REMOTE_ADDR="203.0.113.9")


def test_an_error_goes_back_to_the_article_with_the_message_and_what_was_typed(client, article):
    path = article.get_absolute_url()
    client.get(path)  # the page as everyone sees it, now in the shared cache
    response = post(client, path)
    assert response.status_code == 302
    assert response["Location"] == path
    assert response.cookies[signup_errors.MARK_COOKIE]["path"] == path  # that page only

    page = client.get(path)
    html = page.content.decode()
    assert page.cookies[signup_errors.MARK_COOKIE]["max-age"] == 0  # cleared with it
    assert "There is a problem" in html
    assert 'href="#newsletter-email"' in html  # the summary links to the field
    assert "Enter an email address like name@example.com" in html
    assert 'value="ann@"' in html and 'value="Ann"' in html
    assert "Walking after a fall" in html  # the same page, not the newsletter's
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    assert not Subscriber.objects.exists()

    again = client.get(path).content.decode()  # shown once, like a message
    assert "There is a problem" not in again and 'value="ann@"' not in again


def test_the_shared_copy_of_the_page_never_holds_someone_elses_error(client, article):
    path = article.get_absolute_url()
    post(client, path, email="ann.private@", first_name="Annabel")
    client.get(path)
    for reader in (Client(), Client()):  # before and after the first fills the cache
        response = reader.get(path)
        assert "Cookie" not in response.get("Vary", "")  # the sign-up spot left the session alone
        html = response.content.decode()
        assert "ann.private@" not in html and "Annabel" not in html
        assert "There is a problem" not in html


def test_from_the_home_page_too(client):
    response = post(client, "/", email="")
    assert response["Location"] == "/"
    html = client.get("/").content.decode()
    assert "Enter your email address" in html and "There is a problem" in html


@pytest.mark.usefixtures("still_clock")
def test_too_many_sign_ups_are_refused_on_the_same_page(client, article, settings):
    settings.NEWSLETTER_SIGNUP_RATE = "1/h"
    assert post(client, "/", email="p1@example.org")["Location"] == reverse(
        "newsletter:check-email"
    )
    path = article.get_absolute_url()
    assert post(client, path, email="p2@example.org")["Location"].startswith(path)
    html = client.get(path).content.decode()
    assert "Too many sign-ups" in html and 'value="p2@example.org"' in html
    assert Subscriber.objects.count() == 1


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "walking", ""]
)
def test_a_next_off_this_site_gets_the_newsletter_page_instead(client, next_url):
    response = post(client, next_url)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert "<title>Error: " in response.content.decode()


def test_the_form_says_which_page_it_is_on(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'name="next" value="{article.get_absolute_url()}"' in html
    assert 'name="next"' not in client.get(reverse("newsletter:index")).content.decode()
