"""JSON-LD on the article page parses and carries the review fields."""

import json
import re

import pytest
from django.conf import settings

from content.caching import bump_content_version
from content.models import Article, Person


@pytest.fixture
def graph(imported, client):
    response = client.get("/articles/when-to-avoid-treatment/")
    [payload] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    # A data block needs no nonce, and without one the page can be shared from the cache.
    assert "nonce-" not in response["Content-Security-Policy"]
    return {tuple(node["@type"]) if isinstance(node["@type"], list) else node["@type"]: node
            for node in json.loads(payload)["@graph"]}  # fmt: skip


def test_sample_people_are_not_presented_as_real_reviewers(graph):
    """The fixtures' people are made up, so the page names the clinic, not a reviewer."""
    page = graph["MedicalWebPage"]
    article = Article.objects.get(slug="when-to-avoid-treatment")
    assert "reviewedBy" not in page and "lastReviewed" not in page
    assert page["author"] == {"@id": f"{settings.SITE_URL}/#clinic"}
    assert "Daniel Reyes" not in json.dumps(list(graph.values()))
    assert page["audience"]["@type"] == "PeopleAudience"
    assert page["description"] == article.summary


def test_a_real_reviewer_is_named_with_the_review_date(imported, client):
    Person.objects.update(is_demo=False)
    bump_content_version()
    article = Article.objects.get(slug="when-to-avoid-treatment")
    response = client.get(article.get_absolute_url())
    [payload] = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    page = json.loads(payload)["@graph"][0]
    assert page["lastReviewed"] == article.last_reviewed.isoformat()
    assert page["reviewedBy"] == {
        "@type": "Person",
        "name": "Daniel Reyes",
        "honorificSuffix": "PT, DPT, OCS",
    }


def test_breadcrumbs_and_clinic(graph):
    crumbs = graph["BreadcrumbList"]["itemListElement"]
    assert [c["name"] for c in crumbs][:3] == ["Home", "Articles", "Check it is safe for you"]
    clinic = graph[("MedicalClinic", "Physiotherapy")]
    assert clinic["name"] == settings.CLINIC["name"]
    assert clinic["address"]["postalCode"] == settings.CLINIC["postal_code"]
    assert "openingHours" not in clinic  # the home page states them, per location


def test_script_breaking_text_is_escaped(make_article, client):
    article = make_article(title="Pain </script><script>alert(1)</script>")
    page = client.get(article.get_absolute_url()).content.decode()
    block = page.split('type="application/ld+json"')[1].split("</script>")[0]
    assert "<" not in block.split(">", 1)[1]
    assert "\\u003C/script\\u003E" in block
