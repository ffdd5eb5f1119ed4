"""Article search: title matches rank above summary matches above body matches.

PostgreSQL uses full-text search (stemming, weights A/B/C, websearch syntax);
SQLite falls back to case-insensitive matching of every word. Both order by
the best field that matched first, so the ranking reads the same everywhere.

Search forgives: the editors' synonyms (patient words -> article words) are
searched too, and a query that still finds nothing is matched loosely
(pg_trgm word similarity on PostgreSQL; on SQLite, the query with its typos
corrected against the articles' own words) and offered as "Did you mean ...".
"""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Greatest
from django.utils.safestring import SafeString

from content.caching import FRAGMENT_TIMEOUT, content_version
from content.highlight import highlight, query_terms
from content.models import Article, SearchSynonym
from content.query_words import (
    SHORTEST_CORRECTED,
    query_clean,
    spelling_correct,
    synonyms_apply,
    vocabulary_from,
)

TITLE, SUMMARY, BODY = 3, 2, 1
# word_similarity() at or above which a field counts as a close match.
TRIGRAM_THRESHOLD = 0.5


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: SafeString
    snippet: SafeString


@dataclass(frozen=True)
class SearchOutcome:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    # Results that only come close (typos), and the corrected query to offer.
    close_matches: bool = False
    suggestion: str = ""


def _postgres(articles: QuerySet, query: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    search_query = SearchQuery(query, search_type="websearch", config="english")
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body_text", weight="C", config="english")
    )
    return (
        articles.annotate(
            document=vector,
            title_document=SearchVector("title", config="english"),
            summary_document=SearchVector("summary", config="english"),
        )
        .filter(document=search_query)
        .annotate(
            tier=Case(
                When(Q(title_document=search_query), then=Value(TITLE)),
                When(Q(summary_document=search_query), then=Value(SUMMARY)),
                default=Value(BODY),
                output_field=IntegerField(),
            ),
            rank=SearchRank(vector, search_query),
        )
        .order_by("-tier", "-rank", "title")
    )


def _postgres_trigram(articles: QuerySet, query: str) -> QuerySet:
    """Articles with words close to the query's (pg_trgm), best field first."""
    from django.contrib.postgres.search import TrigramWordSimilarity

    close = Value(TRIGRAM_THRESHOLD)
    return (
        articles.annotate(
            title_close=TrigramWordSimilarity(query, "title"),
            summary_close=TrigramWordSimilarity(query, "summary"),
            body_close=TrigramWordSimilarity(query, "body_text"),
        )
        .annotate(best=Greatest("title_close", "summary_close", "body_close"))
        .filter(best__gte=close)
        .annotate(
            tier=Case(
                When(title_close__gte=close, then=Value(TITLE)),
                When(summary_close__gte=close, then=Value(SUMMARY)),
                default=Value(BODY),
                output_field=IntegerField(),
            ),
            rank=F("best"),
        )
        .order_by("-tier", "-rank", "title")
    )


def _fallback(articles: QuerySet, terms: list[str]) -> QuerySet:
    def every(field: str) -> Q:
        condition = Q()
        for term in terms:
            condition &= Q(**{f"{field}__icontains": term})
        return condition

    matches_somewhere = Q()
    for term in terms:
        matches_somewhere &= (
            Q(title__icontains=term) | Q(summary__icontains=term) | Q(body_text__icontains=term)
        )
    return (
        articles.filter(matches_somewhere)
        .annotate(
            tier=Case(
                When(every("title"), then=Value(TITLE)),
                When(every("summary"), then=Value(SUMMARY)),
                default=Value(BODY),
                output_field=IntegerField(),
            )
        )
        .order_by("-tier", "title")
    )


