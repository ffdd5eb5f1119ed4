"""Email without a mail server: links whole on the console and on /dev/outbox/, which
exists only with DEBUG on."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from icalendar import Calendar

from scheduling.models import Service, Therapist
from scheduling.services.booking import booking_cancel
from tests.scheduling.conftest import book, days, first_slot

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def console(settings, tmp_path) -> StringIO:
    """What `make run` configures when DJANGO_EMAIL_HOST is unset, printing into a buffer."""
    stream = StringIO()
    settings.MAILERS = {
        "default": {"BACKEND": "hwypt.dev_mail.EmailBackend", "OPTIONS": {"stream": stream}}
    }
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.DEBUG = True
    return stream


@pytest.fixture
def booking(console, django_capture_on_commit_callbacks):
    call_command("load_demo_schedule", stdout=StringIO())
    service = Service.objects.get(name="Initial consultation")
    therapist = Therapist.objects.get(slug="demo-alex-example")
    slot = first_slot(service, therapist, after=timezone.now() + days(3))
    with django_capture_on_commit_callbacks(execute=True):
        return book(service, therapist, slot.start)


def test_the_console_prints_the_email_decoded_and_its_link_works_as_printed(
    booking, console, client
):
    printed = console.getvalue()
    assert "Subject: Your consultation is booked" in printed
    assert "=\n" not in printed and "=3D" not in printed  # no quoted-printable left
    assert "Attached: consultation.ics (text/calendar)" in printed
    assert f"{settings.SITE_URL}/dev/outbox/" in printed
    manage = [link for link in LINK.findall(printed) if "/book/manage/" in link]
    assert manage == [f"{settings.SITE_URL}{booking.manage_url()}"]
    page = client.get(manage[0].removeprefix(settings.SITE_URL))
    assert page.status_code == 200
    assert b"Cancel" in page.content


def test_the_outbox_page_links_the_email_and_its_calendar_file(booking, client):
    page = client.get("/dev/outbox/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<h2" in html and "Your consultation is booked" in html
    assert f'href="{settings.SITE_URL}{booking.manage_url()}"' in html
    ics = re.search(r'href="(/dev/outbox/[^"]+)" download="consultation.ics"', html)
    download = client.get(ics[1])
    assert download["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(download.content).walk("VEVENT")[0]
    assert str(event["UID"]) == booking.uid


def test_with_debug_off_there_is_no_outbox_page_and_nothing_is_kept(
    booking, console, settings, client, django_capture_on_commit_callbacks
):
    html = client.get("/dev/outbox/").content.decode()
    ics = re.search(r'href="(/dev/outbox/[^"]+)" download=', html)[1]
    settings.DEBUG = False  # production, or `make serve`
    assert client.get("/dev/outbox/").status_code == 404
    assert client.get(ics).status_code == 404
    kept = sorted(settings.OUTBOX_DIR.iterdir())
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=booking)
    printed = console.getvalue().rsplit("Subject: ", 1)[1]
    assert printed.startswith("Your consultation is cancelled")  # still on the console
    assert "/dev/outbox/" not in printed
    assert sorted(settings.OUTBOX_DIR.iterdir()) == kept
