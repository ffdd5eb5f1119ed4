"""sitemap.xml: the public pages, every topic and every published article."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

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
        return Article.objects.listed().order_by("slug")

    def lastmod(self, item: Article):
        return item.updated_at


class TopicSitemap(SiteUrlSitemap):
    def items(self):
        return Topic.objects.all()


class PageSitemap(SiteUrlSitemap):
    def items(self):
        return ["content:home", "content:article-list", "content:privacy", "content:disclaimer"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "topics": TopicSitemap, "articles": ArticleSitemap}
