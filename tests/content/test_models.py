"""What counts as published: drafts and future publish dates stay hidden, without any job."""

import datetime

from django.utils import timezone

from content.models import Article


def test_published_excludes_drafts_and_future_dates(make_article):
    today = timezone.localdate()
    live = make_article()
    make_article(status=Article.Status.DRAFT)
    scheduled = make_article(published_on=today + datetime.timedelta(days=3))
    assert list(Article.objects.published()) == [live]
    # The scheduled article appears on its day with nothing run in between.
    on_the_day = Article.objects.published(today + datetime.timedelta(days=3))
    assert set(on_the_day) == {live, scheduled}


def test_published_today_is_visible(make_article):
    article = make_article(published_on=timezone.localdate())
    assert article in Article.objects.published()
    assert article.is_live


def test_review_overdue(make_article):
    today = timezone.localdate()
    overdue = make_article(next_review_due=today - datetime.timedelta(days=1))
    fine = make_article(next_review_due=today)
    assert list(Article.objects.review_overdue()) == [overdue]
    assert overdue.review_is_overdue and not fine.review_is_overdue


def test_featured(make_article):
    featured = make_article(featured=True)
    make_article()
    assert list(Article.objects.published().featured()) == [featured]


def test_related_keeps_the_editors_order(make_article):
    first, second = make_article(), make_article()
    article = make_article(related=[second, first])
    assert list(article.relations_in_order()) == [second, first]
