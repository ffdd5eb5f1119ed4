"""One rule for who a request comes from, used by every rate limit on the site."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from hwypt.ratelimit import client_ip

PROXY = ("HTTP_X_FORWARDED_PROTO", "https")


def request(**meta):
    return RequestFactory().post("/", **{"REMOTE_ADDR": "10.0.0.1", **meta})


def test_without_the_proxy_it_is_the_connection_and_forwarded_headers_are_ignored(settings):
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request()) == "10.0.0.1"
    assert client_ip(request(HTTP_X_FORWARDED_FOR="198.51.100.7")) == "10.0.0.1"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.7", "198.51.100.7"),
        ("6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a client's forged entry comes first
        ("6.6.6.6,198.51.100.7 ", "198.51.100.7"),
        ("2001:db8::1", "2001:db8::1"),
        ("198.51.100.7, not-an-address", "10.0.0.1"),  # never a 500 over a bad header
        ("", "10.0.0.1"),
    ],
)
def test_behind_the_proxy_it_is_the_address_the_proxy_added(settings, forwarded, expected):
    settings.SECURE_PROXY_SSL_HEADER = PROXY
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request(HTTP_X_FORWARDED_FOR=forwarded)) == expected


@pytest.mark.usefixtures("still_clock")
def test_django_ratelimit_ip_key_uses_it(settings):
    """Two readers behind one proxy have a limit each; a forged entry does not escape it."""
    settings.SECURE_PROXY_SSL_HEADER = PROXY
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    cache.clear()

    def limited(forwarded):
        return is_ratelimited(
            request(HTTP_X_FORWARDED_FOR=forwarded),
            group="test-client-ip",
            key="ip",
            rate="1/h",
            increment=True,
        )

    assert not limited("198.51.100.1")
    assert not limited("198.51.100.2")
    assert limited("1.2.3.4, 198.51.100.1")


def test_a_client_reaching_the_app_server_directly_cannot_name_its_own_address(settings):
    """Only a trusted proxy's X-Forwarded-For counts; anyone else is their connection."""
    settings.SECURE_PROXY_SSL_HEADER = PROXY
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    direct = RequestFactory().post(
        "/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    assert client_ip(direct) == "203.0.113.9"
