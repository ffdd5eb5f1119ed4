from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse

from newsletter.emails import absolutise_html
from newsletter.models import Issue


class IssueFeed(Feed):
    """The public archive as RSS: sent issues only, newest first."""

    title = "HWY Senior Community newsletter"
    description = "The weekly newsletter of the HWY PT physical therapy clinic."

    def link(self):
        return settings.SITE_URL + reverse("newsletter:index")

    def feed_url(self):
        # Absolute, so Django's Feed does not build it from the request's Host header.
        return settings.SITE_URL + reverse("newsletter:feed")

    def items(self):
        return Issue.objects.sent()[:20]

    def item_title(self, item: Issue) -> str:
        return item.subject

    def item_description(self, item: Issue) -> str:
        return absolutise_html(item.body_html)

    def item_pubdate(self, item: Issue):
        return item.sent_at

    def item_link(self, item: Issue) -> str:
        return settings.SITE_URL + item.get_absolute_url()
