"""sitemap.xml sections for content: the public pages, every topic and every published article.

The other apps add theirs (scheduling/sitemaps.py, newsletter/sitemaps.py); hwypt/urls.py
serves them together. Every lastmod is the date the content behind the page last changed.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Topic


class SiteUrlSitemap(Sitemap):
    """Absolute URLs from the SITE_URL setting, not from the request's Host header."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().order_by("slug")

    def lastmod(self, item: Article):
        return item.updated_at


class TopicSitemap(SiteUrlSitemap):
    def items(self):
        live = Q(
            articles__status=Article.Status.PUBLISHED,
            articles__published_on__lte=timezone.localdate(),
        )
        return Topic.objects.annotate(lastmod=Max("articles__updated_at", filter=live)).order_by(
            "position", "name"
        )

    def lastmod(self, item: Topic):
        return item.lastmod


class PageSitemap(SiteUrlSitemap):
    """Home and the article list change when an article does; the other pages have no date."""

    def items(self):
        return ["content:home", "content:article-list", "content:privacy", "content:disclaimer"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if item in ("content:home", "content:article-list"):
            return Article.objects.published().aggregate(Max("updated_at"))["updated_at__max"]
        return None


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap, "articles": ArticleSitemap}
