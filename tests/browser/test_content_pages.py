"""Every content page type in a real browser: axe and the Nu Html Checker find nothing."""

import re

import pytest

from content import services
from content.importing import articles_import
from content.models import Article
from tests.content.test_images import photo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/articles/",
    "/articles/?page=2",
    "/topics/safety/",
    "/articles/when-to-avoid-treatment/",
    "/articles/your-first-consultation/",
    "/articles/foam-rolling/",
    "/medical-disclaimer/",
    "/search/?q=foam+rolling",
    "/search/?q=xylophone",
    "/search/?q=",
    "/search/?q=" + "back+pain+" * 30,
    "/articles/no-such-article/",
]


def test_every_content_page_is_accessible_and_valid(live_server, page, assert_accessible):
    assert not articles_import().problems
    for path in PAGES:
        page.goto(live_server.url + path)
        assert_accessible(page)


def test_care_cards_name_their_level_in_headings_and_pass_the_checks(
    live_server, page, assert_accessible
):
    """The one safety list near the top of a self-care page, at three levels, in words."""
    assert not articles_import().problems
    page.goto(live_server.url + "/articles/foam-rolling/")
    for level in ["Non-urgent advice:", "Urgent advice:", "Immediate action required:"]:
        heading = page.get_by_role("heading", name=re.compile(re.escape(level)))
        assert heading.first.is_visible(), level
    assert page.get_by_role("heading", name=re.compile("Call 911 if")).is_visible()
    assert page.get_by_text("Deep vein thrombosis (DVT)").is_visible()
    # The letters after the sample people's names are explained in words, by keyboard.
    page.get_by_text("What the letters after the names mean").focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Orthopaedic Clinical Specialist: a board-certified").is_visible()
    assert page.get_by_role("heading", name="Sample content").is_visible()
    assert_accessible(page)


def test_on_this_page_links_move_to_the_section(live_server, page):
    assert not articles_import().problems
    page.goto(live_server.url + "/articles/myofascial-release/")
    page.get_by_role("link", name="What it feels like").click()
    assert page.url.endswith("#what-it-feels-like")
    assert page.locator("#what-it-feels-like").is_visible()


def test_search_form_works_by_keyboard_at_320px(live_server, browser):
    assert not articles_import().problems
    context = browser.new_context(viewport={"width": 320, "height": 800})
    small = context.new_page()
    small.goto(live_server.url + "/articles/")
    small.get_by_label("Search the articles").fill("arthritis")
    small.keyboard.press("Enter")
    small.wait_for_url("**/search/?q=arthritis")
    assert small.get_by_role("link", name="Arthritis").first.is_visible()
    width = small.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_article_with_a_picture_is_accessible_and_valid(
    live_server, page, assert_accessible, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    assert not articles_import().problems
    article = Article.objects.get(slug="foam-rolling")
    article.image = services.image_create(
        data=photo(), alt="A person rolls a calf on a foam roller"
    )
    services.article_save(article=article)
    page.goto(live_server.url + article.get_absolute_url())
    picture = page.locator("picture img")
    assert picture.get_attribute("sizes") and "480w" in picture.get_attribute("srcset")
    assert_accessible(page)
