"""Article search: title matches rank above summary matches above body matches.

PostgreSQL uses full-text search (stemming, weights A/B/C, websearch syntax);
SQLite falls back to case-insensitive matching of every word. Both order by
the best field that matched first, so the ranking reads the same everywhere.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.safestring import SafeString

from content.highlight import highlight, query_terms
from content.models import Article

MAX_QUERY_LENGTH = 200
TITLE, SUMMARY, BODY = 3, 2, 1


@dataclass(frozen=True)
class SearchResult:
    article: Article
    title: SafeString
    snippet: SafeString


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


def search_articles(query: str, articles: QuerySet | None = None) -> list[SearchResult]:
    """Published articles matching `query`, best first, with highlighted snippets."""
    terms = query_terms(query)
    if not terms:
        return []
    articles = Article.objects.published().select_related("topic") if articles is None else articles
    if connection.vendor == "postgresql":
        found = _postgres(articles, query)
    else:
        found = _fallback(articles, terms)
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
