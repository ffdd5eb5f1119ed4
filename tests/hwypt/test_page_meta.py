"""What search engines and link previews read in a page's head: canonical, og:image, robots.

Read with the standard library's HTML parser, with a hostile Host header on
every request: canonical and og: URLs must come from SITE_URL.
"""

from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from tests.content.conftest import HOSTILE_HOST, SITE

pytestmark = pytest.mark.django_db


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta":
            key = values.get("property") or values.get("name")
            self.meta.setdefault(key, []).append(values.get("content", ""))
        elif tag == "link" and values.get("rel") == "canonical":
            self.canonical.append(values["href"])


def head_of(client, path: str) -> _Head:
    response = client.get(path)
    assert response.status_code == 200, path
    assert HOSTILE_HOST.encode() not in response.content
    head = _Head()
    head.feed(response.content.decode())
    return head


def test_articles_and_topics_have_a_canonical_link_and_a_share_image(hostile_client, make_article):
    article = make_article(title="Walking", slug="walking")
    for path in ("/", "/articles/", article.get_absolute_url(), article.topic.get_absolute_url()):
        head = head_of(hostile_client, path)
        assert head.canonical == [SITE + path], path
        [image] = head.meta["og:image"]
        assert image.startswith(f"{SITE}/static/"), image
        assert finders.find(image.removeprefix(f"{SITE}/static/")), image
        assert head.meta["og:image:alt"] != [""]
        assert "robots" not in head.meta


def test_pages_reached_by_a_token_are_never_indexed(hostile_client, emailed_links):
    broken = reverse("newsletter:unsubscribe", args=["not-a-token"])
    for path in [*emailed_links["urls"], broken]:
        response = hostile_client.get(path)
        head = _Head()
        head.feed(response.content.decode())
        assert head.meta.get("robots") == ["noindex"], path
        assert not head.canonical, path


def test_the_pages_after_a_token_action_are_never_indexed(hostile_client, emailed_links):
    *_, confirm, unsubscribe = emailed_links["urls"]
    for path in (confirm, unsubscribe):
        response = hostile_client.post(path)
        head = _Head()
        head.feed(response.content.decode())
        assert head.meta.get("robots") == ["noindex"], path
