"""Every read of health intake is audited by one service: change page, search, filter,
CSV export; staff without `scheduling.view_intake` see none of it and leave no rows."""

import csv
import io

import pytest
from django.urls import reverse

from scheduling.models import IntakeAccess, IntakeRead
from scheduling.services.intake_audit import intake_access_record
from tests.scheduling.conftest import book, first_slot
from tests.users import make_staff

pytestmark = pytest.mark.django_db

LIST = "admin:scheduling_booking_changelist"


@pytest.fixture
def booking(service, therapist):
    return book(service, therapist, first_slot(service, therapist).start)


@pytest.fixture
def other(booking, service, therapist):
    start = first_slot(service, therapist, after=booking.blocked_until).start
    return book(service, therapist, start, intake={"reason": "Stiff knee", "pain": 2})


def reads():
    return list(IntakeAccess.objects.order_by("pk").values_list("how", "booking_number"))


def test_a_clinicians_search_looks_in_the_intake_and_is_audited_without_its_words(
    client, booking, other
):
    client.force_login(make_staff("clin", "Clinicians"))
    page = client.get(reverse(LIST), {"q": "knee"})
    assert b"Stiff knee" not in page.content  # the list never shows the answers
    assert page.context["cl"].result_count == 1
    assert reads() == [(IntakeRead.SEARCH, other.pk)]
    assert not IntakeAccess.objects.filter(patient_name__icontains="knee").exists()
    fields = [f.name for f in IntakeAccess._meta.get_fields()]
    assert "knee" not in str(
        [getattr(e, f, "") for e in IntakeAccess.objects.all() for f in fields]
    )


def test_a_search_that_matched_nobody_is_still_recorded(client, booking):
    clinician = make_staff("clin", "Clinicians")
    client.force_login(clinician)
    assert client.get(reverse(LIST), {"q": "zzz-nothing"}).context["cl"].result_count == 0
    entry = IntakeAccess.objects.get()
    assert (entry.how, entry.booking, entry.booking_number, entry.user) == (
        IntakeRead.SEARCH,
        None,
        None,
        clinician,
    )


def test_a_filter_on_the_intake_is_audited_for_what_it_matched(client, booking, other):
    client.force_login(make_staff("clin", "Clinicians"))
    client.get(reverse(LIST), {"intake__reason__icontains": "sore"})
    assert reads() == [(IntakeRead.FILTER, booking.pk)]


def test_plain_list_filters_read_no_intake(client, booking):
    client.force_login(make_staff("clin", "Clinicians"))
    client.get(reverse(LIST), {"status__exact": "confirmed"})
    client.get(reverse(LIST))
    assert reads() == []


def test_the_change_page_is_audited_through_the_service(client, booking):
    client.force_login(make_staff("clin", "Clinicians"))
    client.get(reverse("admin:scheduling_booking_change", args=[booking.pk]))
    assert reads() == [(IntakeRead.CHANGE_PAGE, booking.pk)]


def test_the_csv_export_with_intake_is_audited(client, booking, other):
    client.force_login(make_staff("clin", "Clinicians"))
    response = client.post(
        reverse(LIST),
        {"action": "export_csv_with_intake", "_selected_action": [booking.pk, other.pk]},
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(row["Reason"] for row in rows) == ["Sore back", "Stiff knee"]
    assert sorted(reads()) == sorted(
        [(IntakeRead.CSV_EXPORT, booking.pk), (IntakeRead.CSV_EXPORT, other.pk)]
    )


def test_the_front_desk_sees_no_intake_anywhere_and_leaves_no_rows(client, booking, other):
    client.force_login(make_staff("desk", "Front desk"))
    search = client.get(reverse(LIST), {"q": "knee"})
    assert search.context["cl"].result_count == 0  # the desk's search never looks in intake
    refused = client.post(
        reverse(LIST), {"action": "export_csv_with_intake", "_selected_action": [booking.pk]}
    )
    assert b"Sore back" not in refused.content
    assert b"export_csv_with_intake" not in client.get(reverse(LIST)).content
    plain = client.post(reverse(LIST), {"action": "export_csv", "_selected_action": [booking.pk]})
    assert b"Sore back" not in plain.content
    client.get(reverse("admin:scheduling_booking_change", args=[booking.pk]))
    assert reads() == []


def test_the_service_refuses_a_user_without_the_permission(booking):
    with pytest.raises(PermissionError):
        intake_access_record(
            user=make_staff("desk", "Front desk"), bookings=[booking], how=IntakeRead.SEARCH
        )
    assert reads() == []


def test_nothing_else_writes_the_intake_access_log():
    """The service is the only writer: no other module creates IntakeAccess rows."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    write = re.compile(r"IntakeAccess(\.objects\.(bulk_)?create|\((booking|user|how)=)")
    writers = [
        path.relative_to(root).as_posix()
        for folder in ["scheduling", "records", "newsletter", "outbox", "content", "hwypt"]
        if (root / folder).exists()
        for path in (root / folder).rglob("*.py")
        if "migrations" not in path.parts and write.search(path.read_text())
    ]
    assert writers == ["scheduling/services/intake_audit.py"]


def test_the_email_log_refuses_intake_lookups_even_for_clinicians(client, booking):
    """It cannot audit them, so it answers none: no unaudited path reads the intake."""
    client.force_login(make_staff("clin", "Clinicians"))
    url = reverse("admin:outbox_outgoingemail_changelist")
    for lookup in ["booking__intake__reason__icontains", "booking__screening_flags__icontains"]:
        assert client.get(url, {lookup: "sore"}).status_code == 400
    assert reads() == []
