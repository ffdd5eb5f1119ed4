"""The public content pages, through Django's test client."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from content import services
from content.models import Article
from newsletter import signup_errors


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_home_shows_featured_articles_topics_booking_and_newsletter(imported, client):
    page = text(client.get("/"))
    for article in Article.objects.featured():
        assert article.title in page
    assert 'href="/topics/basics/"' in page
    assert 'href="/book/"' in page and "Book a consultation" in page
    assert 'class="newsletter-signup"' in page


def test_article_list_groups_by_topic_in_order_and_paginates(imported, client):
    first = text(client.get("/articles/"))
    second = text(client.get("/articles/?page=2"))
    assert first.index("Understand the treatment") < first.index("Techniques")
    assert "Page 1 of 2" in first and 'rel="next"' in first
    shown = set(re.findall(r'href="/articles/([a-z0-9-]+)/"', first + second))
    assert shown == set(Article.objects.values_list("slug", flat=True))


def test_topic_page_lists_only_its_articles(imported, client):
    page = text(client.get("/topics/safety/"))
    safety = Article.objects.filter(topic__slug="safety")
    for article in safety:
        assert article.title in page
    assert "Myofascial release" not in page.split("<main")[1]
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_article_page_has_every_part(imported, client):
    article = Article.objects.get(slug="myofascial-release")
    page = text(client.get(article.get_absolute_url()))
    assert 'aria-label="Breadcrumb"' in page
    assert f'<h1 id="article-title">{article.title}</h1>' in page
    assert article.summary in page
    assert (
        'Sample reviewer: Daniel Reyes, <abbr title="Physical therapist: licensed to practise '
        'physical therapy">PT</abbr>, <abbr title="Doctor of Physical Therapy: a doctor&#x27;s '
        'degree in physical therapy">DPT</abbr>, <abbr title="Orthopaedic Clinical Specialist: '
        'a board-certified specialist in bones, joints and muscles">OCS</abbr> (made up, not a '
        "real reviewer) · Last reviewed "
        '<time datetime="2026-08-03">August 3, 2026</time> · Next review due '
        '<time datetime="2027-08-03">August 3, 2027</time>'
    ) in page
    assert "On this page" in page and 'href="#what-the-name-means"' in page
    assert '<h2 id="what-the-name-means">' in page
    assert "Similar posts" in page and "How soft tissue mobilization works" in page
    assert "Further reading" in page
    assert 'href="/book/"' in page
    assert 'class="newsletter-signup"' in page
    assert 'href="/medical-disclaimer/"' in page
    assert (
        '<link rel="canonical" href="http://127.0.0.1:8000/articles/myofascial-release/">' in page
    )
    assert '<meta property="og:title" content="Myofascial release">' in page


def test_drafts_and_future_articles_are_not_found(make_article, client):
    draft = make_article(status=Article.Status.DRAFT)
    future = make_article(published_on=timezone.localdate() + datetime.timedelta(days=1))
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    assert future.title not in text(client.get("/articles/"))


def test_similar_posts_hide_unpublished_articles(make_article, client):
    draft = make_article(title="Secret draft", status=Article.Status.DRAFT)
    live = make_article(title="Visible neighbour")
    article = make_article(related=[draft, live])
    page = text(client.get(article.get_absolute_url()))
    assert "Visible neighbour" in page and "Secret draft" not in page


@pytest.mark.parametrize("count", [1, 8])
def test_article_page_query_count_does_not_grow_with_related(
    make_article, client, django_assert_num_queries, count
):
    others = [make_article() for _ in range(count)]
    article = make_article(related=others)
    # 1: the article's row; 2: the article with topic, author, reviewer and image;
    # 3: similar posts with topics (2 and 3 only to make the cached fragments); 4 and 5:
    # the locations and their hours for the footer, once per worker and content version.
    with django_assert_num_queries(5):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    client.cookies[settings.SESSION_COOKIE_NAME] = "a-reader-with-a-session"
    # None: the fragments are cached and the worker keeps the article's row until the
    # next edit; no session lookup unless the sign-up marked this page as holding an
    # error of the reader's to show.
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    client.cookies[signup_errors.MARK_COOKIE] = "1"
    with django_assert_num_queries(1):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in body


def test_further_reading_lists_approved_references(make_article, client):
    article = make_article(
        references=["Our leaflet on posture", {"title": "APTA", "url": "https://www.apta.org/"}]
    )
    services.article_references_approve(article=article, on=datetime.date(2026, 11, 2))
    page = text(client.get(article.get_absolute_url()))
    assert "<li>Our leaflet on posture</li>" in page
    assert '<a href="https://www.apta.org/">APTA</a>' in page


def test_references_with_script_links_are_refused(make_article):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_article(references=[{"title": "x", "url": "javascript:alert(1)"}])


def test_article_picture_and_open_graph_image(make_article, client, settings, tmp_path):
    from content import services
    from tests.content.test_images import photo

    settings.MEDIA_ROOT = tmp_path
    image = services.image_create(data=photo(), alt="Hands on a shoulder")
    article = make_article(image=image)
    page = text(client.get(article.get_absolute_url()))
    assert '<source type="image/webp" srcset="/media/articles/' in page
    assert 'width="800" height="500" alt="Hands on a shoulder"' in page
    assert '<meta property="og:image" content="http://127.0.0.1:8000/media/articles/' in page
    assert '<meta property="og:image:alt" content="Hands on a shoulder">' in page
