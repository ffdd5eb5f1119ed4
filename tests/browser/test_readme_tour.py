"""The README's first tour, step by step, as a newcomer follows it after `make run`.

The demo data is loaded by the same commands `make run` runs; the emails are read on
the development outbox page (/dev/outbox/) and their links followed as shown there.
Counts come from the database, never from the README's numbers.
"""

from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.db.migrations import RunPython
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from playwright.sync_api import expect

from content.models import Article, Topic
from newsletter.models import Subscriber
from outbox.models import OutgoingEmail
from scheduling import selectors
from scheduling.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PATIENT = "tour.patient@example.com"
READER = "tour.reader@example.com"
SECOND_PATIENT = "tour.second@example.com"


@pytest.fixture
def demo(transactional_db, settings, tmp_path, live_server):
    """What `make run` sets up: the development mail backend, its outbox, the demo data."""
    settings.DEBUG = True
    settings.SITE_URL = live_server.url  # `make run` passes DJANGO_SITE_URL=http://$(ADDR)
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.MAILERS = {
        "default": {"BACKEND": "hwypt.dev_mail.EmailBackend", "OPTIONS": {"stream": StringIO()}}
    }
    staff_groups_as_migrate_made_them()
    for command in ("import_articles", "load_demo_schedule", "newsletter_demo"):
        call_command(command, stdout=StringIO())


def staff_groups_as_migrate_made_them() -> None:
    """The staff groups come from data migrations; an earlier transactional test's flush
    emptied them, so run those migrations' own (idempotent) code again."""
    loader = MigrationLoader(connection)
    # The migrations' own historical models, as `migrate` passes them: those functions
    # toggle each app config's models_module, which on the real registry would stop
    # every later flush from re-creating the content types.
    state_apps = loader.project_state().apps
    for migration in loader.disk_migrations.values():
        for operation in migration.operations:
            if isinstance(operation, RunPython) and "group" in operation.code.__name__:
                operation.code(state_apps, None)


def link_in(email, path: str):
    """The email's link whose text is its address, as printed: what a reader clicks."""
    link = email.locator(f'a[href*="{path}"]').first
    expect(link).to_have_text(link.get_attribute("href"))
    return link


def open_email(page, live_server, subject: str, to: str):
    """The newest email with this subject to this address, on the outbox page."""
    page.goto(live_server.url + "/dev/outbox/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emails sent (development)")
    email = page.get_by_role("article").filter(
        has=page.get_by_role("heading", name=subject), has_text=to
    )
    expect(email.first).to_be_visible()
    return email.first


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name).click()


def choose_day_at_least_two_days_ahead(page) -> None:
    """Any hour, any weekday: the first offered day two or more days from today."""
    earliest = (timezone.now().astimezone(selectors.clinic_zone()) + timedelta(days=2)).date()
    for href in page.locator(".booking-day-list a").evaluate_all("links => links.map(a => a.href)"):
        if href.split("day=", 1)[1][:10] >= earliest.isoformat():
            page.goto(href)
            return
    raise AssertionError("no day two or more days ahead is offered")


