"""Two locations in Chromium: the location question is a GOV.UK-style question page
(its <h1> in the legend, the hint above the answers, 44 px radios, an error summary),
and the rest of the flow then shows that clinic, on its clock; axe and the Nu Html
Checker pass on every page and error state."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from content.importing import safety_import
from scheduling import selectors
from scheduling.models import Booking, Closure, Location, Service, Therapist
from tests.browser.test_scheduling_admin import assert_admin_page_accessible
from tests.browser.test_scheduling_flow import (
    Keyboard,
    assert_error_state,
    assert_page_heading_is_h1,
    assert_targets_at_least_44px,
)
from tests.scheduling.conftest import book
from tests.scheduling.test_flow import DETAILS
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_clinics(transactional_db):
    call_command("load_demo_schedule", stdout=StringIO())
    assert not safety_import().problems
    return Location.objects.get(name="HWY PT Ontario (demo)")


def test_a_keyboard_user_chooses_the_second_clinic_and_books_there(
    live_server, browser, assert_accessible, two_clinics
):
    ontario = two_clinics
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/")
    patient = Keyboard(page)
    service = Service.objects.get(name="Initial consultation")
    patient.follow(f'a[href="/book/?service={service.pk}"]')
    assert "/book/location/" in page.url  # the service is kept; the clinic is asked first
    assert_page_heading_is_h1(page)
    assert page.locator("legend h1").inner_text() == "Which clinic would you like to visit?"
    # The hint comes before the answers, and each answer's address is its description.
    order = page.evaluate(
        "() => [...document.querySelectorAll('fieldset .form-text, fieldset input')]"
        ".map(e => e.tagName)"
    )
    assert order[0] == "P" and order[1] == "INPUT", order
    radio = page.locator(f'input[name="location"][value="{ontario.pk}"]')
    hint = page.locator("#" + radio.get_attribute("aria-describedby"))
    assert ontario.address in hint.inner_text()
    assert_targets_at_least_44px(page)
    assert_accessible(page)

    patient.submit()
    assert_error_state(page, assert_accessible, "Choose the clinic you would like to visit.")
    patient.actions -= 1  # the mistake made on purpose is not part of the way to book
    patient.choose("location", str(ontario.pk))
    patient.submit()

    assert "/book/time/" in page.url
    assert "HWY PT Ontario (demo)" in page.inner_text(".booking-so-far")
    assert "Initial consultation" in page.inner_text(".booking-so-far")
    assert "Times are local time at HWY PT Ontario (demo)" in page.inner_text("main")
    assert_accessible(page)
    patient.choose("start", page.locator('input[name="start"]').last.get_attribute("value"))
    patient.submit()
    for name in ("name", "email", "phone"):
        patient.type_into(name, DETAILS[name])
    patient.submit()
    patient.type_into("reason", "Sore hip")
    patient.type_into("where", "Hip")
    patient.choose("how_long", "weeks")
    patient.choose("pain", "2")
    patient.submit()
    patient.check('input[value="none"]')
    patient.submit()

    assert "/book/check/" in page.url
    summary = page.inner_text(".booking-summary")
    assert "HWY PT Ontario (demo)" in summary and ontario.address in summary
    assert_accessible(page)
    patient.submit()

    assert "/book/done/" in page.url
    assert ontario.address in page.inner_text("main")
    assert_accessible(page)
    assert Booking.objects.get().location == ontario
    pages = list(dict.fromkeys(url.split("?")[0] for url in patient.pages))
    print(
        f"\nbooked at the second clinic in {patient.actions} actions over {len(pages)} pages "
        f"({patient.tabs} Tab presses; by page: {dict(patient.tabs_on)})"
    )
    # The one-clinic path's 15, and the clinic question's two: choose, continue.
    assert patient.actions <= 17, patient.actions
    assert len(pages) <= 7, pages
    context.close()


def test_the_staff_location_pages_and_a_locations_schedule_are_accessible(
    live_server, page, html_checker, two_clinics
):
    ontario = two_clinics
    casey = Therapist.objects.get(slug="demo-casey-trial")
    service = Service.objects.get(name="Follow-up")
    later = timezone.now() + timedelta(days=2)
    [slot, *_] = [
        s
        for s in selectors.free_slots(service=service, location=ontario, therapist_id=casey.pk)
        if s.start > later
    ]
    book(service, casey, slot.start, location=ontario)
    holiday = (timezone.now() + timedelta(days=30)).date()
    Closure.objects.create(location=ontario, first_day=holiday, last_day=holiday, reason="Holiday")
    make_staff("owner", superuser=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "owner")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    day = slot.start.astimezone(ontario.zone).date().isoformat()
    schedule = reverse("admin:scheduling_booking_schedule")
    for url, shows in [
        (reverse("admin:scheduling_location_changelist"), ["America/Boise"]),
        (
            reverse("admin:scheduling_location_change", args=[ontario.pk]),
            ["Monday to Thursday 8:00 am to 5:00 pm; Friday 9:00 am to 3:00 pm", "Holiday"],
        ),
        (f"{schedule}?location={ontario.pk}&date={day}", ["Pat Example"]),
        (f"{schedule}?location={ontario.pk}&date={day}&view=week", ["Pat Example"]),
    ]:
        page.goto(live_server.url + url)
        assert all(text in page.content() for text in shows), url
        assert_admin_page_accessible(page, html_checker)
