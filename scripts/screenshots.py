"""Take the README's screenshots (docs/screenshots/) in Chromium.

    make screenshots                                      # a throwaway demo site
    .venv/bin/python scripts/screenshots.py http://127.0.0.1:8000   # a site you run

Without an address it builds its own site: a fresh SQLite database in a temporary
folder, the demo data (`make demo`'s commands) and `runserver` on a free port, so
it never touches var/db.sqlite3 and can be rerun after any merge. The booking is
walked to "check your answers" and not confirmed.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}
PATIENT = {"name": "Pat Example", "email": "pat@example.com", "phone": "541 555 0100"}


@contextmanager
def demo_site():
    """A development server with the demo data, on a free port, for this run only."""
    with tempfile.TemporaryDirectory() as folder, socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        address = f"127.0.0.1:{sock.getsockname()[1]}"
        sock.close()
        env = os.environ | {
            "DJANGO_DEBUG": "1",
            "DJANGO_SECRET_KEY": "screenshots-only-key",
            "DJANGO_SITE_URL": f"http://{address}",
            "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        for command in ("migrate", "import_articles", "load_demo_schedule", "newsletter_demo"):
            subprocess.run([*manage, command], env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        server = subprocess.Popen(  # noqa: S603 (this repository's manage.py)
            [*manage, "runserver", "--noreload", address],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(f"http://{address}/")
            yield f"http://{address}"
        finally:
            server.terminate()
            server.wait(timeout=10)


def wait_for(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 (our own server on loopback)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def shoot(base: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--disable-gpu", "--no-first-run", "--disable-background-networking"],
        )
        desktop = browser.new_page(viewport=DESKTOP)
        desktop.goto(base + "/")
        desktop.screenshot(path=OUT / "home.png")
        desktop.goto(base + "/articles/what-is-soft-tissue-mobilization/")
        desktop.screenshot(path=OUT / "article.png")

        phone = browser.new_page(viewport=PHONE, device_scale_factor=1)
        phone.goto(base + "/")
        phone.screenshot(path=OUT / "home-phone.png", full_page=True)
        phone.locator(".book-links a").first.click()  # straight to the suggested times
        if "/book/location/" in phone.url:  # two or more places: which one, first
            phone.locator("input[name=location]").first.check()
            continue_(phone)
        phone.screenshot(path=OUT / "booking-time-phone.png")
        phone.locator("input[name=start]").last.check()
        continue_(phone)
        continue_(phone)  # empty details: the error state
        phone.screenshot(path=OUT / "booking-errors-phone.png")
        for name, value in PATIENT.items():
            phone.fill(f"#id_{name}", value)
        continue_(phone)
        phone.fill("#id_reason", "Stiff neck after gardening")
        phone.fill("#id_where", "Neck")
        phone.check('input[name="how_long"][value="weeks"]')
        phone.check('input[name="pain"][value="3"]')
        continue_(phone)
        phone.check('input[value="osteoporosis"]')  # a "yes": what it means, next
        continue_(phone)
        phone.screenshot(path=OUT / "booking-safety-phone.png", full_page=True)
        phone.get_by_role("link", name="Continue to book").click()
        phone.screenshot(path=OUT / "booking-check-phone.png", full_page=True)
        browser.close()
    print(f"Screenshots written to {OUT.relative_to(ROOT)}/")


def continue_(page) -> None:
    page.locator("main").get_by_role("button", name="Continue").click()


def main() -> None:
    if len(sys.argv) > 1:
        shoot(sys.argv[1].rstrip("/"))
        return
    with demo_site() as base:
        shoot(base)


if __name__ == "__main__":
    main()
