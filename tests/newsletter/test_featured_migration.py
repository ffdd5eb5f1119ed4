"""The migration from plain featured links to article links keeps what it can match."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from content.models import OldSlug
from newsletter.models import FeaturedArticle

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("newsletter", "0002_confirmation_email_claim")]
AFTER = [("newsletter", "0005_emails_in_outbox")]  # the latest: later tests need the full schema


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_article_links_are_kept_in_order_and_anything_else_is_dropped(make_article):
    walking, balance = make_article(slug="walking"), make_article(slug="balance")
    OldSlug.objects.create(slug="keeping-your-balance", article=balance)
    apps = migrate(BEFORE)
    try:
        Issue = apps.get_model("newsletter", "Issue")
        old = apps.get_model("newsletter", "FeaturedArticle")
        issue = Issue.objects.create(subject="Old", body="Text")
        for position, url in enumerate([
            "https://www.hwypt.example/articles/keeping-your-balance/",  # an old slug
            "/articles/walking/",
            "https://elsewhere.example/a-page/",  # not an article: dropped
            "/articles/gone/",  # no such article: dropped
            "/articles/walking",  # the same article again: dropped
        ]):  # fmt: skip
            old.objects.create(issue=issue, title="T", url=url, position=position)
    finally:
        migrate(AFTER)
    features = FeaturedArticle.objects.order_by("position")
    assert [(f.article, f.position) for f in features] == [(balance, 0), (walking, 1)]

    # And back: the plain fields are rebuilt from the article.
    apps = migrate(BEFORE)
    try:
        old = apps.get_model("newsletter", "FeaturedArticle")
        rows = old.objects.order_by("position").values_list("title", "url", "summary")
        assert list(rows) == [
            (balance.title, "/articles/balance/", balance.summary),
            (walking.title, "/articles/walking/", walking.summary),
        ]
    finally:
        migrate(AFTER)
