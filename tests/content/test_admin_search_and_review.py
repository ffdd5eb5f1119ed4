"""Editors keep the search synonyms, choose what an overdue review does, approve references."""

import datetime

from content.models import Article, SearchSynonym
from content.search import search_forgiving
from tests.users import make_staff

LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 1, 1)


def test_an_editor_adds_a_synonym_that_search_uses_at_once(client, make_article):
    article = make_article(
        title="Percussion devices", published_on=LONG_AGO, next_review_due=FAR_AHEAD
    )
    client.force_login(make_staff("writer", "Content editors"))
    assert search_forgiving("massage gun", today=datetime.date(2026, 12, 2)).results == []
    response = client.post(
        "/admin/content/searchsynonym/add/",
        {"patient_words": "  Massage   Gun ", "article_words": "Percussion"},
    )
    assert response.status_code == 302
    assert str(SearchSynonym.objects.get()) == "massage gun → percussion"
    [found] = search_forgiving("massage gun", today=datetime.date(2026, 12, 2)).results
    assert found.article == article


def test_an_editor_approves_references_with_the_action(client, make_article):
    article = make_article(references=["A leaflet"], next_review_due=FAR_AHEAD)
    client.force_login(make_staff("writer", "Content editors"))
    page = client.get(f"/admin/content/article/{article.pk}/change/").content.decode()
    assert "Not yet: the page shows them once the reviewer has checked them" in page
    assert "Keep it listed, with a notice" in page and "Take it out of the lists" in page
    client.post(
        "/admin/content/article/",
        {"action": "approve_references", "_selected_action": [article.pk]},
    )
    article = Article.objects.get(pk=article.pk)
    assert article.references_approved and article.references_approved_by == article.reviewer
