"""The feeds read by feedparser and the sitemap read as XML, asked for with a hostile Host.

Every link, id and self link must come from SITE_URL; the sitemap lists the
therapists and the newsletter archive too, with the dates their content changed.
"""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser
import pytest
from django.utils import timezone

from newsletter.models import Issue
from scheduling.models import Therapist
from tests.content.conftest import HOSTILE_HOST, SITE

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SENT_AT = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture
def sent_issue(db):
    return Issue.objects.create(
        subject="Walking in winter",
        body="Hello",
        body_html='<p>Hello, read <a href="/articles/walking/">this</a>.</p>',
        status=Issue.Status.SENT,
        sent_at=SENT_AT,
    )


def read_feed(client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    assert HOSTILE_HOST.encode() not in response.content
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


@pytest.mark.parametrize("path", ["/feeds/articles.rss", "/feeds/articles.atom"])
def test_article_feeds_link_only_to_the_site(hostile_client, make_article, path):
    article = make_article(title="Walking", slug="walking")
    feed = read_feed(hostile_client, path)
    assert feed.feed.link == f"{SITE}/articles/"
    self_links = [link.href for link in feed.feed.get("links", []) if link.rel == "self"]
    assert all(href.startswith(SITE + "/") for href in self_links)
    [entry] = feed.entries
    assert entry.title == "Walking"
    assert entry.link == SITE + article.get_absolute_url()


def test_newsletter_feed_links_only_to_the_site(hostile_client, sent_issue):
    feed = read_feed(hostile_client, "/newsletter/feed/")
    assert feed.feed.link == f"{SITE}/newsletter/"
    [entry] = feed.entries
    assert entry.link == f"{SITE}/newsletter/issues/{sent_issue.pk}/"
    assert f'href="{SITE}/articles/walking/"' in entry.summary
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == SENT_AT


def test_sitemap_has_therapists_and_the_newsletter_with_real_dates(
    hostile_client, make_article, sent_issue
):
    article = make_article(title="Walking", slug="walking")
    therapist = Therapist.objects.create(name="Alex Example", slug="alex", credentials="PT")
    Therapist.objects.create(name="Gone", slug="gone", credentials="PT", is_active=False)
    response = hostile_client.get("/sitemap.xml")
    assert HOSTILE_HOST.encode() not in response.content
    root = ET.fromstring(response.content)  # noqa: S314 (our own server's output, in a test)
    lastmod = {
        url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }
    assert all(loc.startswith(SITE + "/") for loc in lastmod)
    # lastmod is the clinic's local date, so compare local dates: UTC's is a day ahead
    # every evening.
    local_day = lambda moment: timezone.localdate(moment).isoformat()  # noqa: E731
    assert lastmod[f"{SITE}/book/therapists/alex/"] == local_day(therapist.updated_at)
    assert f"{SITE}/book/therapists/gone/" not in lastmod
    assert lastmod[f"{SITE}/newsletter/"] == "2026-11-20"
    assert lastmod[f"{SITE}/newsletter/issues/{sent_issue.pk}/"] == "2026-11-20"
    article_day = local_day(article.updated_at)
    assert lastmod[f"{SITE}/articles/walking/"] == article_day
    assert lastmod[f"{SITE}/topics/basics/"] == article_day
    assert lastmod[f"{SITE}/"] == article_day


def test_robots_txt_points_at_the_sites_sitemap(hostile_client):
    body = hostile_client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in body
