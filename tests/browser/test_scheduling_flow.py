"""The booking flow in Chromium, by keyboard only, checked by axe and the Nu Html Checker
on every step and every error state."""

import re
from collections import Counter
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from content.importing import safety_import
from scheduling import selectors
from scheduling.models import Booking, Service, Therapist
from tests.scheduling.conftest import book, first_slot
from tests.scheduling.test_flow import DETAILS, INTAKE

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
    tab_to(page, 'main button[type="submit"]')  # past the header's search button
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
    # One location: the flow as most clinics have it (test_locations.py has two).
    call_command("load_demo_schedule", "--single-location", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems


class Keyboard:
    """A keyboard-only patient: every key press goes through here and is counted.

    An action is one thing the patient decides: choose an answer, type into a box,
    follow a link or press a button. Tab presses only move between them and are
    counted apart. Pages are the pages loaded after the home page.
    """

    def __init__(self, page):
        self.page = page
        self.actions = 0
        self.tabs = 0
        self.tabs_on = Counter()  # Tab presses on each page, by path
        self.keys = 0
        self.pages = []
        page.on(
            "framenavigated",
            lambda frame: frame == page.main_frame and self.pages.append(frame.url),
        )

    def press(self, key):
        self.keys += 1
        self.page.keyboard.press(key)

    def tab_to(self, css: str, limit: int = 120) -> None:
        for _ in range(limit):
            self.tabs += 1
            self.tabs_on[urlsplit(self.page.url).path] += 1
            self.press("Tab")
            if self.page.evaluate("(css) => document.activeElement.matches(css)", css):
                return
        raise AssertionError(f"could not reach {css} with the Tab key on {self.page.url}")

    def check(self, css: str) -> None:
        self.tab_to(css)
        self.actions += 1
        self.press("Space")

    def choose(self, name: str, value: str) -> None:
        """Tab into a radio group, then arrow keys until `value` is checked: one action."""
        self.tab_to(f'input[name="{name}"]')
        self.actions += 1
        self.press("Space")
        for _ in range(40):
            checked = self.page.evaluate(
                "(n) => document.querySelector(`input[name='${n}']:checked`)?.value", name
            )
            if checked == value:
                return
            self.press("ArrowDown")
        raise AssertionError(f"could not choose {value} in {name}")

    def type_into(self, name: str, text: str) -> None:
        self.tab_to(f'[name="{name}"]')
        self.actions += 1
        self.press("Control+A")
        self.keys += len(text)
        self.page.keyboard.type(text)

    def follow(self, css: str) -> None:
        self.tab_to(css)
        self.actions += 1
        with self.page.expect_navigation():
            self.press("Enter")

    def submit(self) -> None:
        self.follow('main button[type="submit"]')  # past the header's search button


def assert_page_heading_is_h1(page) -> None:
    assert page.locator("h1").count() == 1, page.url


def assert_targets_at_least_44px(page) -> None:
    """Radio circles and checkboxes measured as drawn, not as the stylesheet promises."""
    sizes = page.locator("main input[type=radio], main input[type=checkbox]").evaluate_all(
        "boxes => boxes.map(b => b.getBoundingClientRect()).map(r => [r.width, r.height])"
    )
    assert all(w >= 44 and h >= 44 for w, h in sizes), (page.url, sizes)


@pytest.mark.parametrize("applies", ["none", "osteoporosis"])
def test_a_keyboard_user_at_320px_books_from_the_home_page_in_few_actions(
    live_server, browser, assert_accessible, clinic, html_checker, applies
):
    """The usual path ("None of these"), and a "yes" that adds the page saying what it means."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/")
    assert_accessible(page)
    patient = Keyboard(page)
    service = Service.objects.get(name="Initial consultation")
    patient.follow(f'a[href="/book/?service={service.pk}"]')

    assert "/book/time/" in page.url
    assert_page_heading_is_h1(page)
    assert_targets_at_least_44px(page)
    assert "Initial consultation" in page.inner_text(".booking-so-far")
    assert_accessible(page)
    assert page.locator("input[name=start]").count() <= 5  # a handful, not 19
    # The suggestions always hold one that can still be changed online: choose it.
    radios = page.locator("input[name=start]")
    labels = [
        page.inner_text(f'label[for="{radios.nth(i).get_attribute("id")}"]')
        for i in range(radios.count())
    ]
    index = next(i for i, label in enumerate(labels) if "can\u2019t be changed online" not in label)
    patient.choose("start", radios.nth(index).get_attribute("value"))
    patient.submit()

    assert "/book/details/" in page.url
    assert_page_heading_is_h1(page)
    assert_accessible(page)
    patient.type_into("name", DETAILS["name"])
    patient.type_into("email", DETAILS["email"])
    patient.type_into("phone", DETAILS["phone"])
    patient.submit()

    assert "/book/intake/" in page.url
    # One sensibly grouped page, "About your visit", its heading a real h1.
    assert_page_heading_is_h1(page)
    assert page.inner_text("h1") == "About your visit"
    assert_targets_at_least_44px(page)
    assert_accessible(page)
    patient.type_into("reason", "Stiff neck after gardening")
    patient.type_into("where", "Neck")
    patient.choose("how_long", "weeks")
    patient.choose("pain", "3")
    patient.submit()

    assert "/book/screening/" in page.url
    assert_page_heading_is_h1(page)
    assert_targets_at_least_44px(page)
    assert_accessible(page)
    patient.check(f'input[value="{applies}"]')
    patient.submit()

    if applies != "none":  # what the answer means, right after it
        assert "/book/safety/" in page.url
        assert_page_heading_is_h1(page)
        assert "Severe osteoporosis" in page.inner_text("main")
        assert "Call 911" in page.inner_text("main")
        assert_accessible(page)
        patient.follow("main a.btn-primary")

    assert "/book/check/" in page.url
    assert_page_heading_is_h1(page)
    change_links = page.locator(".booking-summary a").evaluate_all(
        "links => links.map(a => a.textContent)"
    )
    assert all(re.fullmatch(r"Change \w[\w ]+", text) for text in change_links), change_links
    assert "Change this answer" not in change_links
    assert_accessible(page)
    patient.submit()

    assert "/book/done/" in page.url
    assert "Your consultation is booked" in page.inner_text("main")
    assert "You can move or cancel online until" in page.inner_text("main")
    assert_accessible(page)
    assert Booking.objects.get().intake["where"] == "Neck"
    pages = list(dict.fromkeys(url.split("?")[0] for url in patient.pages))
    print(
        f"\nbooked ({applies}) in {patient.actions} actions over {len(pages)} pages "
        f"({patient.tabs} Tab presses, {patient.keys} key presses in all; "
        f"Tab presses by page: {dict(patient.tabs_on)})"
    )
    # Tab presses: the header's six stops on every page, then the page's own. On the
    # check page, "Agree and book" comes after Back, one "Change ..." link per answer and
    # the privacy notice: 15 presses, where issue 15 counted 25.
    assert patient.tabs_on["/book/check/"] <= 15, patient.tabs_on
    assert patient.tabs <= (72 if applies == "none" else 80), patient.tabs_on
    if applies == "none":
        assert patient.actions <= 15, patient.actions
        assert len(pages) <= 7, pages
    else:  # one more page, and one more action: "Continue to book"
        assert patient.actions <= 16, patient.actions
        assert len(pages) <= 7, pages
    context.close()


def test_every_error_state_is_accessible_and_shows_its_question(
    live_server, page, assert_accessible, clinic
):
    service = Service.objects.get(name="Initial consultation")
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(live_server.url + "/book/")
    assert_page_heading_is_h1(page)
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Choose what you would like to book.")
    page.check(f'input[name="service"][value="{service.pk}"]')
    page.click("text=Continue")

    assert "/book/time/" in page.url
    submit(page)
    assert_error_state(page, assert_accessible, "Choose a time.")
    page.click("text=Show all times on")
    assert_accessible(page)
    page.click("text=Choose another day")
    assert_page_heading_is_h1(page)
    assert_accessible(page)
    page.locator(".booking-day-list a").nth(2).click()
    assert_accessible(page)
    page.click("text=Choose a particular therapist")
    assert_page_heading_is_h1(page)
    assert_accessible(page)
    page.check('input[value="any"]')
    page.click("text=Continue")
    page.locator("input[name=start]").last.check()
    page.click("text=Continue")

    assert "/book/details/" in page.url
    page.fill("#id_name", "Pat Example")
    page.fill("#id_email", "not-an-email")
    submit(page)
    assert_error_state(page, assert_accessible, "Enter an email address", "Enter your phone")
    # The summary's link puts the field's label in view, and focuses the field.
    page.locator(".error-summary a", has_text="Enter an email address").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    label_top = page.locator('label[for="id_email"]').evaluate("l => l.getBoundingClientRect().top")
    assert -1 <= label_top < 640, label_top
    page.fill("#id_email", DETAILS["email"])
    page.fill("#id_phone", DETAILS["phone"])
    page.click("text=Continue")

    submit(page)
    assert_error_state(page, assert_accessible, "Tell us the main reason")
    page.locator(".error-summary a", has_text="Choose how long").click()
    assert page.evaluate("document.activeElement.name") == "how_long"
    legend_top = page.locator("#id_how_long legend").evaluate("l => l.getBoundingClientRect().top")
    assert -1 <= legend_top < 640, legend_top  # at the top, give or take a sub-pixel
    page.fill("#id_reason", INTAKE["reason"])
    page.fill("#id_where", INTAKE["where"])
    page.check('input[name="how_long"][value="weeks"]')
    page.check('input[name="pain"][value="4"]')
    page.click("text=Continue")

    assert "/book/screening/" in page.url
    submit(page)
    assert_error_state(page, assert_accessible, "Select the ones that apply")
    page.check('input[value="blood_clot"]')
    assert_accessible(page)
    page.click("text=Continue")
    assert "/book/safety/" in page.url  # right after the answer, before the check page
    assert "Deep vein thrombosis" in page.inner_text("main")
    assert "Call 911" in page.inner_text("main")
    page.click("text=Continue to book")
    assert "/book/check/" in page.url
    assert "Call 911" in page.inner_text("main")  # before booking, not after
    assert_accessible(page)
    # Back keeps what was entered.
    page.click("a.back-link")
    page.click("a.back-link")
    assert page.locator('input[value="blood_clot"]').is_checked()


def test_a_stale_day_page_gets_a_friendly_answer(live_server, page, assert_accessible, clinic):
    page.goto(live_server.url + "/book/")
    page.locator('input[name="service"]').first.check()
    page.click("text=Continue")
    # What a day page left open overnight sends: a day that has passed.
    page.goto(live_server.url + "/book/time/?day=2020-12-01")
    assert "Tuesday, December 1 has passed." in page.inner_text("main")
    assert "nearest free times" in page.inner_text("main")
    assert page.locator("input[name=start]").count() >= 1
    assert_accessible(page)


def test_the_time_was_just_taken_page_is_accessible_and_fits_320px(
    live_server, page, assert_accessible, clinic
):
    service = Service.objects.first()
    slot = first_slot(service)
    zone = selectors.clinic_zone()
    page.goto(live_server.url + "/book/")
    # Walk the flow quickly with the page's own forms (the keyboard test covers input).
    page.check(f'input[name="service"][value="{service.pk}"]')
    page.click("text=Continue")
    page.goto(f"{live_server.url}/book/time/?day={slot.start.astimezone(zone).date()}&all=1")
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
    page.check('input[value="none"]')
    page.click("text=Continue")
    assert_no_horizontal_scroll(page)  # "check your answers" at 320 px
    for therapist in Therapist.objects.all():  # someone else takes the time everywhere
        book(service, therapist, slot.start)
    page.click("text=Agree and book")
    assert "that time was just taken" in page.inner_text("main")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_the_manage_move_and_cancel_pages_and_their_error_state_are_accessible(
    live_server, page, assert_accessible, clinic
):
    """The pages a patient reaches from the email's link: the booking, moving it (a day
    with times, the error when none is chosen, a day with none) and cancelling it."""
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.filter(is_active=True).first()
    zone = selectors.clinic_location().zone
    slot = first_slot(service, therapist, after=first_slot(service).start + timedelta(days=3))
    booking = book(service, therapist, slot.start)
    manage = f"{live_server.url}/book/manage/{booking.make_token()}/"
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(manage)
    assert_page_heading_is_h1(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)

    tab_to(page, 'a[href$="/move/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("input[name=start]").count() >= 1
    assert_targets_at_least_44px(page)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    submit(page)
    assert_error_state(page, assert_accessible, "Choose a time.")
    # A day link lands on that day's times.
    tab_to(page, ".booking-days a:not([aria-current])")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("#move-times")
    assert_accessible(page)
    page.goto(manage + "move/?day=2099-01-05#move-times")
    assert "No free times on Monday, January 5" in page.inner_text("main")
    assert_accessible(page)

    page.goto(manage)
    tab_to(page, 'a[href$="/cancel/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_page_heading_is_h1(page)
    assert_accessible(page)
    submit(page)
    assert "Your booking is cancelled" in page.inner_text("main")
    assert_accessible(page)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert slot.start.astimezone(zone).strftime("%B") in page.inner_text("main")
