"""The public archive and its feed: sent issues only."""

from email.utils import parsedate_to_datetime
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from newsletter.models import Issue

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent_and_draft():
    sent = Issue.objects.create(
        subject="Sent issue", body="x", body_html='<p>See <a href="/articles/">articles</a></p>',
        status=Issue.Status.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    draft = Issue.objects.create(subject="Secret draft", body="x", body_html="<p>x</p>")
    sending = Issue.objects.create(
        subject="Half sent", body="x", body_html="<p>x</p>", status=Issue.Status.SENDING
    )
    return sent, draft, sending


def test_the_newsletter_page_lists_sent_issues_only(client, sent_and_draft):
    html = client.get(reverse("newsletter:index")).content.decode()
    assert "Sent issue" in html
    assert "Secret draft" not in html
    assert "Half sent" not in html
    assert 'action="/newsletter/sign-up/"' in html
    assert 'type="application/rss+xml"' in html


def test_each_sent_issue_has_a_page_and_unsent_ones_are_not_found(client, sent_and_draft):
    sent, draft, sending = sent_and_draft
    assert client.get(sent.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(sending.get_absolute_url()).status_code == 404


def test_the_feed_carries_sent_issues_with_absolute_links(client, sent_and_draft, settings):
    settings.SITE_URL = "https://www.hwypt.example"
    response = client.get(reverse("newsletter:feed"))
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314 (our feed)
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Sent issue"]
    assert items[0].findtext("link").startswith("https://www.hwypt.example/newsletter/issues/")
    assert 'href="https://www.hwypt.example/articles/"' in items[0].findtext("description")
    assert parsedate_to_datetime(items[0].findtext("pubDate"))
