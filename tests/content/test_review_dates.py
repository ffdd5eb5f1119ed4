"""Past review dates: a notice or a withdrawal, and the weekly list for editors.

Dates are fixed (`today=`) or far enough away to hold on any day.
"""

import datetime
import re

import pytest
from django.core.management import call_command

from content import services
from content.models import Article
from tests.newsletter.conftest import smtp_server  # noqa: F401 (a real SMTP server on loopback)
from tests.users import make_staff

TODAY = datetime.date(2026, 12, 2)
LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 1, 1)
WITHDRAW = Article.WhenReviewOverdue.WITHDRAW


@pytest.fixture
def dated(make_article):
    def make(due: datetime.date, **fields) -> Article:
        return make_article(
            published_on=LONG_AGO, last_reviewed=LONG_AGO, next_review_due=due, **fields
        )

    return make


def test_listed_leaves_out_only_withdrawn_overdue_articles(dated):
    kept = dated(TODAY - datetime.timedelta(days=1))
    withdrawn = dated(TODAY - datetime.timedelta(days=1), when_review_overdue=WITHDRAW)
    due_today = dated(TODAY, when_review_overdue=WITHDRAW)
    listed = set(Article.objects.listed(TODAY))
    assert listed == {kept, due_today}
    assert withdrawn in Article.objects.published(TODAY)


def test_an_overdue_page_says_so_and_a_current_one_does_not(dated, client):
    overdue = dated(LONG_AGO, title="Old advice")
    current = dated(FAR_AHEAD, title="New advice")
    page = client.get(overdue.get_absolute_url()).content.decode()
    assert "This article is due for review" in page
    assert 'datetime="2000-01-01"' in page
    assert 'name="robots" content="noindex"' not in page
    assert "due for review" not in client.get(current.get_absolute_url()).content.decode()


def test_a_withdrawn_article_leaves_the_lists_but_its_page_still_answers(dated, client):
    withdrawn = dated(LONG_AGO, title="Withdrawn advice", when_review_overdue=WITHDRAW)
    dated(FAR_AHEAD, title="Current advice")
    for path in ["/articles/", "/topics/basics/", "/feeds/articles.rss", "/sitemap.xml"]:
        body = client.get(path).content.decode()
        assert withdrawn.slug not in body, path
    assert "Current advice" in client.get("/articles/").content.decode()
    page = client.get(withdrawn.get_absolute_url()).content.decode()
    assert "This article is due for review" in page
    assert 'name="robots" content="noindex"' in page


def test_references_show_only_once_the_reviewer_approved_them(dated, client):
    article = dated(FAR_AHEAD, references=["Our leaflet on posture"])
    assert "Our leaflet on posture" not in client.get(article.get_absolute_url()).content.decode()
    services.article_references_approve(article=article, on=TODAY)
    page = re.sub(r"\s+", " ", client.get(article.get_absolute_url()).content.decode())
    assert "<li>Our leaflet on posture</li>" in page
    assert "References checked by Daniel Reyes, PT, DPT, OCS, on" in page


def test_changing_the_references_withdraws_the_approval(dated):
    article = dated(FAR_AHEAD, references=["A"])
    services.article_references_approve(article=article, on=TODAY)
    article.references = ["A", "B, not yet checked"]
    services.article_save(article=article)
    article.refresh_from_db()
    assert not article.references_approved and article.references_approved_on is None
    article.title = "Only the title changed"
    services.article_references_approve(article=article, on=TODAY)
    services.article_save(article=article)
    article.refresh_from_db()
    assert article.references_approved


def test_weekly_email_lists_articles_due_in_30_days_over_smtp(dated, smtp_server, settings):  # noqa: F811
    settings.SITE_URL = "https://www.hwypt.example"
    make_staff("ed", "Content editors", email="ed@hwypt.example")
    make_staff("desk", "Front desk", email="desk@hwypt.example")
    overdue = dated(TODAY - datetime.timedelta(days=3), title="Overdue one")
    soon = dated(TODAY + datetime.timedelta(days=30), title="Due in thirty days")
    dated(TODAY + datetime.timedelta(days=31), title="Due in thirty-one days")
    dated(TODAY, title="Draft due today", status=Article.Status.DRAFT)

    services.review_reminder_send(today=TODAY)

    [message] = smtp_server.messages
    assert message["To"] == "ed@hwypt.example"
    assert message["Subject"] == "Article reviews due: 2 in the next 30 days"
    text = message.get_body(("plain",)).get_content()
    assert "Overdue one: was due November 29, 2026" in text
    assert "Due in thirty days: due January 1, 2027" in text
    assert "thirty-one" not in text and "Draft" not in text
    assert f"https://www.hwypt.example/admin/content/article/{overdue.pk}/change/" in text
    assert text.index("Overdue one") < text.index(soon.title)


def test_the_command_sends_nothing_on_a_dry_run(dated, smtp_server, capsys):  # noqa: F811
    make_staff("ed", "Content editors", email="ed@hwypt.example")
    dated(TODAY + datetime.timedelta(days=5))
    call_command("send_review_reminders", "--today", "2026-12-02", "--dry-run")
    assert "Would email 1 editor(s) about 1 article(s)." in capsys.readouterr().out
    assert smtp_server.messages == []
    call_command("send_review_reminders", "--today", "2026-12-02")
    assert "Emailed 1 editor(s) about 1 article(s)." in capsys.readouterr().out
    assert len(smtp_server.messages) == 1
