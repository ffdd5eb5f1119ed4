"""Whole public pages are shared from the cache, but only when they are the same for anyone."""

import re

import pytest
from django.conf import settings
from django.test import Client

from content import caching
from content.models import Topic
from content.services import article_save

# The cache key carries the local date: a still clock keeps a test from crossing midnight.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]

# The site's cache when there is no Redis: a table in the database (hwypt/settings.py).
DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "hwypt_cache",
}


def test_a_repeat_visit_is_served_from_the_cache_without_queries(
    make_article, client, django_assert_num_queries
):
    article = make_article(title="Stretching after a walk")
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = Client().get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert "Content-Security-Policy" in second.headers


def change_title_behind_the_cache(article, title: str) -> None:
    """A change the page cache is not told about, so a stale copy stays in it. The
    worker's memo of the article's row (a layer below, tested on its own) is emptied, so
    a page made again shows the new title."""
    type(article).objects.filter(pk=article.pk).update(title=title)
    caching.version_memo.clear()


@pytest.mark.parametrize("cookie", [settings.SESSION_COOKIE_NAME, "messages"])
def test_a_visitor_with_a_session_or_messages_gets_a_page_rendered_for_them(make_article, cookie):
    article = make_article(title="Stretching after a walk")
    url = article.get_absolute_url()
    Client().get(url)  # a visitor with no session fills the shared cache
    change_title_behind_the_cache(article, "Stretching after a long walk")
    assert "Stretching after a long walk" not in Client().get(url).content.decode()

    visitor = Client()
    visitor.cookies[cookie] = "some-value"
    # A visitor mid-booking may have messages waiting; the page is rendered for them.
    assert "Stretching after a long walk" in visitor.get(url).content.decode()


def test_an_edit_shows_at_once(make_article, client):
    article = make_article(title="Stretching after a walk")
    assert "Stretching after a walk" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Gentle stretches after a walk"
    article_save(article=article)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Gentle stretches after a walk" in html


def test_the_shared_page_carries_no_nonce_and_no_csrf_token(make_article, client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "nonce=" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies


def test_signing_up_from_a_shared_page_needs_no_csrf_cookie():
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/newsletter/sign-up/", {"email": "reader@example.com", "source": "article:x"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/newsletter/check-your-email/"


def test_made_up_query_strings_are_not_cached(make_article, client, django_assert_num_queries):
    article = make_article(title="Stretching after a walk")
    client.get(article.get_absolute_url() + "?x=1")
    change_title_behind_the_cache(article, "Stretching after a long walk")
    # Rendered again: the article's own row (its title is outside the cached fragments).
    with django_assert_num_queries(1):
        html = client.get(article.get_absolute_url() + "?x=1").content.decode()
    assert "Stretching after a long walk" in html


def test_a_page_number_is_cached(imported, client, django_assert_num_queries):
    client.get("/articles/?page=2")
    with django_assert_num_queries(0):
        assert client.get("/articles/?page=2").status_code == 200


def test_a_repeat_visit_is_answered_before_sessions_and_csrf(make_article, client, monkeypatch):
    """The early middleware answers it with the same headers the full path sends."""
    article = make_article(title="Walking in the rain")
    first = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="br")

    def no_session(request):
        raise AssertionError("the session middleware ran for a cached page")

    monkeypatch.setattr(
        "django.contrib.sessions.middleware.SessionMiddleware.process_request", no_session
    )
    second = Client().get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="br")
    assert second.content == first.content
    assert dict(second.headers) == dict(first.headers)
    assert Client().get(article.get_absolute_url(), HTTP_HOST="evil.example").status_code == 400


@pytest.mark.django_db(transaction=True)
def test_with_the_cache_in_the_database_an_edit_shows_at_once_in_the_thread_that_made_it(
    settings, make_article
):
    """The embedded default: the version is remembered while SQLite says no other
    connection wrote, and SQLite does not count a connection's own writes, so the thread
    that saves an edit must forget what it remembered (other workers: tests/ops)."""
    settings.CACHES = {**settings.CACHES, "default": dict(DATABASE_CACHE)}
    article = make_article(title="Stretching after a walk")
    url = article.get_absolute_url()
    assert "Stretching after a walk" in Client().get(url).content.decode()
    article.title = "Stretching after a long walk"
    article_save(article=article)
    assert "Stretching after a long walk" in Client().get(url).content.decode()


def test_a_reader_with_a_session_sees_an_edit_at_once(make_article, client):
    """The worker keeps the article's row for one content version; saving makes the next."""
    article = make_article(title="Stretching after a walk")
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-reader-with-a-session"
    assert "Stretching after a walk" in client.get(article.get_absolute_url()).content.decode()
    article.title = "Stretching after a long walk"
    article_save(article=article)
    html = client.get(article.get_absolute_url()).content.decode()
    # The <title> comes from the kept row, not from a fragment made again.
    assert re.search(r"<title>Stretching after a long walk\b", html), html[:400]


def test_deleting_an_article_in_the_admin_shows_at_once_on_cached_pages(make_article, admin_client):
    article = make_article(title="Stretching after a walk")
    reader = Client()
    assert reader.get(article.get_absolute_url()).status_code == 200
    assert "Stretching after a walk" in reader.get("/articles/").content.decode()
    response = admin_client.post(f"/admin/content/article/{article.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert reader.get(article.get_absolute_url()).status_code == 404
    assert "Stretching after a walk" not in reader.get("/articles/").content.decode()


def test_deleting_topics_in_the_admin_shows_at_once_on_cached_pages(admin_client):
    topic = Topic.objects.create(slug="later", name="Coming later")
    reader = Client()
    assert reader.get(topic.get_absolute_url()).status_code == 200
    # The list's bulk action, which deletes through delete_queryset.
    data = {"action": "delete_selected", "_selected_action": [topic.pk], "post": "yes"}
    assert admin_client.post("/admin/content/topic/", data).status_code == 302
    assert reader.get(topic.get_absolute_url()).status_code == 404
