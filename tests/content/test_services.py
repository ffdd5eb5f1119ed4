"""Saving an article stores its rendered, sanitised HTML; slugs and publishing."""

import datetime

import pytest
from django.utils import timezone

from content import services
from content.models import Article, OldSlug


def test_saving_stores_rendered_html_headings_and_text(make_article):
    article = make_article(body="## First part\n\nSome **bold** text.\n\n## Second part\n\nMore.\n")
    article.refresh_from_db()
    assert '<h2 id="first-part">First part</h2>' in article.body_html
    assert "<strong>bold</strong>" in article.body_html
    assert article.headings == [["first-part", "First part"], ["second-part", "Second part"]]
    assert article.body_text.startswith("First part Some bold text.")


@pytest.mark.parametrize(
    ("dirty", "forbidden"),
    [
        ("<script>alert('x')</script>", "<script"),
        ('<img src="a.png" alt="a" onerror="alert(1)">', "onerror"),
        ("[Click me](javascript:alert(1))", "javascript:"),
        ('<p style="display:none">hidden</p>', "style"),
        ("<style>body { display: none }</style>", "<style"),
    ],
)
def test_stored_html_is_sanitised(make_article, client, dirty, forbidden):
    article = make_article(body=f"Hello.\n\n{dirty}\n")
    article.refresh_from_db()
    assert forbidden not in article.body_html
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="article-body prose">')[1].split("</div>")[0]
    assert forbidden not in body


def test_changed_slug_is_kept_and_redirects(make_article, client):
    article = make_article(slug="old-name")
    article.slug = "new-name"
    services.article_save(article=article)
    assert OldSlug.objects.filter(slug="old-name", article=article).exists()
    response = client.get("/articles/old-name/")
    assert response.status_code == 301
    assert response["Location"] == "/articles/new-name/"


def test_reusing_an_old_slug_drops_the_redirect(make_article):
    article = make_article(slug="first")
    article.slug = "second"
    services.article_save(article=article)
    article.slug = "first"
    services.article_save(article=article)
    assert list(OldSlug.objects.values_list("slug", flat=True)) == ["second"]


def test_publish_and_unpublish(make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert article not in Article.objects.published()
    services.article_publish(article=article)
    assert article in Article.objects.published()
    services.article_unpublish(article=article)
    assert article not in Article.objects.published()


def test_publish_on_a_future_date_schedules_it(make_article, client):
    article = make_article(status=Article.Status.DRAFT)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    services.article_publish(article=article, on=tomorrow)
    assert article.status == Article.Status.PUBLISHED
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article in Article.objects.published(tomorrow)
