"""Take the README's screenshots from a running site (start it with `make run` first).

Usage: .venv/bin/python scripts/screenshots.py [BASE_URL]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


def main(base: str) -> None:
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
        phone.goto(base + "/book/")
        phone.locator("input[type=radio]").first.check()  # the service
        phone.get_by_role("button", name="Continue").click()
        phone.screenshot(path=OUT / "booking-time-phone.png", full_page=False)
        phone.locator("input[type=radio]").first.check()
        phone.get_by_role("button", name="Continue").click()
        phone.get_by_role("button", name="Continue").click()  # empty details: the error state
        phone.screenshot(path=OUT / "booking-errors-phone.png", full_page=False)
        browser.close()
    print(f"Screenshots written to {OUT}")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:8000")
