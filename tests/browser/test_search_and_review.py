"""Forgiving search and an overdue article in a real browser: axe and vnu find nothing."""

import datetime

import pytest

from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_AGO = datetime.date(2000, 1, 1)
FAR_AHEAD = datetime.date(2999, 1, 1)


@pytest.fixture
def articles(make_article):  # noqa: F811
    dates = {"published_on": LONG_AGO, "last_reviewed": LONG_AGO}
    current = make_article(
        title="Myofascial release",
        summary="Slow, steady pressure on tight tissue.",
        body="## What it is\n\nThe therapist holds a stretch on the fascia.\n",
        next_review_due=FAR_AHEAD,
        **dates,
    )
    overdue = make_article(
        title="Trigger points",
        summary="Tender spots in a muscle.",
        references=["Our leaflet on trigger points"],
        next_review_due=LONG_AGO,
        **dates,
    )
    return current, overdue


def test_search_pages_and_an_overdue_article_are_accessible(
    live_server, page, assert_accessible, articles
):
    overdue = articles[1]
    for path in ["/search/?q=myofascial", "/search/?q=xylophone", "/search/?q=mysofascial"]:
        page.goto(live_server.url + path)
        assert_accessible(page)
    page.get_by_role("link", name="myofascial", exact=True).click()
    page.wait_for_url("**/search/?q=myofascial")
    assert page.get_by_role("link", name="Myofascial release").is_visible()
    page.goto(live_server.url + overdue.get_absolute_url())
    assert page.get_by_role("heading", name="This article is due for review").is_visible()
    assert_accessible(page)


def test_header_search_works_by_keyboard_at_320px(live_server, browser, articles):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    small = context.new_page()
    small.goto(live_server.url + articles[0].get_absolute_url())
    box = small.get_by_label("Search articles", exact=True)
    assert box.bounding_box()["height"] >= 44
    box.fill("trigr points")
    small.keyboard.press("Enter")
    small.wait_for_url("**/search/?q=trigr+points")
    assert small.get_by_role("link", name="trigger points", exact=True).is_visible()
    width = small.evaluate("document.documentElement.scrollWidth")
    button = small.locator(".site-search button").bounding_box()
    context.close()
    assert width <= 320 and button["height"] >= 44 and button["width"] >= 44
