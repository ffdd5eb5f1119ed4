"""Project-wide middleware: the request log, the Permissions-Policy header, 405 before
the CSRF check, and compression that leaves pages carrying secrets alone."""

import logging
import time

from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware

from hwypt.http import view_methods
from hwypt.logs import carries_token, redact

logger = logging.getLogger("hwypt.requests")


class RequestLogMiddleware:
    """Log one line per request: method, path, status and time taken.

    Only the path is logged, never the query string or the body, so nothing a
    patient types (search words, intake answers) reaches the logs; tokens in
    manage, confirm and unsubscribe links are blanked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        elapsed_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            redact(request.path),
            response.status_code,
            elapsed_ms,
        )
        return response


class PermissionsPolicyMiddleware:
    """Turn off powerful browser features the site never uses."""

    POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.POLICY)
        return response


class AllowedMethodsMiddleware:
    """A method the page does not answer gets 405 with `Allow`, before the CSRF check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        allowed = view_methods(view_func)
        if allowed is not None and request.method not in allowed:
            return HttpResponseNotAllowed(allowed)
        return None


class CompressionMiddleware(GZipMiddleware):
    """gzip for HTML, feeds and the like, except where a secret sits in the page.

    BREACH-style attacks guess a secret in a compressed response from its length
    while reflecting attacker-chosen text next to it. So a response is sent
    uncompressed when it carries a CSRF token (a form), when its URL holds a
    manage, confirm or unsubscribe token (which the page's own links repeat), or
    when it may not be cached (`private`/`no-store`, the per-visitor pages).
    Everything else, the public pages shared from the cache and the feeds, holds
    no secret to find. Django's own length padding (GZipMiddleware) stays on too.
    """

    def process_response(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if (
            request.META.get("CSRF_COOKIE_USED")
            or carries_token(request.path)
            or "private" in cache_control
            or "no-store" in cache_control
        ):
            return response
        return super().process_response(request, response)
