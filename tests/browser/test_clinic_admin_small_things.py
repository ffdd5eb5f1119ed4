"""In Chromium, with axe and vnu: the front desk makes a therapist's calendar link and
the feed answers; a service saved without a description is sent back with the reason;
patients see each service's description where they choose one."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from content.importing import safety_import
from scheduling.models import Service, Therapist
from tests.browser.test_newsletter_editors import assert_admin_accessible
from tests.browser.test_readme_tour import staff_groups_as_migrate_made_them
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clinic(transactional_db):
    call_command("load_demo_schedule", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not safety_import().problems


def log_in(page, live_server, username: str, next_url: str) -> None:
    page.goto(f"{live_server.url}/admin/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("input[type=submit]")


def test_the_front_desk_gives_a_therapist_a_calendar_link(page, live_server, html_checker, clinic):
    staff_groups_as_migrate_made_them()
    make_staff("desk", "Front desk")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    log_in(page, live_server, "desk", "/admin/scheduling/therapist/")
    page.get_by_role("row").filter(has_text=therapist.name).get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(
        label="Create or replace the calendar feed link"
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("New calendar feed link")
    assert_admin_accessible(page, html_checker)
    page.get_by_role("link", name=therapist.name).click()
    link = page.locator(".field-calendar_feed_link code")
    expect(link).to_contain_text("/book/calendar/")
    assert_admin_accessible(page, html_checker)
    therapist.refresh_from_db()
    feed = page.request.get(live_server.url + therapist.calendar_feed.url())
    assert feed.status == 200
    assert feed.headers["content-type"] == "text/calendar; charset=utf-8"
    assert feed.body().startswith(b"BEGIN:VCALENDAR")


def test_a_service_without_a_description_is_sent_back(page, live_server, html_checker, clinic):
    make_staff("boss", superuser=True)
    log_in(page, live_server, "boss", "/admin/scheduling/service/add/")
    page.fill("#id_name", "Walk-in")
    page.fill("#id_duration_minutes", "30")
    with page.expect_navigation():
        page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(".field-description")).to_contain_text("This field is required")
    assert_admin_accessible(page, html_checker)
    assert not Service.objects.filter(name="Walk-in").exists()


def test_patients_read_what_each_service_is_before_choosing(
    page, live_server, assert_accessible, clinic
):
    follow_up = Service.objects.get(name="Follow-up")
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Book follow-up")).to_have_accessible_description(
        follow_up.description
    )
    expect(page.get_by_text(follow_up.description)).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/book/")
    if "/book/location/" in page.url:  # the demo clinic has two places: that comes first
        page.get_by_role("radio").first.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("radio", name=str(follow_up))).to_have_accessible_description(
        follow_up.description
    )
    expect(page.get_by_text(follow_up.description)).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose what you would like to book")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + "/")
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
