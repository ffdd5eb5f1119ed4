"""Featured articles: published articles, in the editor's order, in the email and archive."""

from email import message_from_bytes, policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from content.models import Article
from newsletter import services
from newsletter.models import Issue
from tests.content.conftest import imported  # noqa: F401 (fixture)
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


@pytest.fixture
def featuring(issue, make_article):
    """The issue featuring "Balance basics" (position 0) and then two more articles."""
    walking = make_article(
        title="Walking daily", slug="walking-daily", summary="Ten minutes a day."
    )
    chairs = make_article(title="Chair exercises", slug="chairs", summary="Sit and move.")
    issue.featured_articles.create(article=chairs, position=2)
    issue.featured_articles.create(article=walking, position=1)
    return issue, walking, chairs


def sent_message(issue):
    make_subscriber("reader@example.org")
    services.issue_send(issue=issue)
    return message_from_bytes(mail.outbox[-1].message().as_bytes(), policy=policy.default)


def test_the_email_shows_each_title_summary_and_absolute_link_in_order(featuring, settings):
    settings.SITE_URL = "https://www.hwypt.example"
    issue, _, _ = featuring
    message = sent_message(issue)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    site = "https://www.hwypt.example/articles"
    links = [
        f'<a href="{site}/balance/">Balance basics</a><br>Stand steady.',
        f'<a href="{site}/walking-daily/">Walking daily</a><br>Ten minutes a day.',
        f'<a href="{site}/chairs/">Chair exercises</a><br>Sit and move.',
    ]
    positions = [html.index(link) for link in links]
    assert positions == sorted(positions)
    assert f"- Walking daily: {site}/walking-daily/\n  Ten minutes a day." in text
    items = ["- Balance basics:", "- Walking daily:", "- Chair exercises:"]
    assert [text.index(item) for item in items] == sorted(text.index(item) for item in items)


def test_an_article_unpublished_since_drops_out_of_the_email_and_the_archive(featuring, client):
    issue, walking, _ = featuring
    Article.objects.filter(pk=walking.pk).update(status=Article.Status.DRAFT)
    html = sent_message(issue).get_body(("html",)).get_content()
    assert "Chair exercises" in html
    assert "/articles/walking-daily/" not in html

    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    page = client.get(issue.get_absolute_url()).content.decode()
    assert '<a href="/articles/chairs/">Chair exercises</a><br>Sit and move.' in page
    assert "/articles/walking-daily/" not in page


def test_the_archive_page_loads_featured_articles_in_one_query(
    featuring, client, django_assert_num_queries
):
    issue, _, _ = featuring
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENT, sent_at=timezone.now())
    with django_assert_num_queries(2):  # the issue, its featured articles with their articles
        list(Issue.objects.sent().with_featured().get(pk=issue.pk).featured())


@pytest.mark.usefixtures("imported")
def test_the_demo_issue_features_the_home_page_articles_once(client):
    call_command("newsletter_demo")
    call_command("newsletter_demo")
    issue = Issue.objects.sent().with_featured().get()
    featured = issue.featured()
    assert len(featured) == 3
    assert all(article.featured and article.is_live for article in featured)
    page = client.get(issue.get_absolute_url()).content.decode()
    for article in featured:
        assert f'<a href="{article.get_absolute_url()}">{article.title}</a>' in page
