"""Content fixtures: the real article files, and a small factory for one-off articles."""

import datetime
import itertools

import pytest
from django.utils import timezone

from content import services
from content.importing import articles_import
from content.models import Article, Person, Topic

_counter = itertools.count(1)


@pytest.fixture
def imported(db):
    """The clinic's real articles, topics and people, loaded by the importer."""
    report = articles_import()
    assert not report.problems
    return report


@pytest.fixture
def topic(db):
    return Topic.objects.create(slug="basics", name="The basics", description="Start here.")


@pytest.fixture
def person(db):
    return Person.objects.create(
        slug="daniel-reyes", name="Daniel Reyes", credentials="PT, DPT, OCS", role="reviewer"
    )


@pytest.fixture
def make_article(topic, person):
    """Make and save an article through the service; keyword arguments override fields."""

    def make(related=None, **fields) -> Article:
        number = next(_counter)
        today = timezone.localdate()
        values = {
            "title": f"Article {number}",
            "slug": f"article-{number}",
            "topic": topic,
            "summary": f"Summary of article {number}.",
            "body": f"## Section {number}\n\nBody text {number}.\n",
            "author": person,
            "reviewer": person,
            "status": Article.Status.PUBLISHED,
            "published_on": today - datetime.timedelta(days=1),
            "last_reviewed": today - datetime.timedelta(days=30),
            "next_review_due": today + datetime.timedelta(days=300),
        } | fields
        return services.article_save(article=Article(**values), related=related)

    return make


SITE = "https://www.hwypt.example"
HOSTILE_HOST = "evil.example"


@pytest.fixture
def hostile_client(settings, client):
    """SITE_URL is the clinic's; every request claims another Host that Django accepts.

    Whatever the site writes as an absolute URL must come from SITE_URL, never from
    the Host header (a poisoned cache or a crafted link would otherwise spread it).
    """
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOSTILE_HOST]
    client.defaults["HTTP_HOST"] = HOSTILE_HOST
    return client