def _fallback_any(articles: QuerySet, terms: list[str]) -> QuerySet:
    """SQLite's loose match: articles with any of the longer words, best field first."""
    if not terms:
        return articles.none()
    anywhere, in_title, in_summary = Q(), Q(), Q()
    for term in terms:
        in_title |= Q(title__icontains=term)
        in_summary |= Q(summary__icontains=term)
        anywhere |= Q(title__icontains=term) | Q(summary__icontains=term)
        anywhere |= Q(body_text__icontains=term)
    return (
        articles.filter(anywhere)
        .annotate(
            tier=Case(
                When(in_title, then=Value(TITLE)),
                When(in_summary, then=Value(SUMMARY)),
                default=Value(BODY),
                output_field=IntegerField(),
            )
        )
        .order_by("-tier", "title")
    )


def _matching(articles: QuerySet, query: str) -> list[Article]:
    if connection.vendor == "postgresql":
        return list(_postgres(articles, query))
    return list(_fallback(articles, query_terms(query)))


def _with_synonyms(articles: QuerySet, query: str) -> tuple[list[Article], list[str]]:
    """Matches of the query, then of the query in the articles' words; and the words searched."""
    queries = [query]
    rewritten = synonyms_apply(query, _synonyms())
    if rewritten and rewritten != query:
        queries.append(rewritten)
    found: dict[int, Article] = {}
    for each in queries:
        for article in _matching(articles, each):
            found.setdefault(article.pk, article)
    terms = [term for each in queries for term in query_terms(each)]
    return list(found.values()), list(dict.fromkeys(terms))


def _synonyms() -> list[tuple[str, str]]:
    key = f"content:search-synonyms:{content_version()}"
    synonyms = cache.get(key)
    if synonyms is None:
        synonyms = list(SearchSynonym.objects.values_list("patient_words", "article_words"))
        cache.set(key, synonyms, FRAGMENT_TIMEOUT)
    return synonyms


def _vocabulary(articles: QuerySet, today: datetime.date) -> dict[str, int]:
    """Every word the listed articles and the synonyms use: what a typo is corrected to."""
    key = f"content:search-vocabulary:{content_version()}:{today.isoformat()}"
    vocabulary = cache.get(key)
    if vocabulary is None:
        texts = [
            text for row in articles.values_list("title", "summary", "body_text") for text in row
        ]
        texts += [patient for patient, _ in _synonyms()]
        vocabulary = vocabulary_from(texts)
        cache.set(key, vocabulary, FRAGMENT_TIMEOUT)
    return vocabulary


def _results(found: list[Article], terms: list[str]) -> list[SearchResult]:
    results = []
    for article in found:
        snippet_source = article.summary if article.tier >= SUMMARY else article.body_text
        results.append(
            SearchResult(
                article=article,
                title=highlight(article.title, terms, width=1000),
                snippet=highlight(snippet_source, terms),
            )
        )
    return results


def _listed(today: datetime.date | None) -> QuerySet:
    return Article.objects.listed(today).select_related("topic")


def search_articles(query: str, *, today: datetime.date | None = None) -> list[SearchResult]:
    """Listed articles matching `query` or its synonyms, best first, with highlighted snippets."""
    query = query_clean(query)
    if not query_terms(query):
        return []
    found, terms = _with_synonyms(_listed(today), query)
    return _results(found, terms)


def search_forgiving(query: str, *, today: datetime.date) -> SearchOutcome:
    """Exact matches if any; otherwise close matches and a corrected query to offer."""
    query = query_clean(query)
    if not query_terms(query):
        return SearchOutcome(query=query)
    articles = _listed(today)
    found, terms = _with_synonyms(articles, query)
    if found:
        return SearchOutcome(query=query, results=_results(found, terms))
    suggestion = spelling_correct(query, _vocabulary(articles, today))
    suggested, suggested_terms = _with_synonyms(articles, suggestion) if suggestion else ([], [])
    close = {article.pk: article for article in suggested}
    if connection.vendor == "postgresql":
        loosely = _postgres_trigram(articles, query)
    else:
        words = dict.fromkeys(suggested_terms + terms)
        loosely = _fallback_any(articles, [w for w in words if len(w) >= SHORTEST_CORRECTED])
    for article in loosely:
        close.setdefault(article.pk, article)
    close = list(close.values())
    return SearchOutcome(
        query=query,
        results=_results(close, suggested_terms or terms),
        close_matches=bool(close),
        suggestion=suggestion if suggested else "",
    )
