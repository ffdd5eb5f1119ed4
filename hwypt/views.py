"""Project-wide views: health check, the friendly error pages, the development outbox."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from hwypt import dev_mail
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


def _development_only() -> None:
    # The outbox holds every patient's links: it exists only with DJANGO_DEBUG on,
    # checked on each request so no production setting can ever reach it.
    if not settings.DEBUG:
        raise Http404


@allow("GET")
@never_cache
def outbox_list(request):
    """Development: the emails the site sent, newest first, links ready to follow."""
    _development_only()
    messages = dev_mail.outbox_messages(settings.OUTBOX_DIR)
    return render(request, "dev/outbox.html", {"outbox_messages": messages})


@allow("GET")
@never_cache
def outbox_attachment(request, name: str, index: int):
    """Development: one attachment of a kept email, such as its calendar file."""
    _development_only()
    message = dev_mail.outbox_message(settings.OUTBOX_DIR, name)
    if message is None or index >= len(message.attachments):
        raise Http404
    attachment = message.attachments[index]
    response = HttpResponse(attachment.content, content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    return response
