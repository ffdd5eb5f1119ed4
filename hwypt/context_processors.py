from django.conf import settings
from django.utils.functional import SimpleLazyObject

from content.caching import content_version
from scheduling import selectors


def clinic(request):
    """The clinic's details, set once in settings and shown on every page, and its
    locations (`clinic_places`, a name no view uses) for the footer, the home page's
    JSON-LD and its hero: read only when a worker draws a footer or home page for a new
    content version (`site_version` is the footer's cache key), never for a cached one."""
    return {
        "clinic": settings.CLINIC,
        "site_url": settings.SITE_URL,
        "site_version": SimpleLazyObject(content_version),
        "clinic_places": SimpleLazyObject(selectors.public_places),
    }
