"""RSS, Atom and sitemap.xml parse and list exactly the published articles."""

import datetime
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.utils import timezone

from content.models import Article

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 (our own server's output, in a test)


@pytest.fixture
def mixed(make_article):
    live = [make_article(), make_article()]
    make_article(status=Article.Status.DRAFT)
    make_article(published_on=timezone.localdate() + datetime.timedelta(days=2))
    return {f"http://127.0.0.1:8000{a.get_absolute_url()}" for a in live}


def test_rss_lists_exactly_the_published_articles(mixed, client):
    response = client.get("/feeds/articles.rss")
    assert response["Content-Type"].startswith("application/rss+xml")
    root = parse(response.content)
    assert {item.findtext("link") for item in root.iter("item")} == mixed


def test_atom_lists_exactly_the_published_articles(mixed, client):
    root = parse(client.get("/feeds/articles.atom").content)
    links = {
        link.get("href")
        for entry in root.iter(f"{ATOM}entry")
        for link in entry.iter(f"{ATOM}link")
    }
    assert links == mixed


def test_sitemap_lists_exactly_the_published_articles(mixed, client):
    root = parse(client.get("/sitemap.xml").content)
    locations = {url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")}
    articles = {loc for loc in locations if "/articles/" in loc and loc.count("/") > 4}
    assert articles == mixed
    assert "http://127.0.0.1:8000/" in locations
    assert "http://127.0.0.1:8000/topics/basics/" in locations


@pytest.mark.parametrize("path", ["/feeds/articles.rss", "/feeds/articles.atom"])
def test_a_feed_with_nothing_listed_is_the_same_a_minute_later(make_article, client, path):
    """Django dates an empty feed "now"; ours is dated by its articles, so its ETag holds
    and a reader's conditional GET gets a 304 at any moment (CI failed on this once)."""
    from django.core.cache import cache

    from content import caching

    make_article(status=Article.Status.DRAFT)
    start = datetime.datetime(2026, 3, 1, 9, 0, 59, tzinfo=datetime.UTC)
    bodies = []
    for moment in (start, start + datetime.timedelta(minutes=1)):
        cache.clear()
        caching._local_pages.clear()
        with time_machine.travel(moment, tick=False):
            response = client.get(path)
        assert response.status_code == 200
        bodies.append((response.content, response["ETag"]))
    assert bodies[0] == bodies[1]
