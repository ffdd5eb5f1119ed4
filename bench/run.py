"""`make bench`: measure the production stack on this machine and write docs/performance.md.

It builds a fresh database with the demo data, starts gunicorn with WhiteNoise and
DEBUG off on loopback, and drives it from a second process with wrk. For each page it
reports requests per second, p50/p99 latency, errors and throughput relative to a
hashed static file on the same server; then database queries per page, page weight
(compressed HTML + CSS + JS + fonts and the request count), Lighthouse scores in mobile
mode, and the availability engine's time from pytest-benchmark.

Benchmarks, not tests: nothing here fails a build; the numbers are for people to read.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from zoneinfo import ZoneInfo

from measure import (
    HOST,
    PYTHON,
    ROOT,
    WORK,
    count_queries,
    engine_benchmark,
    lighthouse,
    measured_load,
    page_weight,
)
from report import LIGHTHOUSE_PAGES, UNCACHED_ARTICLE, render


def production_env(port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=f"{HOST},localhost",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_BEHIND_TLS_PROXY="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_SITE_URL=f"http://{HOST}:{port}",
        DJANGO_STATIC_ROOT=str(WORK / "static"),
        DJANGO_BOOKING_RATE_LIMIT="100000/m",
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{WORK / 'db.sqlite3'}")
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def prepare(env: dict[str, str]) -> None:
    if env["DATABASE_URL"].startswith("sqlite:"):
        (WORK / "db.sqlite3").unlink(missing_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    for command in demo_commands():
        manage(env, command)
    manage(env, "collectstatic", "--noinput", "-v0")


def demo_commands() -> list[str]:
    """The Makefile's demo-data commands, so the bench loads what `make run` loads."""
    makefile = (ROOT / "Makefile").read_text()
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    found = re.findall(r"\$\(MANAGE\) (\w+)", demo)
    return [name for name in found if name != "migrate"]


def start_server(env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
    """gunicorn as production runs it, logging every request; the log goes to a file."""
    gunicorn = Path(PYTHON).with_name("gunicorn")
    log = (WORK / "server.log").open("w")  # open for the server's whole life
    process = subprocess.Popen(
        [str(gunicorn), "hwypt.wsgi", "--bind", f"{HOST}:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=5)
            return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "hwypt.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def pages(base: str) -> list[dict]:
    """The pages to measure: name, path, and any cookie a page needs."""
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    page_list = [{"name": "Home", "path": "/"}]
    try:
        from content.models import Article

        article = Article.objects.published().order_by("pk").first()
        page_list.append({"name": "Article list", "path": "/articles/"})
        if article:
            page_list.append({"name": "Article", "path": article.get_absolute_url()})
        page_list.append({"name": "Search", "path": "/search/?q=foam+rolling"})
    except ImportError:
        pass
    from scheduling import selectors
    from scheduling.models import Service

    service = Service.objects.order_by("pk").first()
    location = selectors.clinic_location()
    slot = selectors.free_slots(service=service, location=location)[0]
    # The flow's first question: which clinic when there are two or more (/book/ sends
    # a visitor there), else what to book.
    several = len(selectors.bookable_locations()) > 1
    page_list.append({"name": "Booking: start", "path": "/book/location/" if several else "/book/"})
    day = slot.start.astimezone(ZoneInfo(location.time_zone)).date()
    session = SessionStore()
    session["booking_flow"] = {
        "location": location.pk,
        "service": service.pk,
        "therapist": "any",
        "day": day.isoformat(),
    }
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    if any(page["name"] == "Article" for page in page_list):
        article_path = next(page["path"] for page in page_list if page["name"] == "Article")
        # A reader with a session (mid-booking, or the first visit after an edit): the
        # page cache is skipped and the whole page is made for this request.
        page_list.append({"name": UNCACHED_ARTICLE, "path": article_path, "cookie": cookie})
    page_list.append(
        {
            "name": "Booking: choose a time",
            "path": f"/book/time/?day={day.isoformat()}",
            # The production cookie name (__Host-sessionid), or the page is a redirect.
            "cookie": cookie,
        }
    )
    return page_list


def session_rows() -> int:
    from django.contrib.sessions.models import Session

    return Session.objects.count()


def static_css_path() -> str:
    manifest = json.loads((WORK / "static" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")

    WORK.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = production_env(port)
    prepare(env)
    setup_django(env)
    base = f"http://{HOST}:{port}"
    page_list = pages(base)
    static = {"name": "Static CSS (hashed)", "path": static_css_path()}

    server = start_server(env, port, args.workers)
    try:
        static_result = measured_load(
            base + static["path"], args.seconds, args.connections, None, server.pid
        )
        rows = []
        for page in page_list:
            cookie = page.get("cookie")
            sessions_before = session_rows()
            result = measured_load(
                base + page["path"], args.seconds, args.connections, cookie, server.pid
            )
            result["sessions_written"] = session_rows() - sessions_before
            rows.append(
                {
                    **page,
                    **result,
                    **page_weight(base, page["path"], cookie),
                    "ratio": result["rps"] / static_result["rps"],
                    "queries": count_queries(page["path"], cookie),
                    "lighthouse": None
                    if args.no_lighthouse or page["name"] not in LIGHTHOUSE_PAGES
                    else lighthouse(base + page["path"], cookie),
                }
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    engine = engine_benchmark()
    report = render(rows, static, static_result, engine, args)
    print(report)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    existing = args.output.read_text() if args.output.exists() else ""
    notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else ""
    args.output.write_text(report + "\n<!-- notes -->" + (notes or "\n"))


if __name__ == "__main__":
    main()
