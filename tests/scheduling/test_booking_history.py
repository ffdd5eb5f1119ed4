"""Every staff action on a booking leaves an admin history entry naming who did it;
patients' own actions leave none. No-shows wait for the visit; the week's CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.urls import reverse
from django.utils import timezone

from scheduling import selectors
from scheduling.models import Booking
from scheduling.services.booking import (
    VisitNotStarted,
    booking_cancel,
    booking_mark,
    booking_reschedule,
)
from tests import clock
from tests.scheduling.conftest import book, first_slot
from tests.users import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]
CHANGELIST = "admin:scheduling_booking_changelist"


@pytest.fixture
def staff(clinic):
    return make_staff("desk", "Front desk")


@pytest.fixture
def desk(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def booking(service, therapist):
    return book(service, therapist, first_slot(service, therapist).start)


def history(booking) -> list[tuple[str, int, str]]:
    entries = LogEntry.objects.filter(object_id=str(booking.pk)).order_by("pk")
    return [(entry.user.username, entry.action_flag, entry.change_message) for entry in entries]


def local_day(start) -> str:
    return start.astimezone(selectors.clinic_zone()).date().isoformat()


def test_patients_own_actions_leave_no_staff_history(service, therapist):
    soonest = timezone.now() + timedelta(days=3)  # outside the window patients change in
    booking = book(service, therapist, first_slot(service, therapist, after=soonest).start)
    later = first_slot(service, therapist, after=booking.end + timedelta(hours=2))
    booking_reschedule(booking=booking, start=later.start)
    booking_cancel(booking=booking)
    assert history(booking) == []


def test_a_phone_booking_names_the_staff_member(desk, service, therapist):
    slot = first_slot(service, therapist)
    url = reverse("admin:scheduling_booking_phone")
    url += f"?service={service.pk}&therapist={therapist.pk}&day={local_day(slot.start)}"
    fields = {"start": slot.start.isoformat(), "name": "Ruth", "phone": "541 555 0199"}
    desk.post(url, {**fields, "reason": "Sore knee"})
    [(user, flag, message)] = history(Booking.objects.get())
    assert (user, flag) == ("desk", ADDITION)
    assert message.startswith("Booked for ") and "Sore knee" not in message


def test_moving_and_cancelling_from_the_admin_pages(desk, booking, service, therapist):
    later = first_slot(service, therapist, after=booking.end + timedelta(hours=2))
    move = reverse("admin:scheduling_booking_move", args=[booking.pk])
    desk.post(move + f"?day={local_day(later.start)}", {"start": later.start.isoformat()})
    desk.post(reverse("admin:scheduling_booking_cancel", args=[booking.pk]))
    [moved, cancelled] = history(booking)
    assert moved[:2] == ("desk", CHANGE) and moved[2].startswith("Moved from ")
    assert cancelled == ("desk", CHANGE, "Cancelled.")


def test_every_bulk_action_writes_one_entry_per_booking(desk, booking, service, therapist):
    other = book(service, therapist, first_slot(service, therapist, after=booking.end).start)
    selected = [booking.pk, other.pk]
    desk.post(reverse(CHANGELIST), {"action": "mark_completed", "_selected_action": [booking.pk]})
    desk.post(reverse(CHANGELIST), {"action": "cancel_bookings", "_selected_action": selected})
    assert history(booking) == [("desk", CHANGE, "Marked Completed.")]
    assert history(other) == [("desk", CHANGE, "Cancelled.")]


def test_a_no_show_waits_for_the_visit_to_start(desk, booking):
    action = {"action": "mark_no_show", "_selected_action": [booking.pk]}
    response = desk.post(reverse(CHANGELIST), action, follow=True)
    assert "visit(s) have not started yet" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and history(booking) == []
    with pytest.raises(VisitNotStarted):
        booking_mark(booking=booking, status=Booking.Status.NO_SHOW)
    with clock.still(booking.start + timedelta(seconds=1)):
        desk.post(reverse(CHANGELIST), action)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.NO_SHOW
    assert history(booking) == [("desk", CHANGE, "Marked No-show.")]


def test_correcting_the_callers_details_is_one_entry_naming_the_fields(desk, booking):
    url = reverse("admin:scheduling_booking_change", args=[booking.pk])
    fields = {
        "patient_name": "Pat Example",
        "patient_phone": "541 555 0111",
        "patient_email": "",
        "outbox-outgoingemail-about_type-about_id-TOTAL_FORMS": "0",
        "outbox-outgoingemail-about_type-about_id-INITIAL_FORMS": "0",
    }
    response = desk.post(url, fields)
    assert response.status_code == 302, response.context["adminform"].form.errors
    booking.refresh_from_db()
    assert (booking.patient_phone, booking.patient_email) == ("541 555 0111", "")
    assert history(booking) == [("desk", CHANGE, "Changed phone and email.")]
    bad = desk.post(url, {**fields, "patient_phone": "ring ring"})
    assert b"Enter a phone number like 541 555 0142." in bad.content
    assert len(history(booking)) == 1


def test_the_week_view_exports_the_whole_week_without_the_intake(desk, service, therapist):
    first = first_slot(service, therapist)
    monday = first.start.astimezone(selectors.clinic_zone()).date()
    monday -= timedelta(days=monday.weekday())
    bookings = [book(service, therapist, first.start)]
    next_day = first_slot(service, therapist, after=first.start + timedelta(days=1))
    bookings.append(book(service, therapist, next_day.start))
    in_week = [
        b
        for b in bookings
        if (b.start.astimezone(selectors.clinic_zone()).date() - monday).days < 7
    ]
    url = reverse("admin:scheduling_booking_export_day")
    export = desk.get(url, {"date": monday.isoformat(), "view": "week"})
    assert export["Content-Disposition"].endswith(f'schedule-week-of-{monday.isoformat()}.csv"')
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert len(rows) == 1 + len(in_week)
    assert "Sore back" not in export.content.decode()
    day_only = desk.get(url, {"date": monday.isoformat()})
    assert len(list(csv.reader(io.StringIO(day_only.content.decode())))) <= len(rows)
    schedule = desk.get(reverse("admin:scheduling_booking_schedule"), {"view": "week"})
    assert b"Download this week as CSV" in schedule.content
