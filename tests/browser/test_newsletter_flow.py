"""The newsletter in a real browser: every page and error state passes axe and the Nu checker."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from newsletter import emails
from newsletter.models import Issue, Subscriber

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def on_site(live_server, url: str) -> str:
    return live_server.url + re.sub(r"^https?://[^/]+", "", url)


def test_sign_up_confirm_and_unsubscribe_by_keyboard_and_mouse(
    live_server, page, assert_accessible, settings
):
    mail.outbox.clear()
    Issue.objects.create(
        subject="Walking in winter", body="Hello", body_html="<p>Hello <a href='/'>home</a></p>",
        status=Issue.Status.SENT, sent_at=timezone.now(),
    )  # fmt: skip
    page.goto(live_server.url + "/newsletter/")
    assert_accessible(page)
    page.get_by_role("link", name="Walking in winter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Walking in winter")
    assert_accessible(page)
    page.go_back()

    # Errors: nothing typed, then a malformed address; what was typed stays.
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_title(re.compile("^Error: "))
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Email address").fill("ann at example")
    page.get_by_label("First name (optional)").fill("Ann")
    page.get_by_role("button", name="Sign up").click()
    expect(page.locator(".error-summary")).to_contain_text("like name@example.com")
    assert page.get_by_label("First name (optional)").input_value() == "Ann"
    page.locator(".error-summary a").click()
    expect(page.locator("#newsletter-email")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Email address").fill("ann@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    [confirmation] = mail.outbox
    confirm_url = re.search(r"\S+/newsletter/confirm/\S+/", confirmation.body).group(0)
    page.goto(on_site(live_server, confirm_url))
    assert_accessible(page)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    page.get_by_role("button", name="Yes, send me the newsletter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")
    assert_accessible(page)
    page.goto(on_site(live_server, confirm_url))
    expect(page.get_by_role("heading", level=1)).to_have_text("You are already subscribed")
    page.goto(on_site(live_server, confirm_url.replace("/confirm/", "/confirm/x")))
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)

    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    page.goto(on_site(live_server, emails.unsubscribe_url(subscriber.pk)))
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert_accessible(page)
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    page.goto(live_server.url + "/newsletter/unsubscribe/1:forged/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This link does not work")
    assert_accessible(page)


@pytest.mark.usefixtures("still_clock")  # the 1/h window cannot roll over mid-test
def test_expired_link_and_rate_limit_pages_are_accessible(
    live_server, page, assert_accessible, settings
):
    from django.core.cache import cache

    cache.clear()
    waiting = Subscriber.objects.create(email="bob@example.org", consent_wording="x")
    url = on_site(live_server, emails.confirm_url(waiting))
    settings.NEWSLETTER_CONFIRM_MAX_AGE = -1
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has expired")
    assert_accessible(page)

    settings.NEWSLETTER_SIGNUP_RATE = "1/h"
    page.goto(live_server.url + "/newsletter/")
    for address in ["one@example.org", "two@example.org"]:
        page.get_by_label("Email address").fill(address)
        page.get_by_role("button", name="Sign up").click()
        if address == "one@example.org":
            expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
            page.goto(live_server.url + "/newsletter/")
    expect(page.locator(".error-summary")).to_contain_text("Too many sign-ups")
    assert_accessible(page)
    cache.clear()


def test_the_newsletter_page_fits_a_small_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 320, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/newsletter/")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    button = page.get_by_role("button", name="Sign up").bounding_box()
    context.close()
    assert not overflow
    assert button["height"] >= 44
