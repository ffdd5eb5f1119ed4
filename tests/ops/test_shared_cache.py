"""An edit shows at once on every worker and server, with Redis or without it."""

import urllib.request

from django.test import override_settings

from content import services
from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)
from tests.ops.conftest import POSTGRES_STACK
from tests.stack import AppServer, stack_env

pytestmark = POSTGRES_STACK

READS = 12
# The site's own default without REDIS_URL, as hwypt/settings.py has it.
SITE_CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "hwypt_cache",
    }
}


def texts(servers, path) -> list[str]:
    """What READS readers without a session see, spread over the servers' workers."""
    seen = []
    for n in range(READS):
        server = servers[n % len(servers)]
        with urllib.request.urlopen(server.url + path, timeout=10) as response:  # noqa: S310
            body = response.read().decode()
        seen.append("old" if "Old paragraph" in body else "new" if "New paragraph" in body else "?")
    return seen


def edit_shows_everywhere(servers, make_article):  # noqa: F811
    article = make_article(body="## Part\n\nOld paragraph.\n")
    path = article.get_absolute_url()
    assert texts(servers, path) == ["old"] * READS  # every worker has it cached now
    article.body = "## Part\n\nNew paragraph.\n"
    services.article_save(article=article)
    assert texts(servers, path) == ["new"] * READS


def test_without_redis_two_workers_show_an_edit_at_once(db_url, make_article):  # noqa: F811
    server = AppServer(stack_env(DATABASE_URL=db_url), workers=2, threads=1)
    # This process too uses the site's default (tests/conftest.py gives it a memory cache).
    default = {"default": {**SITE_CACHES["default"]}}
    try:
        with override_settings(CACHES=default):
            edit_shows_everywhere([server], make_article)
    finally:
        server.stop()


def test_with_redis_two_servers_show_an_edit_at_once(db_url, redis, make_article):  # noqa: F811
    shared = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis,
            "KEY_PREFIX": "hwypt",
        }
    }
    env = stack_env(DATABASE_URL=db_url, REDIS_URL=redis)
    servers = [AppServer(env, workers=2, threads=1) for _ in range(2)]
    try:
        with override_settings(CACHES=shared):
            edit_shows_everywhere(servers, make_article)
    finally:
        for server in servers:
            server.stop()
