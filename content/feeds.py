"""RSS and Atom feeds of the latest published articles."""

import datetime

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from content.models import Article


class LatestArticlesFeed(Feed):
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
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
