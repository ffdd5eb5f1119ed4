"""Project-wide middleware: the request log, the Permissions-Policy header, 405 before
the CSRF check, and compression that leaves pages carrying secrets alone."""

import functools
import logging
import time

import brotli
from django.http import HttpResponseNotAllowed
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string

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
    """brotli or gzip for HTML, feeds and the like, except where a secret sits in the page.

    BREACH-style attacks guess a secret in a compressed response from its length
    while reflecting attacker-chosen text next to it. So a response is sent
    uncompressed when it carries a CSRF token (a form), when its URL holds a
    manage, confirm or unsubscribe token (which the page's own links repeat), or
    when it may not be cached (`private`/`no-store`, the per-visitor pages).
    Everything else, the public pages shared from the cache and the feeds, holds
    no secret to find. Django's own length padding (GZipMiddleware) stays on too.

    brotli (quality 5) makes an article a tenth smaller than gzip for the same CPU; and
    since those pages are the same for every reader, each worker compresses a given page
    once (`compressed`) and reuses the bytes.
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
        if (
            response.streaming
            or len(response.content) < 200
            or response.has_header("Content-Encoding")
        ):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        encoding = accepted_encoding(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding is None:
            return response
        body = compressed(response.content, encoding)
        if len(body) >= len(response.content):
            return response
        response.content = body
        response.headers["Content-Length"] = str(len(body))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag  # RFC 9110 8.8.1, as GZipMiddleware does
        response.headers["Content-Encoding"] = encoding
        return response


@functools.lru_cache(maxsize=64)  # browsers send a handful of different headers
def accepted_encoding(accept_encoding: str) -> str | None:
    """brotli if the client takes it, else gzip, else None (q=0 means refused)."""
    offered = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = params.strip().removeprefix("q=")
        try:
            offered[name.strip()] = float(quality) if params else 1.0
        except ValueError:
            offered[name.strip()] = 0.0
    for name in ("br", "gzip"):
        if offered.get(name, 0) > 0:
            return name
    return None


@functools.lru_cache(maxsize=64)
def compressed(content: bytes, encoding: str) -> bytes:
    """`content` in `encoding`; a page every reader gets is compressed once per worker."""
    if encoding == "br":
        return brotli.compress(content, mode=brotli.MODE_TEXT, quality=5, lgwin=16)
    return compress_string(content, max_random_bytes=GZipMiddleware.max_random_bytes)
