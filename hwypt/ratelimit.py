"""Who a request comes from, for every rate limit and the newsletter's hashed consent IP.

settings.RATELIMIT_IP_META_KEY points django-ratelimit here, so `key="ip"` in any view
counts the reader behind the TLS proxy rather than the proxy itself (and keeps the
library's IPv6 /64 grouping).
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The reader's address.

    Behind the TLS proxy (SECURE_PROXY_SSL_HEADER set, and the request coming from an
    address in TRUSTED_PROXIES), REMOTE_ADDR is the proxy itself;
    the last X-Forwarded-For entry is the one our proxy added, which a client cannot
    forge (it can only add entries before it). Anything that is not an IP address there
    falls back to REMOTE_ADDR, so a bad header never breaks a page.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    # Only our own proxy's word counts: a client that reaches the app server
    # directly could otherwise name any address and dodge every limit.
    from_proxy = _is_trusted_proxy(remote)
    if not (getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded and from_proxy):
        return remote
    last = forwarded.split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return remote


def _is_trusted_proxy(remote: str) -> bool:
    """TRUSTED_PROXIES holds addresses or networks ("172.16.0.0/12" inside a container)."""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXIES
    )


# django-axes's column for the username tried (AccessAttempt.username).
LOGIN_USERNAME_MAX = 255


def login_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The username a staff login tried, as django-axes records it (AXES_USERNAME_CALLABLE):
    cut to the column's length, so a 10,000-character value is a failed login, not a
    database error."""
    value = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(value)[:LOGIN_USERNAME_MAX]
