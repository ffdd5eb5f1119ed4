"""Every response carries the security headers, the admin included."""

import base64
import hashlib
import re

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


def test_no_inline_script_but_the_one_the_csp_names_by_hash_and_no_event_handlers(client):
    """The CSP allows no inline script but the base template's one line, by its hash
    (the same for every visitor, so pages stay shareable), and no event handler."""
    for path in PAGES:
        response = client.get(path)
        html = response.content.decode()
        [script_src] = [
            directive.split()[1:]
            for directive in response.headers["Content-Security-Policy"].split(";")
            if directive.split()[0] == "script-src"
        ]
        inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S)
        executable = [code for attributes, code in inline if "ld+json" not in attributes]
        for code in executable:
            digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in script_src, f"{path}: put 'sha256-{digest}' in the CSP"
        assert "'unsafe-inline'" not in script_src and "'unsafe-hashes'" not in script_src
        assert not re.search(r"\son[a-z]+=", html), path
