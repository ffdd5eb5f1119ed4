"""The base layout in a real browser: accessible, valid, usable by keyboard and when zoomed."""

import base64
import hashlib
import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/articles/",
    "/book/",
    "/newsletter/",
    "/privacy/",
    "/medical-disclaimer/",
    "/no-such-page/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_no_axe_violations_and_valid_html(live_server, page, assert_accessible, path):
    page.goto(live_server.url + path)
    assert_accessible(page)


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_text_is_large_with_generous_line_height(live_server, page):
    page.goto(live_server.url + "/privacy/")
    size, line_height = page.evaluate(
        """() => {
            const style = getComputedStyle(document.querySelector('main p'));
            return [parseFloat(style.fontSize), parseFloat(style.lineHeight)];
        }"""
    )
    assert size >= 18
    assert line_height / size >= 1.5


def test_focus_outline_is_visible_on_links(live_server, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


@pytest.mark.parametrize("width", [320, 640])
def test_no_horizontal_scrolling_when_narrow_or_zoomed(live_server, browser, width):
    """320 px is a small phone; 640 px is a 1280 px window at 200% zoom."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in ["/", "/privacy/", "/no-such-page/"]:
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways at {width}px"
    context.close()


def test_nav_targets_are_at_least_44_px(live_server, page):
    page.goto(live_server.url + "/")
    for link in page.locator(".site-nav a").all():
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44


def test_current_section_is_marked_in_the_nav(live_server, page):
    page.goto(live_server.url + "/newsletter/")
    current = page.locator(".site-nav a[aria-current=page]")
    assert current.inner_text() == "Newsletter"


def test_reduced_motion_is_honoured(live_server, browser):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_server.url + "/")
    duration = page.evaluate("getComputedStyle(document.querySelector('a')).transitionDuration")
    assert duration in {"1e-05s", "0.00001s", "0s"}
    context.close()


def test_print_stylesheet_hides_navigation(live_server, page):
    page.goto(live_server.url + "/")
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert page.locator("main h1").is_visible()


def test_on_a_phone_the_header_has_the_phone_number_and_a_menu_that_folds(
    live_server, page, assert_accessible
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/")
    assert page.locator(".site-phone").is_visible()
    assert page.locator('.site-header a[href^="tel:"]').count() == 1
    nav = page.locator(".site-nav")
    assert not nav.is_visible()
    toggle = page.locator(".site-nav-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    assert nav.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    assert_accessible(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(toggle).to_be_hidden()
    expect(nav).to_be_visible()


def test_on_a_phone_the_menu_is_folded_from_the_first_frame_and_opens_at_once(live_server, browser):
    """Folded before anything is drawn, not by a script that arrives later: Lighthouse
    once counted a layout shift of 0.23 on every page, the whole page moving up. And the
    button works before any script file has loaded (each is held back a second here).
    Opening the menu moves the page, as pressing a button may: CLS leaves those out."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()

    def slow(route):
        time.sleep(1)
        route.continue_()

    page.route("**/*.js", slow)
    page.add_init_script(
        "window.shifts = 0; new PerformanceObserver(list => list.getEntries()"
        ".forEach(e => { if (!e.hadRecentInput) window.shifts += e.value; }))"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(live_server.url + "/", wait_until="domcontentloaded")
    nav = page.locator(".site-nav")
    assert not nav.is_visible()
    page.locator(".site-nav-toggle").click()
    expect(nav).to_be_visible()
    assert page.locator(".site-nav-toggle").get_attribute("aria-expanded") == "true"
    page.wait_for_load_state("load")
    assert page.evaluate("window.shifts") == 0
    context.close()


def test_without_scripts_the_menu_shows_and_no_button_promises_it(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert page.locator(".site-nav a").first.is_visible()
    assert not page.locator(".site-nav-toggle").is_visible()
    context.close()


def test_every_inline_script_is_allowed_by_its_hash_and_chromium_refuses_none(live_server, page):
    refused = []
    page.on("console", lambda message: refused.append(message.text))
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    [script_src] = [d for d in policy.split(";") if d.strip().startswith("script-src")]
    inline = re.findall(r"<script>(.*?)</script>", response.text(), re.S)
    assert inline
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src.split(), code
    assert page.evaluate("document.documentElement.classList.contains('js')")
    assert not [text for text in refused if "Content Security Policy" in text], refused
