"""The production stack for real: collectstatic, then gunicorn with DEBUG off."""

import gzip
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.checks import ROOT
from tests.stack import free_port


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(  # noqa: S310 (our own server on loopback)
        url, headers={"Host": "www.hwypt.example", **headers}
    )
    try:
        response = opener.open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("production")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-test-secret-" + "y" * 40,
        DJANGO_ALLOWED_HOSTS="www.hwypt.example",
        DJANGO_STATIC_ROOT=str(tmp / "static"),
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
    )
    env.pop("REDIS_URL", None)
    python = sys.executable
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [python, "manage.py", *command, "-v0"], cwd=ROOT, env=env, check=True, timeout=300
        )
    gunicorn = Path(python).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "hwypt.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            fetch(base + "/healthz", **{"X-Forwarded-Proto": "https"})
            break
        except OSError:
            time.sleep(0.2)
    yield base, tmp / "static"
    server.terminate()
    log = server.communicate(timeout=20)[0]
    assert "Traceback" not in log, log


HTTPS = {"X-Forwarded-Proto": "https"}


def test_plain_http_is_redirected_to_https(production_server):
    base, _ = production_server
    status, headers, _ = fetch(base + "/")
    assert status == 301
    assert headers["Location"] == "https://www.hwypt.example/"


def test_hsts_for_a_year_and_security_headers(production_server):
    base, _ = production_server
    status, headers, body = fetch(base + "/", **HTTPS)
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert b"HWY PT" in body


def test_cookies_are_host_prefixed_secure_httponly_and_samesite(production_server):
    base, _ = production_server
    _, headers, _ = fetch(base + "/admin/login/", **HTTPS)
    cookie = headers["Set-Cookie"]
    assert cookie.startswith("__Host-csrftoken=")
    for attribute in ("Secure", "HttpOnly", "SameSite=Lax", "Path=/"):
        assert attribute in cookie
    assert "Domain=" not in cookie


def test_hashed_static_files_are_compressed_and_cached_forever(production_server):
    base, static_root = production_server
    manifest = json.loads((static_root / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    status, headers, _ = fetch(f"{base}/static/{hashed}", **HTTPS, **{"Accept-Encoding": "br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "immutable" in headers["Cache-Control"]
    status, headers, _ = fetch(f"{base}/static/{hashed}", **HTTPS, **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"


def test_pages_link_the_hashed_stylesheet(production_server):
    base, _ = production_server
    _, _, body = fetch(base + "/", **HTTPS)
    assert b"/static/css/site." in body
    assert b'/static/css/site.css"' not in body


def test_error_pages_in_production_reveal_nothing(production_server):
    base, _ = production_server
    status, _, body = fetch(base + "/no-such-page/", **HTTPS)
    assert status == 404
    assert b"We cannot find that page" in body
    assert b"Traceback" not in body and b"urlpatterns" not in body


def send(url: str, method: str, **headers: str):
    request = urllib.request.Request(  # noqa: S310 (our own server on loopback)
        url, method=method, headers={"Host": "www.hwypt.example", **HTTPS, **headers}
    )
    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=30)
    except urllib.error.HTTPError as error:
        response = error
    return response.status, response.headers, response.read()


@pytest.mark.parametrize("path", ["/", "/articles/", "/feeds/articles.rss", "/sitemap.xml"])
def test_gunicorn_gzips_public_pages_and_answers_304(production_server, path):
    base, _ = production_server
    status, headers, body = fetch(base + path, **HTTPS, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body)
    status, _, body = fetch(base + path, **HTTPS, **{"If-None-Match": headers["ETag"]})
    assert (status, body) == (304, b"")


def test_gunicorn_head_has_no_body_and_a_wrong_method_gets_405(production_server):
    base, _ = production_server
    status, headers, body = send(base + "/articles/", "HEAD")
    assert (status, body) == (200, b"")
    assert headers["Content-Type"].startswith("text/html")
    status, headers, _ = send(base + "/articles/", "POST")
    assert status == 405
    assert set(headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_gunicorn_never_compresses_a_page_with_a_form_token(production_server):
    base, _ = production_server
    status, headers, body = fetch(base + "/admin/login/", **HTTPS, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert "Content-Encoding" not in headers
    assert b"csrfmiddlewaretoken" in body
