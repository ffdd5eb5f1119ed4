"""Public pages: home, article list, topics, articles, search, robots.txt."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView

from content.caching import content_version, shared_page
from content.models import Article, OldSlug, RelatedArticle, Topic
from content.search import MAX_QUERY_LENGTH, search_articles
from content.structured_data import article_graph, home_graph
from hwypt.http import allow

ARTICLES_PER_PAGE = 12


def _topics_with_counts():
    today = timezone.localdate()
    published = Q(articles__status=Article.Status.PUBLISHED, articles__published_on__lte=today)
    return Topic.objects.annotate(article_count=Count("articles", filter=published)).filter(
        article_count__gt=0
    )


@allow("GET")
@shared_page
def home(request):
    featured = Article.objects.published().featured().for_cards()[:6]
    return render(
        request,
        "content/home.html",
        {
            "featured": featured,
            "topics": _topics_with_counts(),
            "content_version": content_version(),
            "structured_data": home_graph(settings.CLINIC, settings.SITE_URL),
        },
    )


class ArticleListView(ListView):
    """Every published article, grouped by topic in the topics' order."""

    template_name = "content/article_list.html"
    context_object_name = "articles"
    paginate_by = ARTICLES_PER_PAGE

    def get_queryset(self):
        return Article.objects.published().for_cards()

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
    topic = get_object_or_404(Topic, slug=slug)
    articles = Article.objects.published().for_cards().filter(topic=topic)
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
    similar = RelatedArticle.objects.filter(
        to_article__status=Article.Status.PUBLISHED, to_article__published_on__lte=today
    ).select_related("to_article__topic")
    article = (
        Article.objects.published(today)
        .for_page()
        .prefetch_related(Prefetch("related_links", queryset=similar, to_attr="similar"))
        .filter(slug=slug)
        .first()
    )
    if article is None:
        old = OldSlug.objects.select_related("article").filter(slug=slug).first()
        if old and old.article.is_live:
            return redirect(old.article, permanent=True)
        raise Http404("No such article")
    return render(request, "content/article_detail.html", article_page_context(request, article))


def article_page_context(request, article: Article, similar=None) -> dict:
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
    query = request.GET.get("q", "")
    too_long = len(query) > MAX_QUERY_LENGTH
    cleaned = query.strip()
    results = [] if too_long or not cleaned else search_articles(cleaned)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "content/search.html",
        {
            # Kept as typed, even when too long, so nothing is lost.
            "query": query,
            "searched": bool(cleaned) and not too_long,
            "too_long": too_long,
            "max_length": MAX_QUERY_LENGTH,
            "page_obj": page,
            "results": page.object_list,
            "result_count": len(results),
            "topics": _topics_with_counts() if not results else [],
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
