"""Every response carries the security headers, the admin included."""

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/", "/privacy/", "/medical-disclaimer/", "/admin/login/", "/does-not-exist/"]


@pytest.mark.parametrize("repeat", [False, True], ids=["first", "repeat"])
@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client, path, repeat):
    """The repeat visit of a shared page is answered from the page cache, early."""
    response = client.get(path)
    if repeat:
        response = client.get(path)

    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_no_inline_script_or_event_handler_attributes(client):
    """The CSP forbids inline script, so the markup must not rely on it."""
    for path in PAGES:
        html = client.get(path).content.decode()
        assert "<script>" not in html
        assert " onclick=" not in html and " onload=" not in html
