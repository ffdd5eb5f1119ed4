from django.conf import settings


def clinic(request):
    """The clinic's details, set once in settings and shown on every page."""
    return {"clinic": settings.CLINIC, "site_url": settings.SITE_URL}
