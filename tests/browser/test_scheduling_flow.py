"""The booking flow in Chromium, by keyboard only, checked by axe and the Nu Html Checker
on every step and every error state."""

import re

import pytest
from django.core.management import call_command

from content.importing import safety_import
from scheduling.models import Booking, Service, Therapist
from tests.scheduling.conftest import book, first_slot
from tests.scheduling.test_flow import DETAILS, INTAKE, SCREENING_NO

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, css: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches `css`: proof it is keyboard-reachable."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(css) => document.activeElement.matches(css)", css):
            return
    raise AssertionError(f"could not reach {css} with the Tab key on {page.url}")


def choose(page, name: str, value: str | None = None) -> None:
    """Tab into a radio group, then Space and arrow keys until `value` is checked."""
    tab_to(page, f'input[name="{name}"]')
    page.keyboard.press("Space")
    for _ in range(40):
        checked = page.evaluate(
            "(n) => document.querySelector(`input[name='${n}']:checked`)?.value", name
        )
        if value is None or checked == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"could not choose {value} in {name}")


def type_into(page, name: str, text: str) -> None:
    tab_to(page, f'[name="{name}"]')
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def submit(page) -> None:
    tab_to(page, 'button[type="submit"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")


def assert_error_state(page, assert_accessible, *messages: str) -> None:
    assert page.title().startswith("Error: ")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    for message in messages:
        assert message in summary.inner_text()
    # Every summary link points at something that exists on the page.
    for href in summary.locator("a").evaluate_all("links => links.map(a => a.hash)"):
        assert page.locator(href).count() == 1, href
    assert_accessible(page)


def assert_no_horizontal_scroll(page) -> None:
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{page.url} scrolls sideways at {width[1]} px"


@pytest.fixture
def clinic(transactional_db):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems


def test_booking_by_keyboard_with_every_step_and_error_accessible(
    live_server, page, assert_accessible, clinic
):
    page.goto(live_server.url + "/book/")
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Choose what you would like to book.")
    choose(page, "service")
    submit(page)

    assert "/book/therapist/" in page.url
    assert_accessible(page)
    choose(page, "therapist", "any")
    submit(page)

    assert "/book/day/" in page.url
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Choose a day.")
    # A few days ahead, so the booking can still be cancelled online at the end.
    choose(page, "day", page.locator('input[name="day"]').nth(3).get_attribute("value"))
    submit(page)

    assert "/book/time/" in page.url
    assert page.locator("h2.booking-part").first.inner_text() in {"Morning", "Afternoon", "Evening"}
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Choose a time.")
    choose(page, "start")
    submit(page)

    assert "/book/details/" in page.url
    assert_accessible(page)
    type_into(page, "name", "Pat Example")
    type_into(page, "email", "not-an-email")
    type_into(page, "phone", "12")
    submit(page)
    assert_error_state(page, assert_accessible, "Enter an email address", "Enter a phone number")
    assert page.input_value("#id_name") == "Pat Example"
    type_into(page, "email", "pat@example.com")
    type_into(page, "phone", "541 555 0100")
    submit(page)

    assert "/book/intake/" in page.url
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Tell us the main reason")
    type_into(page, "reason", "Stiff neck after gardening")
    type_into(page, "where", "Neck")
    choose(page, "how_long", "weeks")
    choose(page, "pain", "3")
    submit(page)

    assert "/book/screening/" in page.url
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Answer yes or no.")
    for name in ["recent_injury", "inflammation", "blood_clot", "osteoporosis", "infection"]:
        choose(page, name, "yes" if name == "blood_clot" else "no")
    submit(page)

    assert "/book/check/" in page.url
    assert "Stiff neck after gardening" in page.inner_text("main")
    assert_accessible(page)
    # Back keeps what was entered.
    tab_to(page, "a.back-link")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator('input[name="blood_clot"][value="yes"]').is_checked()
    submit(page)  # Continue returns to "check your answers"
    assert "/book/check/" in page.url
    submit(page)
    assert_error_state(page, assert_accessible, "Tick the box")
    tab_to(page, 'input[name="consent"]')
    page.keyboard.press("Space")
    submit(page)

    assert "/book/done/" in page.url
    assert "A therapist will call you" in page.inner_text("main")
    assert_accessible(page)
    booking = Booking.objects.get()
    assert booking.needs_review and booking.intake["where"] == "Neck"
    assert not re.search(r"neck|gardening", page.url, re.I)

    # The manage link: view, move page, cancel page, all accessible.
    tab_to(page, 'a[href*="/book/manage/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    manage_url = page.url
    page.goto(manage_url + "move/")
    assert_accessible(page)
    page.goto(manage_url + "cancel/")
    assert_accessible(page)
    submit(page)
    assert "cancelled" in page.inner_text("main")
    assert_accessible(page)


def test_the_time_was_just_taken_page_is_accessible_and_fits_320px(
    live_server, page, assert_accessible, clinic
):
    service = Service.objects.first()
    slot = first_slot(service)
    page.goto(live_server.url + "/book/")
    # Walk the flow quickly with the page's own forms (the keyboard test covers input).
    page.check(f'input[name="service"][value="{service.pk}"]')
    page.click("text=Continue")
    page.check('input[value="any"]')
    page.click("text=Continue")
    page.check('input[name="day"]')
    page.click("text=Continue")
    page.set_viewport_size({"width": 320, "height": 800})
    assert_no_horizontal_scroll(page)
    page.check(f'input[value="{slot.start.isoformat()}"]')
    page.click("text=Continue")
    for name, value in DETAILS.items():
        page.fill(f"#id_{name}", value)
    page.click("text=Continue")
    page.fill("#id_reason", INTAKE["reason"])
    page.fill("#id_where", INTAKE["where"])
    page.check('input[name="how_long"][value="weeks"]')
    page.check('input[name="pain"][value="4"]')
    page.click("text=Continue")
    for name in SCREENING_NO:
        page.check(f'input[name="{name}"][value="no"]')
    page.click("text=Continue")
    assert_no_horizontal_scroll(page)  # "check your answers" at 320 px
    for therapist in Therapist.objects.all():  # someone else takes the time everywhere
        book(service, therapist, slot.start)
    page.check("#id_consent")
    page.click("text=Confirm booking")
    assert "that time was just taken" in page.inner_text("main")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
