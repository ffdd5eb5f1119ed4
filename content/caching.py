"""One cache version for all content: any article save bumps it.

Templates cache rendered fragments, and `shared_page` caches whole public
pages, under keys that include this version and today's date, so an edit or
a scheduled publish date shows without waiting for a timeout.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import quote_etag

VERSION_KEY = "content:version"
FRAGMENT_TIMEOUT = 60 * 60


def _fresh_version() -> int:
    """A version never used before, even after the cache was emptied (a Redis restart):
    the workers' own page copies (below) must not match a version counted again from 1."""
    return time.time_ns() // 1000


def content_version() -> str:
    return f"{_shared_version()}-{timezone.localdate().isoformat()}"


def _shared_version() -> int:
    stamp = _database_stamp()
    memo = getattr(_memo, "version", None)
    if stamp is not None and memo is not None and memo[0] is stamp[0] and memo[1] == stamp[1]:
        return memo[2]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = _fresh_version()
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY, version)  # another worker started it first
    if stamp is not None:
        _memo.version = (*stamp, version)
    return version


# This thread's last version read, with the database's stamp at the time (see below).
_memo = threading.local()


def _database_stamp() -> tuple[object, int] | None:
    """Where the shared cache is a table in SQLite (the embedded default), a stamp that
    changes whenever any other connection, in any worker or process, commits a write to
    the database: SQLite's `PRAGMA data_version`, a counter it keeps per connection for
    just this. While it is unchanged, the version this thread read last is still the
    version, and the page costs no cache query. Any other backend: None, read each time.
    """
    if not isinstance(caches["default"], DatabaseCache):
        return None
    connection = connections[router.db_for_read(caches["default"].cache_model_class)]
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        return None
    connection.ensure_connection()
    raw = connection.connection
    # The connection itself too (compared by identity, and kept alive by the memo so no
    # new one can take its place in memory): a reopened connection counts afresh.
    return (raw, raw.execute("PRAGMA data_version").fetchone()[0])


def bump_content_version() -> None:
    _memo.version = None  # SQLite's counter does not count this connection's own writes
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, _fresh_version(), timeout=None)


class _VersionMemo:
    """Small values a worker keeps for one content version, such as the few fields of an
    article a page starts from: every edit and every new day make a new version, so none
    can outlive the change that would alter it, and a reader with a session is spared a
    query. Only values that were found are kept, so made-up keys cannot fill it."""

    def __init__(self):
        self._version, self._values = None, {}

    def get(self, version: str, key, compute):
        values = self._values
        if self._version != version:
            # A new dict, swapped in whole: a thread still reading the old one is safe.
            self._version, self._values = version, (values := {})
        if key in values:
            return values[key]
        value = compute()
        if value is not None:
            values[key] = value
        return value

    def clear(self) -> None:
        self._version, self._values = None, {}


version_memo = _VersionMemo()

PAGE_TIMEOUT = 10 * 60
# Each worker also keeps the pages it served last, under the same keys: a key holds the
# content version, so an edit (a new version, read from the shared cache on every
# request) makes every worker's copy unreachable at once. It spares the shared cache's
# second read (a query without Redis) and its unpickling on every repeat visit.
LOCAL_PAGES = 200
# key -> (page, its ETag): the ETag ConditionalGetMiddleware would compute, made once.
_local_pages: OrderedDict[str, tuple[bytes, str]] = OrderedDict()


def _local_get(key: str) -> tuple[bytes, str] | None:
    page = _local_pages.get(key)
    if page is not None:
        _local_pages.move_to_end(key)
    return page


def _local_set(key: str, content: bytes) -> tuple[bytes, str]:
    etag = quote_etag(hashlib.md5(content, usedforsecurity=False).hexdigest())
    page = _local_pages[key] = (content, etag)
    _local_pages.move_to_end(key)
    while len(_local_pages) > LOCAL_PAGES:
        _local_pages.popitem(last=False)
    return page


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


def _page_key(request) -> str:
    # Hashed: a made-up path of any length or character still makes a valid key.
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"content:page:{content_version()}:{path}"


def _page_response(page: tuple[bytes, str]) -> HttpResponse:
    response = HttpResponse(page[0], content_type="text/html; charset=utf-8")
    response.headers["ETag"] = page[1]
    return response


# The full paths (hashed) this worker has stored a shared page for: the early middleware
# below reads the content version only for those, so other pages pay nothing for it.
_shared_paths: set[str] = set()


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
        key = getattr(request, "_shared_page_key", None) or _page_key(request)
        page = _local_get(key)
        if page is None and (content := cache.get(key)) is not None:
            page = _local_set(key, content)
        if page is not None:
            _shared_paths.add(request.get_full_path())
            return _page_response(page)
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
            _shared_paths.add(request.get_full_path())
        return response

    return wrapped


class SharedPageMiddleware:
    """Answer a repeat anonymous GET of a shared page before sessions, CSRF, auth and
    messages run: none of them changes a page that is the same for every visitor.

    It answers only paths `shared_page` stored in this worker, and only from this
    worker's copy under the current content version (read from the shared cache, so an
    edit shows on every worker at once); anything else goes on down the stack, where
    `shared_page` reuses the key. It sits below the security, CSP, Permissions-Policy,
    compression and conditional-GET middleware, so a cached page gets all of their
    headers; the two that the X-Frame-Options and common middleware would add, it adds.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.get_full_path() in _shared_paths and _is_shareable(request):
            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware checks it
            key = request._shared_page_key = _page_key(request)
            page = _local_get(key)
            if page is not None:
                response = _page_response(page)
                response.headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
                response.headers["Content-Length"] = str(len(page[0]))
                return response
        return self.get_response(request)
