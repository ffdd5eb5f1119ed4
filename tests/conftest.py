"""Shared fixtures: a real Chromium, and the accessibility and HTML checks."""

import os

import pytest

from tests import checks, clock

# Playwright's sync API runs an event loop in the test thread; the Django calls
# the tests make there are still synchronous, so Django's guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_ARGS = [
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    checks.require_tool(
        checks.chromium_available(),
        "Debian's Chromium (and axe-core from npm)",
        "apt-get install -y chromium && npm ci",
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(checks.CHROMIUM), headless=True, args=BROWSER_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab, failing the test on any Content-Security-Policy report."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp_reports = []
    page.on(
        "console",
        lambda message: (
            csp_reports.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not csp_reports, "the page broke its Content-Security-Policy:\n" + "\n".join(csp_reports)


@pytest.fixture(scope="session")
def html_checker():
    checks.require_tool(
        checks.java_available(),
        "Java (for the Nu Html Checker) or node_modules/vnu-jar",
        "apt-get install -y default-jre-headless && npm ci",
    )
    checker = checks.HtmlChecker()
    yield checker
    checker.close()


@pytest.fixture
def assert_accessible(html_checker):
    """Check what the page shows now: zero axe violations and zero HTML errors.

    Usage in a browser test: `page.goto(url); assert_accessible(page)`.
    """

    def check(page) -> None:
        violations = checks.axe_violations(page)
        assert not violations, f"axe found problems on {page.url}:\n" + checks.describe_axe(
            violations
        )
        html = page.content()
        errors = html_checker.errors(html)
        assert not errors, f"the Nu Html Checker found errors on {page.url}:\n" + (
            checks.describe_vnu(errors, html)
        )

    return check


def pytest_configure(config):
    """A fast password hasher for the suite (as cookiecutter-django does); the real ones stay
    after it, so a password set by a server process the test started still checks here."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture
def still_clock():
    """The process clock stopped at the test's start, for tests of rules that count time:
    a rate limit's window cannot roll over mid-test at any hour."""
    with clock.still() as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    """Each test starts with an empty cache, so no page or fragment leaks between tests.

    The test process keeps a memory cache (so query counts count the site's own queries
    and tests without the database can rate-limit); the shared database cache the site
    uses without Redis is tested with real servers in tests/ops/test_shared_cache.py.
    """
    from django.core.cache import cache, caches

    memory = "django.core.cache.backends.locmem.LocMemCache"
    settings.CACHES = {
        "default": {"BACKEND": memory},
        "fragments": {"BACKEND": memory, "LOCATION": "fragments"},
    }

    from content import caching

    def empty():
        cache.clear()
        caches["fragments"].clear()
        # Each worker's own page copies too: under a still clock, two tests can start the
        # same content version, and a copy from the one before would match.
        caching._local_pages.clear()
        caching._shared_paths.clear()
        caching._memo.version = None
        caching.version_memo.clear()

    empty()
    yield
    empty()


@pytest.fixture
def smtp_wire(settings):
    """A real SMTP server on loopback (tests/stack.py) and the site's mailer pointed at it.

    Its `raw` list holds each message's bytes as received, for the tests that read
    headers and encodings the way a receiving mail server does.
    """
    from tests.stack import SmtpServer

    server = SmtpServer().start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10},
        }
    }
    yield server
    server.stop()
