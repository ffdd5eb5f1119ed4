"""Phone bookings from the admin: the front desk books, reads back, moves and cancels a
caller's visit through the same services and rules as the online booking flow."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutgoingEmail
from scheduling import screening, selectors
from scheduling.models import Booking, BookingRules
from scheduling.services.booking import Patient, SlotTaken, can_change
from scheduling.services.emails import Kind
from scheduling.services.reminders import reminders_send
from tests import clock
from tests.scheduling.conftest import book, first_slot
from tests.scheduling.test_calendar_files import assert_three_readers_agree, received_calendars
from tests.users import make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("still_clock")]

PHONE_URL = "admin:scheduling_booking_phone"
NO_EMAIL = Patient(name="Ruth Caller", email="", phone="541 555 0199")


@pytest.fixture
def desk(client, clinic):
    client.force_login(make_staff("desk", "Front desk"))
    return client


def local_day(start: datetime) -> str:
    return start.astimezone(selectors.clinic_zone()).date().isoformat()


def search(service, therapist, day: str, override: bool = False) -> str:
    query = f"?service={service.pk}&therapist={therapist.pk if therapist else 'any'}&day={day}"
    return reverse(PHONE_URL) + query + ("&override=on" if override else "")


def caller(when, **values) -> dict:
    return {"start": when.isoformat(), "name": "Ruth Caller", "phone": "541 555 0199", **values}


def test_the_day_lists_the_times_the_patient_sees(desk, service, therapist):
    slot = first_slot(service, therapist)
    day = local_day(slot.start)
    response = desk.get(search(service, therapist, day))
    assert response.status_code == 200
    listed = [value for value, _ in response.context["form"].fields["start"].choices]
    patient_sees = [
        s.start.isoformat()
        for s in selectors.free_slots(
            service=service, location=selectors.clinic_location(), therapist_id=therapist.pk
        )
        if local_day(s.start) == day
    ]
    assert listed == patient_sees and listed


def test_a_caller_without_email_is_booked_and_read_back_and_gets_no_email(desk, service, therapist):
    slot = first_slot(service, therapist)
    url = search(service, therapist, local_day(slot.start))
    response = desk.post(url, caller(slot.start))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:scheduling_booking_summary", args=[booking.pk])
    assert (booking.patient_email, booking.start, booking.therapist) == ("", slot.start, therapist)
    assert booking.intake == {} and not booking.needs_review
    assert not OutgoingEmail.objects.exists()
    summary = desk.get(response["Location"]).content.decode()
    assert "Ruth Caller" in summary and "541 555 0199" in summary
    assert "No email is sent" in summary


def test_a_caller_with_email_gets_the_same_confirmation_as_online(desk, service, therapist):
    slot = first_slot(service, therapist)
    desk.post(
        search(service, therapist, local_day(slot.start)), caller(slot.start, email="r@x.org")
    )
    email = OutgoingEmail.objects.get()
    assert (email.kind, email.recipient) == (Kind.CONFIRMATION, "r@x.org")


def test_the_intake_and_screening_are_optional_and_yes_shows_the_same_advice(
    desk, service, therapist
):
    slot = first_slot(service, therapist)
    question = screening.questions()[0]
    values = caller(slot.start, reason="Knee", applies=[question.key])
    response = desk.post(search(service, therapist, local_day(slot.start)), values, follow=True)
    booking = Booking.objects.get()
    assert booking.needs_review and booking.screening_flags == [question.key]
    assert booking.intake["reason"] == "Knee"
    assert booking.intake["screening"][question.key] == "yes"
    assert str(screening.advice([question.key])) in response.content.decode()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"name": ""}, "name", "Enter your full name."),
        ({"phone": "call me"}, "phone", "Enter a phone number like 541 555 0142."),
        ({"email": "nope"}, "email", "Enter an email address like name@example.com."),
        ({"start": ""}, "start", "Choose a time."),
        ({"start": "2020-01-01T09:00:00+00:00"}, "start", "That time is no longer free."),
        ({"pain": "11"}, "pain", "Select a valid choice"),
    ],
)
def test_bad_input_gets_a_message_next_to_the_field(
    desk, service, therapist, values, field, message
):
    slot = first_slot(service, therapist)
    response = desk.post(
        search(service, therapist, local_day(slot.start)), caller(slot.start, **values)
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert b"There is a problem" in response.content
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "?day=someday",
        "?service=999&therapist=any&day=2026-12-08",
        "?service=1&therapist=nobody&day=2026-12-08",
    ],
)
def test_a_bad_search_gets_a_friendly_message(desk, query):
    response = desk.get(reverse(PHONE_URL) + query)
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert response.context["form"] is None


def test_a_time_taken_meanwhile_gets_a_clear_message_not_a_second_booking(desk, service, therapist):
    slot = first_slot(service, therapist)
    url = search(service, therapist, local_day(slot.start))
    form_page = desk.get(url)
    assert slot.start.isoformat() in form_page.content.decode()
    # An online patient books the time between the front desk's listing and its click.
    book(service, therapist, slot.start)
    response = desk.post(url, caller(slot.start))
    assert response.status_code == 400  # the refreshed list no longer offers it
    assert "That time is no longer free" in response.content.decode()
    assert Booking.objects.count() == 1


def test_the_service_refuses_a_taken_time_with_the_taken_message(
    desk, service, therapist, monkeypatch
):
    """When the list still offered the time (a racer booked it after the listing in the
    same request), booking_create's re-check says so: one booking, a clear message."""
    slot = first_slot(service, therapist)
    from scheduling.admin import front_desk

    listed = front_desk.day_slots
    url = search(service, therapist, local_day(slot.start))

    def stale(**kwargs):
        slots = listed(**kwargs)
        book(service, therapist, slot.start)
        return slots

    monkeypatch.setattr(front_desk, "day_slots", stale)
    response = desk.post(url, caller(slot.start))
    assert response.status_code == 409
    assert front_desk.TAKEN in response.content.decode()
    assert Booking.objects.count() == 1


