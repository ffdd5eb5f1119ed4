"""The database unreachable, for real: a gunicorn instance whose DATABASE_URL points at
a port where no PostgreSQL listens (runs on SQLite CI too: it needs no database)."""

import urllib.error
import urllib.request

from tests.stack import AppServer, free_port, manage, stack_env


def production_env(tmp_path, **variables):
    """DEBUG off, as on the clinic's server, over plain HTTP on loopback."""
    return stack_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="production-test-secret-" + "z" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_BEHIND_TLS_PROXY="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        **variables,
    )


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_with_the_database_unreachable_healthz_is_503_and_pages_are_friendly(tmp_path):
    """No PostgreSQL listens on the port: every page that needs it shows the 500 page."""
    port = free_port()
    env = production_env(tmp_path, DATABASE_URL=f"postgres://hwypt@127.0.0.1:{port}/hwypt")
    manage(env, "collectstatic", "--noinput", "-v0")
    server = AppServer(env, workers=1, threads=2)
    try:
        assert get(server.url + "/healthz") == (503, "database unavailable\n")
        for path in ("/book/", "/book/therapists/"):
            status, html = get(server.url + path)
            assert status == 500, path
            assert "Sorry, something went wrong" in html
            assert 'class="site-header"' in html
            assert "Traceback" not in html and "OperationalError" not in html
            assert str(port) not in html  # nothing about where the database is
    finally:
        log = server.stop()
    assert "OperationalError" in log  # the cause is in the server's log, for staff
