"""A sign-up error on the home page or an article, in Chromium: the reader stays on the
page, sees the message by the field and in the error summary, and keeps what they typed."""

import pytest
from playwright.sync_api import expect

from tests.content.conftest import make_article, person, topic  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article_path(make_article):  # noqa: F811
    return make_article(title="Walking after a fall", slug="walking").get_absolute_url()


def sign_up_wrongly(page, email: str) -> None:
    form = page.locator(".newsletter-signup-form")
    form.get_by_label("Email address").fill(email)
    if form.get_by_label("First name (optional)").count():  # not in the home page's short form
        form.get_by_label("First name (optional)").fill("Ann")
    form.get_by_role("button", name="Sign up").click()


def assert_error_in_place(page, path: str, message: str, typed: str) -> None:
    assert page.url.endswith(path)
    summary = page.locator(".newsletter-signup .error-summary")
    expect(summary).to_be_focused()  # and so in view, with the form below it
    expect(summary).to_contain_text(message)
    expect(page.locator("#newsletter-email_error")).to_contain_text(message)
    expect(page.locator("#newsletter-email")).to_have_value(typed)
    if path != "/":
        expect(page.locator("#newsletter-first_name")).to_have_value("Ann")


def test_an_error_on_the_home_page_or_an_article_keeps_the_reader_there(
    live_server, page, assert_accessible, article_path
):
    page.set_viewport_size({"width": 375, "height": 667})
    for path, typed, message in [
        ("/", "ann at example", "Enter an email address like name@example.com"),
        (article_path, "", "Enter your email address"),
    ]:
        page.goto(live_server.url + path)
        sign_up_wrongly(page, typed)
        assert_error_in_place(page, path, message, typed)
        assert_accessible(page)
        page.locator(".error-summary").get_by_role("link", name=message).click()
        expect(page.locator("#newsletter-email")).to_be_focused()


def test_without_javascript_too(live_server, browser, article_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + article_path)
    sign_up_wrongly(page, "ann@")
    assert_error_in_place(page, article_path, "Enter an email address like", "ann@")
    expect(page.get_by_role("heading", level=1)).to_have_text("Walking after a fall")
    context.close()