def test_the_readme_tour_works_end_to_end(demo, live_server, page, assert_accessible):
    # Read: the articles, grouped in topics, and search.
    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("link", name="Articles", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Articles")
    published = list(Article.objects.published())
    assert published and len(published) == Article.objects.count()
    for topic in Topic.objects.all():
        page.goto(live_server.url + topic.get_absolute_url())
        for article in [a for a in published if a.topic_id == topic.pk]:
            expect(page.get_by_role("link", name=article.title, exact=True).first).to_be_visible()
    article = published[0]
    page.goto(live_server.url + "/search/?q=" + article.title.split()[-1])
    page.get_by_role("link", name=article.title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)

    # Book: the service, a day two or more days ahead, a time, details, intake, safety.
    page.goto(live_server.url + "/book/")
    page.get_by_label("HWY PT clinic (demo)").check()
    submit(page, "Continue")
    page.locator('input[name="service"]').first.check()
    submit(page, "Continue")
    page.get_by_role("link", name="Choose another day").click()
    choose_day_at_least_two_days_ahead(page)
    page.locator('input[name="start"]').first.check()
    submit(page, "Continue")
    page.get_by_label("Full name").fill("Tour Patient")
    page.get_by_label("Email address").fill(PATIENT)
    page.get_by_label("Phone number").fill("541 555 0100")
    submit(page, "Continue")
    page.get_by_label("What is the main reason for your visit?").fill("Stiff shoulder")
    page.get_by_label("Where", exact=False).first.fill("Left shoulder")
    page.locator('input[name="how_long"]').first.check()
    page.locator('input[name="pain"][value="3"]').check()
    submit(page, "Continue")
    page.get_by_label("None of these").check()
    submit(page, "Continue")
    submit(page, "Agree and book")
    booking = Booking.objects.get(patient_email=PATIENT)
    assert booking.start - timezone.now() > timedelta(days=1)

    # Get the email: the outbox page, its calendar file, its link to the booking.
    email = open_email(page, live_server, "Your consultation is booked", PATIENT)
    assert_accessible(page)
    with page.expect_download() as download:
        email.get_by_role("link", name="Download consultation.ics").click()
    assert Path(download.value.path()).read_bytes().startswith(b"BEGIN:VCALENDAR")
    link_in(email, "/book/manage/").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your booking")

    # Move the booking to another day, then cancel it from the new email's link.
    page.get_by_role("link", name="Move to another time").click()
    days = page.locator(".booking-days a").evaluate_all("links => links.map(a => a.href)")
    booked_day = timezone.localdate(booking.start).isoformat()
    later = [href for href in days if href.split("day=", 1)[1][:10] > booked_day]
    page.goto(later[0])
    page.locator('input[name="start"]').first.check()
    submit(page, "Move my booking")
    moved = Booking.objects.get(patient_email=PATIENT)
    assert moved.start != booking.start
    email = open_email(page, live_server, "Your consultation has moved", PATIENT)
    link_in(email, "/book/manage/").click()
    page.get_by_role("link", name="Cancel this booking").click()
    submit(page, "Cancel")
    expect(page.locator("main")).to_contain_text("cancelled")
    assert Booking.objects.get(patient_email=PATIENT).status == Booking.Status.CANCELLED
    open_email(page, live_server, "Your consultation is cancelled", PATIENT)

    # Subscribe, confirm from the email's link.
    page.goto(live_server.url + "/newsletter/")
    page.get_by_label("Email address").fill(READER)
    submit(page, "Sign up")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    email = open_email(page, live_server, "Please confirm: HWY PT newsletter", READER)
    link_in(email, "/newsletter/confirm/").click()
    submit(page, "Yes, send me the newsletter")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are subscribed")

    # Staff: a superuser sends an issue; the reader unsubscribes from its link.
    User.objects.create_superuser("tour-admin", "admin@example.com", "tour-password")
    log_in(page, live_server, "tour-admin")
    page.goto(live_server.url + "/admin/newsletter/issue/add/")
    page.locator("#id_subject").fill("Tour issue")
    page.locator("#id_body").fill("Hello from the tour.")
    submit_admin(page, "input[name=_save]")
    row = page.get_by_role("row").filter(has_text="Tour issue")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Send to all subscribers")
    submit_admin(page, "button[name=index], button[type=submit].button")
    email = open_email(page, live_server, "Tour issue", READER)
    link_in(email, "/newsletter/unsubscribe/").click()
    submit(page, "Unsubscribe")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are unsubscribed")
    assert Subscriber.objects.get(email=READER).status == Subscriber.Status.UNSUBSCRIBED

    # Each staff role sees its part; only Clinicians see the health intake.
    change = f"{live_server.url}/admin/scheduling/booking/{booking.pk}/change/"
    for group, section, sees_intake in [
        ("Front desk", "Bookings", False),
        ("Clinicians", "Bookings", True),
        ("Content editors", "Articles", None),
    ]:
        user = User.objects.create_user(group.lower().replace(" ", "-"), password="tour-password")
        user.is_staff = True
        user.save()
        user.groups.add(Group.objects.get(name=group))
        page.context.clear_cookies()
        log_in(page, live_server, user.username)
        expect(page.get_by_role("link", name=section, exact=True).first).to_be_visible()
        if sees_intake is not None:
            page.goto(change)
            shown = "Stiff shoulder" in page.inner_text("main, #content")
            assert shown is sees_intake, group

    # Front desk: book a caller with no email from the schedule, read it back.
    page.context.clear_cookies()
    log_in(page, live_server, "front-desk")
    page.get_by_role("link", name="Bookings", exact=True).first.click()
    page.get_by_role("link", name="Day schedule").click()
    page.get_by_role("link", name="Book for a caller").click()
    page.locator("#id_day").fill(timezone.localdate(moved.start).isoformat())
    submit(page, "Show free times")
    page.locator('input[name="start"]').first.check()
    page.get_by_label("Full name").fill("Tour Caller")
    page.get_by_label("Phone number").fill("541 555 0199")
    emails_before = OutgoingEmail.objects.count()
    submit(page, "Book this time")
    expect(page.locator("#content")).to_contain_text("Read these details back to the caller")
    caller = Booking.objects.get(patient_name="Tour Caller")
    assert caller.patient_email == "" and OutgoingEmail.objects.count() == emails_before
    page.get_by_role("link", name="Open the booking").click()
    page.get_by_role("link", name="History").click()
    expect(page.locator("#content")).to_contain_text("front-desk")

    # Second location: its own therapists and clock, its address in the email.
    page.context.clear_cookies()
    page.goto(live_server.url + "/book/")
    page.get_by_label("HWY PT Ontario (demo)").check()
    submit(page, "Continue")
    page.locator('input[name="service"]').first.check()
    submit(page, "Continue")
    expect(page.locator("main")).to_contain_text(
        "Times are local time at HWY PT Ontario (demo) (M"  # MST or MDT
    )
    page.locator('input[name="start"]').last.check()
    submit(page, "Continue")
    page.get_by_label("Full name").fill("Second Visit")
    page.get_by_label("Email address").fill(SECOND_PATIENT)
    page.get_by_label("Phone number").fill("541 555 0100")
    submit(page, "Continue")
    page.get_by_label("What is the main reason for your visit?").fill("Sore hip")
    page.get_by_label("Where", exact=False).first.fill("Hip")
    page.locator('input[name="how_long"]').first.check()
    page.locator('input[name="pain"][value="2"]').check()
    submit(page, "Continue")
    page.get_by_label("None of these").check()
    submit(page, "Continue")
    expect(page.locator(".booking-summary")).to_contain_text("45 Sample Street")
    submit(page, "Agree and book")
    second = Booking.objects.select_related("location").get(patient_email=SECOND_PATIENT)
    assert second.location.time_zone == "America/Boise"
    email = open_email(page, live_server, "Your consultation is booked", SECOND_PATIENT)
    expect(email).to_contain_text("HWY PT Ontario (demo), 45 Sample Street, Ontario, OR 97914")
    local = second.start.astimezone(second.location.zone)
    expect(email).to_contain_text(f"{local:%A, %B} {local.day}, {local.year} at {local:%-I:%M %p}")
    log_in(page, live_server, "tour-admin")
    page.goto(live_server.url + "/admin/scheduling/location/")
    expect(page.locator("#result_list")).to_contain_text("America/Boise")


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/admin/login/?next=/admin/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("tour-password")
    submit_admin(page, "input[type=submit]")
    assert "/admin/login/" not in page.url, f"{username} could not log in"


def submit_admin(page, css: str) -> None:
    with page.expect_navigation():
        page.locator(css).first.click()
