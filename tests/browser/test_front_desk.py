"""The front desk books a caller, reads the booking back, moves and cancels it, in
Chromium: every page, form step and error state checked by axe and the Nu Html Checker."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from content.importing import safety_import
from scheduling import screening, selectors
from scheduling.models import Booking, Service, Therapist
from tests.scheduling.conftest import book
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server) -> None:
    # A superuser: transactional tests flush the groups the migrations create.
    make_staff("desk", superuser=True)
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "desk")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def submit(page, label: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=label).click()


def assert_error_summary(page, *messages: str) -> None:
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    for message in messages:
        assert message in summary.inner_text()
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(href).count() == 1, href


def test_a_phone_booking_from_the_schedule_to_cancelling_it(live_server, page, assert_accessible):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    first = selectors.free_slots(
        service=service, location=selectors.clinic_location(), therapist_id=therapist.pk
    )[0]
    day = first.start.astimezone(selectors.clinic_zone()).date().isoformat()
    sign_in(page, live_server)

    page.goto(live_server.url + reverse("admin:scheduling_booking_schedule") + f"?date={day}")
    assert_accessible(page)
    page.get_by_role("link", name="Book for a caller").click()
    assert_accessible(page)  # the search, with the day filled in

    page.fill("#id_day", "")  # a date box takes no other text
    submit(page, "Show free times")
    assert_error_summary(page, "Enter the day, for example")
    assert_accessible(page)

    page.select_option("#id_service", str(service.pk))
    page.select_option("#id_therapist", str(therapist.pk))
    page.fill("#id_day", day)
    submit(page, "Show free times")
    assert_accessible(page)  # the free times and the caller's questions

    page.fill("#id_phone", "ring me")
    submit(page, "Book this time")
    assert_error_summary(page, "Choose a time.", "Enter your full name.", "Enter a phone number")
    assert_accessible(page)

    # An online patient takes the first time while the front desk is on the phone.
    book(service, therapist, first.start)
    page.locator("input[name=start]").first.check()
    page.fill("#id_name", "Ruth Caller")
    page.fill("#id_phone", "541 555 0199")
    submit(page, "Book this time")
    assert_error_summary(page, "That time is no longer free")
    assert_accessible(page)
    Booking.objects.all().delete()

    page.locator("input[name=start]").first.check()
    page.locator("input[name=applies]").first.check()
    submit(page, "Book this time")
    assert "Read these details back to the caller" in page.content()
    assert "No email is sent" in page.content()
    assert "a clinician calls the patient before the visit" in page.content()
    assert_accessible(page)  # the read-back summary, with the screening advice
    booking = Booking.objects.get()
    assert booking.needs_review and booking.patient_email == ""
    assert booking.screening_flags == [screening.questions()[0].key]

    page.get_by_role("link", name="Move it").click()
    assert_accessible(page)
    page.locator("input[name=start]").last.check()
    submit(page, "Move to this time")
    assert "Moved the booking for Ruth Caller" in page.content()
    booking.refresh_from_db()
    assert booking.start != first.start and booking.sequence == 1

    page.get_by_role("link", name="Cancel it").click()
    assert_accessible(page)
    submit(page, "Yes, cancel the booking")
    assert "Cancelled the booking for Ruth Caller" in page.content()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_the_move_page_error_states_and_the_override(live_server, page, assert_accessible):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    sign_in(page, live_server)
    base = live_server.url + reverse("admin:scheduling_booking_phone")
    far = selectors.free_slots(
        service=service,
        location=selectors.clinic_location(),
        therapist_id=therapist.pk,
        rules=selectors.staff_rules(selectors.BookingRules.current()),
    )[-1]
    day = far.start.astimezone(selectors.clinic_zone()).date().isoformat()
    page.goto(f"{base}?service={service.pk}&therapist={therapist.pk}&day={day}")
    assert "No free times on this day" in page.content()
    assert_accessible(page)
    page.check("#id_override")
    submit(page, "Show free times")
    assert page.locator("input[name=start]").count() > 0
    page.locator("input[name=start]").last.check()
    page.fill("#id_name", "Ruth Caller")
    page.fill("#id_phone", "541 555 0199")
    page.fill("#id_email", "ruth@example.org")
    submit(page, "Book this time")
    booking = Booking.objects.get()
    assert booking.patient_email == "ruth@example.org"
    assert "goes to ruth@example.org" in page.content()

    page.goto(live_server.url + reverse("admin:scheduling_booking_move", args=[booking.pk]))
    page.fill("#id_day", "")
    submit(page, "Show free times")
    assert_error_summary(page, "Enter the day, for example")
    assert_accessible(page)
    page.fill("#id_day", day)
    submit(page, "Show free times")
    assert "No free times with" in page.content()  # a year ahead: past the horizon
    assert_accessible(page)
    page.check("#id_override")
    submit(page, "Show free times")
    submit(page, "Move to this time")  # with no time chosen
    assert_error_summary(page, "Choose a time.")
    assert_accessible(page)
