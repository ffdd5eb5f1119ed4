"""RSS and Atom feeds of the latest published articles."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from content.models import Article

# An empty feed's date when no article has ever existed: any fixed moment will do.
NEVER = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


class SteadyDateMixin:
    """A feed dated by its articles, never by the clock.

    Django dates a feed with no items "now", so an empty feed changed every second and
    its ETag never matched. Dated by the last change to any article instead, the same
    feed gives the same bytes until an article changes.
    """

    def latest_post_date(self) -> datetime.datetime:
        if any(item["pubdate"] or item["updateddate"] for item in self.items):
            return super().latest_post_date()
        return self.feed["last_change"]


class SteadyRssFeed(SteadyDateMixin, Rss201rev2Feed):
    pass


class SteadyAtomFeed(SteadyDateMixin, Atom1Feed):
    pass


class LatestArticlesFeed(Feed):
    feed_type = SteadyRssFeed
    description = "Plain-language articles about soft tissue mobilization."
    limit = 30

    def title(self) -> str:
        return f"{settings.CLINIC['name']} articles"

    def link(self) -> str:
        return settings.SITE_URL + reverse("content:article-list")

    def get_object(self, request, *args, **kwargs) -> str:
        # The "object" is this feed's own path, for its self link.
        return request.path

    def feed_url(self, path: str) -> str:
        return settings.SITE_URL + path

    def feed_extra_kwargs(self, obj) -> dict:
        last = Article.objects.aggregate(last=Max("updated_at"))["last"]
        return {"last_change": last or NEVER}

    def items(self):
        return (
            Article.objects.listed()
            .select_related("topic", "author")
            .order_by("-published_on", "title")[: self.limit]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_link(self, item: Article) -> str:
        return settings.SITE_URL + item.get_absolute_url()

    def item_guid(self, item: Article) -> str:
        return f"{settings.SITE_URL}/articles/id/{item.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, item: Article) -> str:
        return f"{item.author.name}, {item.author.credentials}"

    def item_pubdate(self, item: Article) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.updated_at

    def item_categories(self, item: Article) -> list[str]:
        return [item.topic.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = SteadyAtomFeed
    subtitle = LatestArticlesFeed.description
