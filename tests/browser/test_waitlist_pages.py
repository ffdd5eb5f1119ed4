"""The waitlist's pages in Chromium, public and staff, every error and offer state
checked by axe and the Nu Html Checker."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.importing import safety_import
from scheduling.models import Service, Therapist, TimeOff, WaitlistEntry, WaitlistOffer
from scheduling.services.booking import booking_cancel
from scheduling.services.waitlist_offers import waitlist_offer_times
from tests import checks
from tests.browser.test_scheduling_admin import DJANGO_HIDDEN_AUTOCOMPLETE
from tests.browser.test_scheduling_flow import assert_error_state
from tests.scheduling.test_flow import DETAILS
from tests.scheduling.waitlist_helpers import fill_day, join, local_day
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clinic(transactional_db):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    return service, therapist, fill_day(service, therapist)


def test_a_patient_joins_from_a_full_day_and_books_the_offered_time(
    live_server, page, assert_accessible, clinic
):
    service, therapist, booked = clinic
    day = local_day(booked[0].start)
    page.goto(f"{live_server.url}/book/?service={service.pk}&therapist={therapist.slug}")
    page.goto(f"{live_server.url}/book/time/?day={day.isoformat()}")
    assert "There are no free times left" in page.inner_text("main")
    assert_accessible(page)
    page.click("text=Join the waitlist for")
    assert "/book/waitlist/" in page.url
    assert_accessible(page)
    page.fill("#id_name", DETAILS["name"])
    page.fill("#id_email", "not-an-email")
    page.click("main button[type=submit]")
    assert_error_state(page, assert_accessible, "Enter an email address", "Enter your phone")
    page.fill("#id_email", DETAILS["email"])
    page.fill("#id_phone", DETAILS["phone"])
    page.check('input[name="days"][value="2"]')
    page.check('input[name="part_of_day"][value="any"]')
    page.click("main button[type=submit]")
    assert "You are on the waitlist" in page.inner_text("h1")
    assert_accessible(page)

    entry = WaitlistEntry.objects.get()
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    offer = WaitlistOffer.objects.get(entry=entry)
    page.goto(live_server.url + offer.book_url())
    assert "A time is free for you" in page.inner_text("h1")
    assert_accessible(page)
    page.click("text=Book this time")  # the safety questions unanswered
    assert_error_state(page, assert_accessible, "Select the ones that apply")
    assert "A time is free for you" in page.inner_text("h1")
    page.check('input[value="osteoporosis"]')
    page.click("text=Book this time")
    assert "Your consultation is booked" in page.inner_text("h1")
    assert "Severe osteoporosis" in page.inner_text("main")
    assert "Call 911" in page.inner_text("main")
    assert "We will ask about your visit when you come" in page.inner_text("main")
    assert_accessible(page)
    assert "osteoporosis" not in page.url
    entry.refresh_from_db()
    assert entry.booking.screening_flags == ["osteoporosis"]
    page.goto(live_server.url + offer.book_url())
    assert "You booked this time" in page.inner_text("h1")
    assert_accessible(page)


def test_every_offer_that_cannot_be_booked_explains_the_way_forward(
    live_server, page, assert_accessible, clinic
):
    service, therapist, booked = clinic
    day = local_day(booked[0].start)
    ann = join(service, therapist, day, "Ann First")
    bob = join(service, therapist, day, "Bob Next")
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    offer = WaitlistOffer.objects.get(entry=ann)
    off = TimeOff.objects.create(therapist=therapist, start=offer.start, end=offer.blocked_until)
    page.goto(live_server.url + offer.book_url())
    page.check('input[value="none"]')
    page.click("text=Book this time")
    assert "no longer free" in page.inner_text("h1")
    assert_accessible(page)
    off.delete()
    WaitlistOffer.objects.filter(pk=offer.pk).update(expires_at=timezone.now())
    page.goto(live_server.url + offer.book_url())
    assert "This offer has ended" in page.inner_text("h1")
    assert_accessible(page)
    page.goto(live_server.url + bob.leave_url())
    assert_accessible(page)
    page.click("main button[type=submit]")
    assert "You have left the waitlist" in page.inner_text("h1")
    assert_accessible(page)
    page.goto(live_server.url + reverse("scheduling:waitlist-offer", args=["not-a-token"]))
    assert "We could not find this link" in page.inner_text("h1")
    assert_accessible(page)


def test_the_front_desk_waitlist_pages_are_accessible(live_server, page, html_checker, clinic):
    service, therapist, booked = clinic
    entry = join(service, therapist, local_day(booked[0].start), "Ann First")
    booking_cancel(booking=booked[0], by_staff=True)
    waitlist_offer_times()
    make_staff("desk", superuser=True)  # transactional tests flush the migrations' groups
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    def check(url: str) -> None:
        violations = checks.axe_violations(page)
        assert not violations, f"{url}:\n" + checks.describe_axe(violations)
        html = page.content()
        errors = [
            error
            for error in html_checker.errors(html)
            if DJANGO_HIDDEN_AUTOCOMPLETE not in error["message"]
        ]
        assert not errors, f"{url}:\n" + checks.describe_vnu(errors, html)

    schedule = reverse("admin:scheduling_booking_schedule") + f"?date={local_day(booked[0].start)}"
    page.goto(live_server.url + schedule)
    assert "Held for someone on the waitlist" in page.inner_text("#content")
    check("the schedule with a held time")
    for url in [
        reverse("admin:scheduling_waitlistentry_changelist"),
        reverse("admin:scheduling_waitlistentry_change", args=[entry.pk]),
        reverse("admin:scheduling_waitlistentry_add"),
    ]:
        page.goto(live_server.url + url)
        check(url)
    page.fill("#id_name", "Cal Phoned")
    page.select_option("#id_service", str(service.pk))
    today = timezone.now().astimezone(therapist.hours.first().location.zone).date()
    page.fill("#id_first_day", (today - timedelta(days=2)).isoformat())
    page.fill("#id_last_day", today.isoformat())
    page.click("input[name=_save]")
    content = page.inner_text("#content")
    assert "That day has passed" in content, content
    check("the add page with errors")
