"""The embedded default (SQLite, no Redis) shows an edit on every worker at once.

Each gunicorn thread keeps its connection open and remembers the content version it
read last while SQLite's `PRAGMA data_version` says no other connection has written
(content/caching.py), so a cached page costs no cache query. These tests start real
workers on a SQLite file of their own, as `make serve` runs, and make the edit from
another process (an editor on another worker) and from inside a worker (the admin).
"""

import http.cookiejar
import re
import subprocess
import urllib.parse
import urllib.request

import pytest
from lxml import html

from tests.stack import PYTHON, ROOT, AppServer, stack_env

READS = 12
SETUP = """
from content import services
from content.models import Article, Person, Topic
from django.contrib.auth import get_user_model
from django.utils import timezone
import datetime
today = timezone.localdate()
topic = Topic.objects.create(name="Basics", slug="basics")
person = Person.objects.create(
    slug="ann-editor", name="Ann Editor", credentials="PT, DPT", role="reviewer")
services.article_save(article=Article(
    title="Shared", slug="shared", topic=topic, summary="A summary.", author=person,
    reviewer=person, body="## Part\\n\\nOld paragraph.\\n", status=Article.Status.PUBLISHED,
    published_on=today - datetime.timedelta(days=1),
    last_reviewed=today - datetime.timedelta(days=30),
    next_review_due=today + datetime.timedelta(days=300)))
get_user_model().objects.create_superuser("editor", "editor@example.com", "a long pass phrase 7")
"""
EDIT = """
from content import services
from content.models import Article
article = Article.objects.get(slug="shared")
article.body = "## Part\\n\\nNew paragraph.\\n"
services.article_save(article=article)
"""


def manage(env, *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


@pytest.fixture
def embedded(tmp_path):
    """Two workers of two threads on a fresh SQLite file, with the site's default cache,
    connections kept open (the default for SQLite) and one published article."""
    env = stack_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", DJANGO_CONN_MAX_AGE="600")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    server = AppServer(env, workers=2, threads=2)
    yield env, server
    server.stop()


def admin_form_fields(page: str) -> list[tuple[str, str]]:
    """What a browser would send for the admin change form on `page`, as it stands:
    every named field, inline management forms included, and the "Save" button."""
    form = html.fromstring(page).get_element_by_id("article_form")
    fields = []
    for element in form.iter("input", "select", "textarea"):
        name, kind = element.get("name"), element.get("type", "text")
        if not name or element.get("disabled") is not None or kind in {"file", "submit"}:
            continue
        if element.tag == "select":
            chosen = element.xpath(".//option[@selected]") or element.xpath(".//option")[:1]
            if element.get("multiple") is not None:
                chosen = element.xpath(".//option[@selected]")
            fields += [(name, option.get("value", option.text_content())) for option in chosen]
        elif element.tag == "textarea":
            fields.append((name, element.text or ""))
        elif kind in {"checkbox", "radio"}:
            if element.get("checked") is not None:
                fields.append((name, element.get("value", "on")))
        else:
            fields.append((name, element.get("value", "")))
    return [*fields, ("_save", "Save")]


def texts(server, path) -> list[str]:
    seen = []
    for _ in range(READS):
        with urllib.request.urlopen(server.url + path, timeout=10) as response:  # noqa: S310
            body = response.read().decode()
        seen.append("old" if "Old paragraph" in body else "new" if "New paragraph" in body else "?")
    return seen


def test_an_edit_from_another_process_shows_on_every_worker_at_once(embedded):
    env, server = embedded
    path = "/articles/shared/"
    assert texts(server, path) == ["old"] * READS  # every thread has it cached now
    manage(env, "shell", "-c", EDIT)
    assert texts(server, path) == ["new"] * READS


def test_an_edit_in_the_admin_shows_on_every_worker_at_once(embedded):
    _, server = embedded
    path = "/articles/shared/"
    assert texts(server, path) == ["old"] * READS
    editor = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )

    def form_post(url: str, fields: list[tuple[str, str]]) -> str:
        page = editor.open(server.url + url, timeout=10).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = [(name, value) for name, value in fields if name != "csrfmiddlewaretoken"]
        data = urllib.parse.urlencode([("csrfmiddlewaretoken", token), *fields]).encode()
        request = urllib.request.Request(  # noqa: S310 (the test's own server)
            server.url + url, data=data, headers={"Referer": server.url + url}
        )
        return editor.open(request, timeout=10).read().decode()

    login = [("username", "editor"), ("password", "a long pass phrase 7")]
    form_post("/admin/login/?next=/admin/", login)
    change = editor.open(server.url + "/admin/content/article/", timeout=10).read().decode()
    article_url = re.search(r'href="(/admin/content/article/\d+/change/)"', change).group(1)
    page = editor.open(server.url + article_url, timeout=10).read().decode()
    fields = [
        (name, "## Part\n\nNew paragraph.\n" if name == "body" else value)
        for name, value in admin_form_fields(page)
    ]
    answer = form_post(article_url, fields)
    assert "was changed successfully" in answer, answer[:2000]
    assert texts(server, path) == ["new"] * READS
