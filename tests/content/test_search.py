"""Search: title above summary above body, highlighted snippets, friendly edge cases.

Runs on whichever database the suite uses: full-text search on PostgreSQL,
the fallback on SQLite.
"""

import re

from content.models import Article
from content.search import search_articles


def slugs(results) -> list[str]:
    return [result.article.slug for result in results]


def test_title_ranks_above_summary_above_body(make_article):
    in_body = make_article(
        title="Aaa body", summary="Nothing here.", body="Stretching every day.\n" * 5
    )
    in_summary = make_article(title="Bbb summary", summary="Stretching helps.", body="Other.\n")
    in_title = make_article(title="Zzz stretching", summary="Nothing.", body="Other text.\n")
    make_article(title="Unrelated", summary="Nothing.", body="Nothing at all.\n")
    assert slugs(search_articles("stretching")) == [in_title.slug, in_summary.slug, in_body.slug]


def test_only_published_articles_are_found(make_article):
    make_article(title="Draft stretching", status=Article.Status.DRAFT)
    assert search_articles("stretching") == []


def test_snippets_are_highlighted_and_escaped(make_article):
    make_article(title="Posture", summary="Sit well.", body="Use a <b>cushion</b> & sit tall.\n")
    [result] = search_articles("cushion")
    assert "<mark>cushion</mark>" in result.snippet
    assert "<b>" not in result.snippet and "&amp;" in result.snippet


def test_real_articles_find_foam_rolling_first(imported):
    results = search_articles("foam rolling")
    assert results[0].article.slug == "foam-rolling"
    assert "<mark>" in results[0].title


def test_search_page_results(imported, client):
    page = client.get("/search/", {"q": "trigger point"}).content.decode()
    assert re.search(r"\d+ articles? found for “trigger point”", page)
    assert 'href="/articles/trigger-point-therapy/"' in page
    assert "<mark>" in page


def test_search_page_without_results_helps(imported, client):
    page = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "No articles found for “xylophone”" in page
    assert 'href="/topics/basics/"' in page


def test_empty_search_explains_what_to_type(imported, client):
    page = client.get("/search/", {"q": "   "}).content.decode()
    assert "Type one to three words" in page


def test_overlong_search_is_refused_kindly(imported, client):
    response = client.get("/search/", {"q": "back pain " * 50})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your search is too long" in page
    assert 'value="' + "back pain " * 49 + 'back pain "' in page  # kept as typed


def test_search_escapes_the_query(imported, client):
    page = client.get("/search/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)" not in page
