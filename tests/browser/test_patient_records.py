"""The patient records screens and the subscriber erase confirmation, in a real browser,
checked like every page: axe (7:1 contrast, target size) and the Nu Html Checker, in each
state staff meet: the empty form, an error, nobody found, a record, the confirmation,
the result."""

import pytest
from django.urls import reverse

from records.models import RecordRequest
from scheduling.models import Booking, WaitlistEntry
from tests.records.conftest import clinic, held, service, therapist, waiting  # noqa: F401
from tests.users import PASSWORD, make_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_patient_records_pages_are_accessible(
    live_server,
    page,
    assert_accessible,
    held,  # noqa: F811 (the fixture imported above)
    waiting,  # noqa: F811
):
    make_staff("dpo", superuser=True)  # transactional tests flush the groups
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "dpo")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    page.goto(live_server.url + reverse("admin:index"))
    page.click("a:text-is('Patient records')")
    page.locator("#id_q").wait_for()
    assert_accessible(page)  # the empty form

    page.fill("#id_q", "12 34")
    page.click("input[value='Find records']")
    page.locator(".errornote").wait_for()
    assert "at least 7 digits" in page.locator("#id_q_error").inner_text()
    assert page.get_attribute("#id_q", "aria-invalid") == "true"
    assert_accessible(page)  # the error state

    page.fill("#id_q", "nobody@example.org")
    page.click("input[value='Find records']")
    page.locator("text=Nothing is held about this email.").wait_for()
    assert_accessible(page)

    page.fill("#id_q", "pat@example.com")
    page.click("input[value='Find records']")
    page.locator("text=Held about pat@example.com").wait_for()
    assert "Sore back" in page.content()  # a superuser may read the intake
    assert page.locator("caption:text-is('Waitlist entries (1)')").count() == 1
    assert_accessible(page)

    with page.expect_download() as download:
        page.click("input[value^='Download a copy']")
    assert download.value.suggested_filename.endswith(".zip")

    page.click("input[value^='Erase these records']")
    page.locator("text=Kept, because the law requires").wait_for()
    assert_accessible(page)  # the confirmation naming each record
    page.click("input[value='Yes, erase these records']")
    page.locator("text=Erased 9 record(s)").wait_for()
    assert_accessible(page)  # the result
    assert not Booking.objects.filter(patient_email__iexact="pat@example.com").exists()
    assert not WaitlistEntry.objects.filter(email="pat@example.com").exists()
    assert RecordRequest.objects.filter(action="erased").count() == 1

    page.goto(live_server.url + reverse("admin:records_recordrequest_log"))
    assert_accessible(page)  # the log, for administrators
    page.goto(live_server.url + reverse("admin:scheduling_intakeaccess_changelist"))
    assert "Patient record export" in page.content()  # the download's intake read
    assert_accessible(page)


def test_the_subscriber_erase_confirmation_is_accessible(
    live_server,
    page,
    assert_accessible,
    held,  # noqa: F811
):
    make_staff("editor", superuser=True)
    page.goto(
        live_server.url + "/admin/login/?next=" + reverse("admin:newsletter_subscriber_changelist")
    )
    page.fill("#id_username", "editor")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.check("input[name=_selected_action]")
    page.select_option("select[name=action]", "erase_person")
    page.click("button[name=index]")
    page.locator("text=Yes, erase them").wait_for()
    assert "pat@example.com" in page.content()
    assert_accessible(page)
    page.click("text=Yes, erase them")
    page.locator("text=Erased 1 person(s)").wait_for()
    assert_accessible(page)
