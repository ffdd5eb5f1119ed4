"""Search that forgives: synonyms, typos, "Did you mean", and hostile input.

Runs on whichever database the suite uses: pg_trgm on PostgreSQL, the corrected
query on SQLite. Articles are made here, with dates that hold on any day.
"""

import datetime
import re

import pytest

from content.models import Article, SearchSynonym
from content.search import search_articles, search_forgiving

TODAY = datetime.date(2026, 12, 2)
LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 1, 1)


@pytest.fixture
def articles(make_article):
    """Three articles that exist on any date, with a review far ahead."""
    dates = {"published_on": LONG_AGO, "last_reviewed": LONG_AGO, "next_review_due": FAR_AHEAD}
    return {
        "release": make_article(
            title="Myofascial release",
            summary="Slow, steady pressure on tight tissue.",
            body="## What it is\n\nThe therapist holds a stretch on the fascia.\n",
            **dates,
        ),
        "trigger": make_article(
            title="Trigger points",
            summary="Tender spots in a muscle.",
            body="## Finding them\n\nA trigger point can send pain elsewhere.\n",
            **dates,
        ),
        "percussion": make_article(
            title="Percussion devices at home",
            summary="How to use one safely.",
            body="## Safety\n\nKeep it off bones and sore joints.\n",
            **dates,
        ),
    }


def slugs(results) -> list[str]:
    return [result.article.slug for result in results]


def test_a_typo_finds_the_article_and_offers_the_spelling(articles):
    outcome = search_forgiving("mysofascial relase", today=TODAY)
    assert slugs(outcome.results)[0] == articles["release"].slug
    assert outcome.close_matches
    assert outcome.suggestion == "myofascial release"


def test_an_exact_match_offers_no_suggestion(articles):
    outcome = search_forgiving("myofascial", today=TODAY)
    assert slugs(outcome.results) == [articles["release"].slug]
    assert not outcome.close_matches and outcome.suggestion == ""


def test_editors_synonyms_find_the_articles_words(articles):
    assert search_forgiving("knots", today=TODAY).results == []
    SearchSynonym.objects.create(patient_words="knots", article_words="trigger points")
    SearchSynonym.objects.create(patient_words="massage gun", article_words="percussion")
    from content.caching import bump_content_version

    bump_content_version()  # what the admin does on save
    [knots] = search_forgiving("knots", today=TODAY).results
    assert knots.article == articles["trigger"]
    assert "<mark>Trigger</mark>" in knots.title
    assert slugs(search_articles("massage gun", today=TODAY)) == [articles["percussion"].slug]


def test_nothing_close_gives_no_results_and_no_suggestion(articles):
    outcome = search_forgiving("xylophone", today=TODAY)
    assert outcome.results == [] and outcome.suggestion == ""


def test_hostile_input_is_cleaned_not_an_error(articles):
    outcome = search_forgiving("myo\x00fascial\x00" + "\x01" * 5000, today=TODAY)
    assert "\x00" not in outcome.query and len(outcome.query) <= 200


def test_a_withdrawn_overdue_article_is_not_found(articles):
    Article.objects.filter(pk=articles["trigger"].pk).update(
        next_review_due=LONG_AGO, when_review_overdue=Article.WhenReviewOverdue.WITHDRAW
    )
    assert search_forgiving("trigger", today=TODAY).results == []
    assert slugs(search_forgiving("myofascial", today=TODAY).results)


def test_search_page_offers_did_you_mean_as_a_link(articles, client):
    page = client.get("/search/", {"q": "mysofascial"}).content.decode()
    assert re.search(
        r'Did you mean <a class="search-suggestion" href="/search/\?q=myofascial">myofascial</a>\?',
        page,
    )
    assert 'href="/articles/' + articles["release"].slug + '/"' in page


def test_search_page_with_nothing_shows_topics_and_the_phone(articles, client, settings):
    page = client.get("/search/", {"q": "xylophone"}).content.decode()
    assert "No articles found for “xylophone”" in page
    assert 'href="/topics/basics/"' in page
    assert settings.CLINIC["phone_display"] in page.split("No articles found")[1]


@pytest.mark.parametrize(
    "raw_query",
    ["foam%00rolling", "%00", "a" * 100_000, "%ff%fe%00", "%27%20OR%201%3D1%20--", "%ED%A0%80"],
)
def test_search_page_never_fails_on_hostile_input(articles, client, raw_query):
    response = client.get("/search/?q=" + raw_query)
    # A NUL is refused before any view (hwypt.input_guard) with the friendly 400 page.
    assert response.status_code == (400 if "%00" in raw_query else 200)
    assert "\x00" not in response.content.decode()


def test_every_page_has_the_header_search_box(articles, client):
    page = client.get("/articles/" + articles["release"].slug + "/").content.decode()
    assert '<label class="visually-hidden" for="site-search-q">Search articles</label>' in page
    assert 'role="search" aria-label="Site"' in page
