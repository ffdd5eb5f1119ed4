"""One cache version for all content: any article save bumps it.

Templates cache rendered fragments, and `shared_page` caches whole public
pages, under keys that include this version and today's date, so an edit or
a scheduled publish date shows without waiting for a timeout.
"""

import hashlib
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

VERSION_KEY = "content:version"
FRAGMENT_TIMEOUT = 60 * 60


def _fresh_version() -> int:
    """A version never used before, even after the cache was emptied (a Redis restart):
    the workers' own page copies (below) must not match a version counted again from 1."""
    return time.time_ns() // 1000


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)  # another worker started it first
    return f"{version}-{timezone.localdate().isoformat()}"


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


PAGE_TIMEOUT = 10 * 60
# Each worker also keeps the pages it served last, under the same keys: a key holds the
# content version, so an edit (a new version, read from the shared cache on every
# request) makes every worker's copy unreachable at once. It spares the shared cache's
# second read (a query without Redis) and its unpickling on every repeat visit.
LOCAL_PAGES = 200
_local_pages: OrderedDict[str, bytes] = OrderedDict()


def _local_get(key: str) -> bytes | None:
    content = _local_pages.get(key)
    if content is not None:
        _local_pages.move_to_end(key)
    return content


def _local_set(key: str, content: bytes) -> None:
    _local_pages[key] = content
    _local_pages.move_to_end(key)
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)


def _is_shareable(request) -> bool:
    """A visitor with no session and no pending messages sees what everyone sees.

    Only the bare page or a plain page number is shared, so made-up query strings
    cannot fill the cache with copies.
    """
    query = request.GET
    plain_query = not query or (
        list(query) == ["page"] and query["page"].isdigit() and len(query["page"]) <= 3
    )
    return (
        request.method in ("GET", "HEAD")
        and plain_query
        and not (settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES)
    )


def shared_page(view):
    """Serve a public page from the cache to visitors with no per-visitor state.

    Only a page that came out identical for anyone is stored: a 200 that used
    no CSP nonce and no CSRF token. The CSP header itself is added per request
    by the middleware, outside this cache.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not _is_shareable(request):
            return view(request, *args, **kwargs)
        # Hashed: a made-up path of any length or character still makes a valid key.
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"content:page:{content_version()}:{path}"
        cached = _local_get(key)
        if cached is None:
            cached = cache.get(key)
            if cached is not None:
                _local_set(key, cached)
        if cached is not None:
            return HttpResponse(cached, content_type="text/html; charset=utf-8")
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        nonce = getattr(request, "_csp_nonce", None)
        if (
            response.status_code == 200
            and not nonce
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.cookies
        ):
            cache.set(key, response.content, PAGE_TIMEOUT)
            _local_set(key, response.content)
        return response

    return wrapped
