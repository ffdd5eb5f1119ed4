"""The patient records screen in the admin: who may use it, POSTed searches, friendly
errors, the download, and the erase behind its confirmation page."""

import io
import zipfile

import pytest
from django.urls import reverse

from records.models import RecordRequest
from scheduling.models import Booking, IntakeAccess
from tests.users import make_staff

pytestmark = pytest.mark.django_db

FIND = "admin:records_recordrequest_changelist"
VIEW = "records.view_patient_record"
ERASE = "records.erase_patient_record"


def login(client, *groups, permissions=()):
    client.force_login(make_staff("someone", *groups, permissions=permissions))


def test_staff_without_the_permission_cannot_open_the_screen(client, held):
    login(client, "Clinicians")
    for name in [FIND, "admin:records_recordrequest_export", "admin:records_recordrequest_erase"]:
        assert client.post(reverse(name), {"q": "pat@example.com"}).status_code == 403
    assert b"Patient records" not in client.get(reverse("admin:index")).content
    assert not RecordRequest.objects.exists()


def test_the_screen_is_on_the_admin_index_and_searches_by_post(client, held):
    login(client, "Front desk", permissions=(VIEW,))
    assert reverse(FIND).encode() in client.get(reverse("admin:index")).content
    page = client.get(reverse(FIND))
    assert page.status_code == 200 and b'method="post"' in page.content
    found = client.post(reverse(FIND), {"q": "(541) 555-0100"}).content.decode()
    assert found.count("Pat Example") == 2 and "Sam Other" not in found
    assert "Sore back" not in found  # no intake without view_intake
    assert "Erase these records" not in found  # no erase without its permission
    assert not IntakeAccess.objects.exists()


def test_clinicians_see_the_intake_on_the_screen_and_it_is_audited(client, held):
    login(client, "Clinicians", permissions=(VIEW,))
    found = client.post(reverse(FIND), {"q": "pat@example.com"}).content.decode()
    assert "Sore back" in found and "Stiff knee" in found
    assert IntakeAccess.objects.filter(how="patient_record").count() == 2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the person&#x27;s email address or phone number."),
        ("ann@", "Enter a whole email address"),
        ("12 34", "A phone number needs at least 7 digits."),
        ("x" * 300, "Ensure this value has at most 254 characters"),
    ],
)
def test_bad_input_is_answered_next_to_the_field_and_in_a_summary(client, typed, message):
    login(client, permissions=(VIEW,))
    page = client.post(reverse(FIND), {"q": typed})
    assert page.status_code == 200
    text = page.content.decode()
    assert text.count(message) == 2, text  # the summary and the field
    assert 'role="alert"' in text and 'aria-invalid="true"' in text


def test_nobody_found_says_so(client, held):
    login(client, permissions=(VIEW,))
    page = client.post(reverse(FIND), {"q": "nobody@example.org"})
    assert b"Nothing is held about this email." in page.content


def test_the_download_is_a_zip_bundle(client, held):
    login(client, permissions=(VIEW,))
    response = client.post(reverse("admin:records_recordrequest_export"), {"q": "pat@example.com"})
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert "record.json" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()


def test_erasing_asks_first_naming_each_record_then_erases(client, held, visit_over):
    login(client, permissions=(VIEW, ERASE))
    erase = reverse("admin:records_recordrequest_erase")
    confirm = client.post(erase, {"q": "pat@example.com"}).content.decode()
    assert Booking.objects.filter(patient_email__iexact="pat@example.com").count() == 2
    assert "Kept, because the law requires" in confirm
    assert "Deleted: the upcoming visit is cancelled" in confirm
    fingerprint = confirm.split('name="records" value="')[1].split('"')[0]
    done = client.post(erase, {"q": "pat@example.com", "records": fingerprint, "confirm": "yes"})
    assert done.status_code == 302
    assert not Booking.objects.filter(patient_email__iexact="pat@example.com").exists()
    message = client.get(done["Location"]).content.decode()
    assert "Erased 6 record(s)" in message, message  # 2 bookings, 3 emails, 1 subscriber


def test_a_stale_confirmation_erases_nothing_and_asks_again(client, held):
    login(client, permissions=(VIEW, ERASE))
    erase = reverse("admin:records_recordrequest_erase")
    page = client.post(erase, {"q": "pat@example.com", "records": "stale", "confirm": "yes"})
    assert page.status_code == 200
    assert b"nothing was erased" in page.content.replace(b"\n", b" ")
    assert Booking.objects.filter(patient_email__iexact="pat@example.com").count() == 2


def test_only_administrators_read_the_log(client, held):
    login(client, permissions=(VIEW,))
    client.post(reverse(FIND), {"q": "pat@example.com"})
    assert client.get(reverse("admin:records_recordrequest_log")).status_code == 403
    client.force_login(make_staff("admin", superuser=True))
    assert b"someone" in client.get(reverse("admin:records_recordrequest_log")).content


def test_hostile_input_never_makes_a_server_error(client, held):
    from tests.hwypt.test_hostile_input import CORPUS

    login(client, permissions=(VIEW, ERASE))
    names = [FIND, "admin:records_recordrequest_export", "admin:records_recordrequest_erase"]
    for what, value in CORPUS.items():
        for name in names:
            for data in [
                {"q": value},
                {"q": "pat@example.com", "records": value, "confirm": value},
            ]:
                response = client.post(reverse(name), data)
                assert response.status_code < 500, (name, what)
    assert Booking.objects.filter(patient_email__iexact="pat@example.com").count() == 2
