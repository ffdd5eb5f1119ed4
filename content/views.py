"""Public pages: home, article list, topics, articles, search, robots.txt."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.generic import ListView

from content.caching import content_version, shared_page, version_memo
from content.models import Article, OldSlug, RelatedArticle, Topic
from content.query_words import MAX_QUERY_LENGTH, query_printable
from content.search import SearchOutcome, search_forgiving
from content.structured_data import article_graph
from hwypt.http import allow

ARTICLES_PER_PAGE = 12


def _topics_with_counts():
    listed = Q(articles__in=Article.objects.listed(timezone.localdate()))
    return Topic.objects.annotate(article_count=Count("articles", filter=listed)).filter(
        article_count__gt=0
    )


@allow("GET")
@shared_page
def home(request):
    featured = Article.objects.listed().featured().for_cards()[:6]
    return render(
        request,
        "content/home.html",
        {
            "featured": featured,
            "topics": _topics_with_counts(),
            "content_version": content_version(),
        },
    )


class ArticleListView(ListView):
    """Every published article, grouped by topic in the topics' order."""

    template_name = "content/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.listed().for_cards()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sample_content"] = Article.objects.published().by_demo_people().exists()
        return context


@allow("GET")
def disclaimer(request):
    sample = Article.objects.published().by_demo_people().exists()
    return render(request, "content/disclaimer.html", {"sample_content": sample})


@allow("GET")
@shared_page
def topic_detail(request, slug):
    topic = Topic.objects.filter(slug=slug).first()
    if topic is None:
        # A merged topic's old address: a handful of topics, so looked up in Python
        # (SQLite has no JSON "contains").
        renamed = next((t for t in Topic.objects.all() if slug in t.old_slugs), None)
        if renamed is None:
            raise Http404("No such topic")
        return redirect(renamed, permanent=True)
    articles = Article.objects.listed().for_cards().filter(topic=topic)
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "content/topic_detail.html",
        {"topic": topic, "page_obj": page, "articles": page.object_list},
    )


@allow("GET")
@shared_page
def article_detail(request, slug):
    today = timezone.localdate()
    version = content_version()
    # The page's article parts are cached fragments keyed by the article's updated time
    # (templates/content/article_detail.html): this small read, kept by the worker until
    # the next edit, is all a reader with a session costs; the full article (five joins,
    # its similar posts) is read only when a fragment is made again, after an edit.
    stub = version_memo.get(
        version,
        ("article", slug),
        lambda: (
            Article.objects.published(today)
            .filter(slug=slug)
            .values("pk", "title", "summary", "updated_at")
            .first()
        ),
    )
    if stub is None:
        old = OldSlug.objects.select_related("article").filter(slug=slug).first()
        if old and old.article.is_live:
            return redirect(old.article, permanent=True)
        raise Http404("No such article")

    def full_page() -> dict:
        similar = RelatedArticle.objects.filter(
            to_article__in=Article.objects.listed(today)
        ).select_related("to_article__topic")
        article = (
            Article.objects.for_page()
            .prefetch_related(Prefetch("related_links", queryset=similar, to_attr="similar"))
            .get(pk=stub["pk"])
        )
        return article_page_context(request, article, today=today)

    context = {"stub": stub, "page": SimpleLazyObject(full_page)}
    return render(request, "content/article_detail.html", context | {"content_version": version})


def article_page_context(request, article: Article, *, today, similar=None) -> dict:
    """What the article page shows; the admin preview uses it too, so both look the same."""
    site = settings.SITE_URL
    url = site + article.get_absolute_url()
    crumbs = [
        ("Home", site + reverse("content:home")),
        ("Articles", site + reverse("content:article-list")),
        (article.topic.name, site + article.topic.get_absolute_url()),
        (article.title, url),
    ]
    image_url = ""
    if article.image and article.image.renditions:
        image_url = site + article.image.fallback["url"]
    if similar is None:
        similar = [link.to_article for link in article.similar]
    structured = article_graph(
        url=url,
        title=article.title,
        summary=article.summary,
        published=article.published_on,
        last_reviewed=article.last_reviewed,
        author=_real_person(article.author),
        reviewer=_real_person(article.reviewer),
        topic=article.topic.name,
        crumbs=crumbs,
        clinic=settings.CLINIC,
        site_url=site,
        image_url=image_url,
    )
    return {
        "article": article,
        "review_overdue": article.review_overdue_on(today),
        "similar": similar,
        "canonical_url": url,
        "image_url": image_url,
        "structured_data": structured,
        "content_version": content_version(),
    }


def _real_person(person) -> tuple[str, str] | None:
    return None if person.is_demo else (person.name, person.credentials)


@allow("GET")
def search(request):
    # Kept as typed (less control characters), even when too long, so nothing is lost.
    typed = query_printable(request.GET.get("q", ""))
    too_long = len(typed) > MAX_QUERY_LENGTH
    if too_long:
        outcome = SearchOutcome(query="")
    else:
        outcome = search_forgiving(typed, today=timezone.localdate())
    page = Paginator(outcome.results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "content/search.html",
        {
            "query": typed,
            "searched": bool(outcome.query),
            "too_long": too_long,
            "max_length": MAX_QUERY_LENGTH,
            "outcome": outcome,
            "page_obj": page,
            "results": page.object_list,
            "result_count": len(outcome.results),
            "topics": _topics_with_counts() if not outcome.results else [],
        },
    )


@allow("GET")
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