def test_override_lists_times_inside_the_notice_and_past_the_horizon(desk, service, therapist):
    rules = BookingRules.current()
    now = timezone.now()
    beyond = first_slot(
        service, therapist, rules=selectors.staff_rules(rules), after=now + timedelta(days=70)
    )
    day = local_day(beyond.start)
    plain = desk.get(search(service, therapist, day))
    assert plain.context["form"].fields["start"].choices == []
    assert b"or override the booking notice" in plain.content
    overridden = search(service, therapist, day, override=True)
    response = desk.post(overridden, caller(beyond.start))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.start == beyond.start
    # Overriding never lets a second booking overlap the first.
    again = desk.get(overridden)
    assert beyond.start.isoformat() not in again.content.decode()


def test_patients_cannot_override_the_notice(service, therapist):
    rules = selectors.staff_rules(BookingRules.current())
    soon = first_slot(service, therapist, rules=rules)
    from scheduling.services.booking import SlotNotOffered

    with pytest.raises(SlotNotOffered):
        book(service, therapist, soon.start)
    with pytest.raises(ValueError, match="only staff"):
        book(service, therapist, soon.start, override_notice=True)
    assert book(service, therapist, soon.start, override_notice=True, by_staff=True).pk


def test_staff_move_a_booking_inside_the_window_and_the_patient_is_told(desk, service, therapist):
    BookingRules.objects.filter(pk=BookingRules.current().pk).update(cancellation_window_hours=999)
    booking = book(service, therapist, first_slot(service, therapist).start)
    assert not can_change(booking=booking)  # the patient could no longer move it online
    later = first_slot(service, therapist, after=booking.end + timedelta(hours=2))
    url = reverse("admin:scheduling_booking_move", args=[booking.pk])
    url += f"?day={local_day(later.start)}"
    response = desk.post(url, {"start": later.start.isoformat()})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == later.start
    assert OutgoingEmail.objects.filter(kind=Kind.RESCHEDULE).count() == 1


def test_staff_move_errors_are_friendly(desk, service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start)
    url = reverse("admin:scheduling_booking_move", args=[booking.pk])
    assert b"There is a problem" in desk.get(url + "?day=soon").content
    response = desk.post(url + f"?day={local_day(booking.start)}", {"start": "x"})
    assert response.status_code == 400 and b"There is a problem" in response.content


def test_staff_cancel_asks_then_cancels_and_emails(desk, service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start)
    url = reverse("admin:scheduling_booking_cancel", args=[booking.pk])
    assert b"Yes, cancel the booking" in desk.get(url).content
    assert desk.post(url).status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert OutgoingEmail.objects.filter(kind=Kind.CANCELLATION).count() == 1
    again = desk.post(url, follow=True)
    assert b"cannot be cancelled" in again.content


def test_only_the_front_desk_and_clinicians_book_for_callers(client, clinic):
    client.force_login(make_staff("editor", "Content editors"))
    assert client.get(reverse(PHONE_URL)).status_code == 403
    client.force_login(make_staff("clin", "Clinicians"))
    assert client.get(reverse(PHONE_URL)).status_code == 200


def test_overriding_the_notice_never_books_over_another_booking(service, therapist):
    taken = book(service, therapist, first_slot(service, therapist).start)
    with pytest.raises(SlotTaken):
        book(service, therapist, taken.start, by_staff=True, override_notice=True)
    assert Booking.objects.count() == 1


def test_a_caller_without_email_gets_no_reminder(service, therapist):
    booking = book(service, therapist, first_slot(service, therapist).start, patient=NO_EMAIL)
    with clock.still(booking.start - timedelta(hours=2)):
        assert reminders_send() == 0
    assert not OutgoingEmail.objects.exists()


def test_a_callers_booking_move_and_cancel_mail_the_same_calendar_files_as_online(
    desk, service, therapist, smtp_wire, django_capture_on_commit_callbacks
):
    slot = first_slot(service, therapist)
    values = caller(slot.start, email="ruth@example.org", reason="Stiff shoulder after a fall")
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(search(service, therapist, local_day(slot.start)), values)
    booking = Booking.objects.get()
    later = first_slot(service, therapist, after=booking.end + timedelta(hours=2))
    move = reverse("admin:scheduling_booking_move", args=[booking.pk])
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(move + f"?day={local_day(later.start)}", {"start": later.start.isoformat()})
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(reverse("admin:scheduling_booking_cancel", args=[booking.pk]))

    booked, moved, cancelled = received_calendars(smtp_wire)
    duration = booking.end - booking.start
    assert_three_readers_agree(booked[2], slot.start, slot.start + duration)
    assert_three_readers_agree(moved[2], later.start, later.start + duration)
    assert_three_readers_agree(cancelled[2], later.start, later.start + duration)
    calendars = [calendar for _, calendar, _ in (booked, moved, cancelled)]
    assert [str(c["METHOD"]) for c in calendars] == ["PUBLISH", "PUBLISH", "CANCEL"]
    events = [calendar.walk("VEVENT")[0] for calendar in calendars]
    assert {str(event["UID"]) for event in events} == {booking.uid}
    assert [event["SEQUENCE"] for event in events] == [0, 1, 2]
    for raw in smtp_wire.raw:  # what the caller told the desk stays on the site
        assert b"shoulder" not in raw.lower()
