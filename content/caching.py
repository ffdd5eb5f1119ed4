"""One cache version for all content fragments: any article save bumps it.

Templates cache rendered fragments (never whole responses, which carry a
per-request CSP nonce) under keys that include this version and today's date,
so an edit or a scheduled publish date shows without waiting for a timeout.
"""

from django.core.cache import cache
from django.utils import timezone

VERSION_KEY = "content:version"
FRAGMENT_TIMEOUT = 60 * 60


def content_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = 1
        cache.add(VERSION_KEY, version, timeout=None)
    return f"{version}-{timezone.localdate().isoformat()}"


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, timeout=None)
