"""The README tour's Waitlist step, as a newcomer follows it after `make run`."""

import pytest
from playwright.sync_api import expect

from scheduling.models import Booking, WaitlistEntry
from tests.browser.test_readme_tour import demo, link_in, open_email, submit  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAITING = "tour.waiting@example.com"


def test_the_readme_waitlist_step(demo, live_server, page, assert_accessible):  # noqa: F811
    page.goto(live_server.url + "/book/")
    page.get_by_label("HWY PT clinic (demo)").check()
    submit(page, "Continue")
    page.locator('input[name="service"]').first.check()
    submit(page, "Continue")
    page.get_by_role("link", name="Choose another day").click()
    page.get_by_role("link", name="Join the waitlist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join the waitlist")
    page.get_by_label("From which day?").select_option(index=3)
    page.get_by_label("That day or the next 2 days").check()
    page.get_by_label("Any time").check()
    page.get_by_label("Full name").fill("Tour Waiting")
    page.get_by_label("Email address").fill(WAITING)
    page.get_by_label("Phone number").fill("541 555 0101")
    submit(page, "Join the waitlist")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are on the waitlist")

    email = open_email(page, live_server, "You are on our waitlist", WAITING)
    assert email.get_by_role("link").filter(has_text="/book/waitlist/leave/").count() == 1
    offer = open_email(
        page, live_server, "A time is free for you: book it within 30 minutes", WAITING
    )
    link_in(offer, "/book/waitlist/offer/").click()
    assert_accessible(page)
    page.get_by_label("None of these").check()
    submit(page, "Book this time")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your consultation is booked")
    booking = Booking.objects.get(patient_email=WAITING)
    assert WaitlistEntry.objects.get(email=WAITING).booking == booking
    open_email(page, live_server, "Your consultation is booked", WAITING)
