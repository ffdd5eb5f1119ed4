"""sitemap.xml section for the therapists' pages."""

from content.sitemaps import SiteUrlSitemap
from scheduling.models import Therapist


class TherapistSitemap(SiteUrlSitemap):
    def items(self):
        return Therapist.objects.active().order_by("slug")

    def lastmod(self, item: Therapist):
        return item.updated_at


SITEMAPS = {"therapists": TherapistSitemap}
