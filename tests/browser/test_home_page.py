"""The home page on a phone: what a senior needs first, in about three screens."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREEN = 667  # an iPhone SE's height in CSS pixels; 375 wide, and 320 for the narrowest


@pytest.fixture
def demo_site(transactional_db):
    quiet = open("/dev/null", "w")  # noqa: SIM115
    for command in ("import_articles", "load_demo_schedule", "newsletter_demo"):
        call_command(command, stdout=quiet)


def top(page, css: str) -> float:
    return page.locator(css).first.evaluate("e => e.getBoundingClientRect().bottom + scrollY")


@pytest.mark.parametrize("width", [375, 320])
def test_the_home_page_puts_booking_first_and_fits_about_three_screens(
    live_server, browser, assert_accessible, demo_site, width
):
    context = browser.new_context(viewport={"width": width, "height": SCREEN})
    page = context.new_page()
    page.goto(live_server.url + "/")
    height = page.evaluate("document.documentElement.scrollHeight")
    # First screen: every booking button and the phone number, in the page itself.
    assert top(page, ".book-links li:last-child a") <= SCREEN
    assert top(page, "main a[href^='tel:']") <= SCREEN
    # The main topics by the end of the second, the newsletter's button by the third.
    assert top(page, ".topic-overview li:last-child a") <= 2 * SCREEN
    assert top(page, ".newsletter-signup button") <= 3 * SCREEN
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    # Each clinic after the first adds its own address and hours to the footer: what
    # three screens must hold is the rest.
    places = page.locator(".site-footer-places > *")
    assert places.count() == 2
    height -= top(page, ".site-footer-places > :last-child") - top(page, ".site-footer-places > *")
    print(f"\nhome page at {width}x{SCREEN}, one clinic's footer: {height:.0f} px")
    if width == 375:
        assert height <= 3 * SCREEN, f"{height} px is {height / SCREEN:.2f} screens"
    else:  # the narrowest phone wraps more lines: about three screens still
        assert height <= 3.4 * SCREEN, f"{height} px is {height / SCREEN:.2f} screens"
    assert_accessible(page)
    context.close()


def test_the_first_articles_show_on_a_wider_screen(live_server, page, assert_accessible, demo_site):
    page.goto(live_server.url + "/")
    assert page.locator("#featured-heading").is_visible()
    assert page.locator(".featured-articles li").count() >= 3
    assert_accessible(page)
