"""Project-wide views: health check and the friendly error pages."""

from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hwypt.http import allow


@allow("GET")
@never_cache
def healthz(request):
    """200 after a database round trip, 503 when the database cannot answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def csrf_failure(request, reason=""):
    """A form that expired or came from elsewhere: explain, reveal nothing."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """The 500 page, rendered without the database or the request context.

    Django's default handler would work too, but the site's look needs the
    clinic details, which come from settings and never fail.
    """
    from django.conf import settings
    from django.template import loader

    template = loader.get_template("500.html")
    return HttpResponse(
        template.render({"clinic": settings.CLINIC}), status=500, content_type="text/html"
    )
