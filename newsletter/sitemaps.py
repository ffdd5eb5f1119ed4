"""sitemap.xml section for the newsletter: the archive page and each sent issue."""

from django.db.models import Max
from django.urls import reverse

from content.sitemaps import SiteUrlSitemap
from newsletter.models import Issue


class ArchiveSitemap(SiteUrlSitemap):
    def items(self):
        return ["newsletter:index"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        return Issue.objects.sent().aggregate(Max("sent_at"))["sent_at__max"]


class IssueSitemap(SiteUrlSitemap):
    def items(self):
        return Issue.objects.sent().order_by("pk")

    def lastmod(self, item: Issue):
        return item.sent_at


SITEMAPS = {"newsletter": ArchiveSitemap, "issues": IssueSitemap}
