"""Two locations in two time zones: the flow asks which clinic, offers only its
therapists and times, and every page, email and calendar file shows the visit at
that clinic, on its clock. A single-location clinic is never asked.

The clock stands still on Monday, January 4, 2027 at 15:00 UTC: 7:00 am in
Springfield (America/Los_Angeles, UTC-8), 8:00 am in Ontario (America/Boise, UTC-7).
"""

import csv
import io
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from email import message_from_bytes, policy
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from icalendar import Calendar

from content.importing import safety_import
from scheduling import selectors
from scheduling.models import Booking, Closure, Location, Service, Therapist
from tests.clock import still
from tests.scheduling.calendar_readers import by_icalendar, by_vobject
from tests.scheduling.test_flow import DETAILS, INTAKE, SCREENING_NO

pytestmark = pytest.mark.django_db

NOW = datetime(2027, 1, 4, 15, 0, tzinfo=UTC)
ONTARIO = "HWY PT Ontario (demo)"
ONTARIO_ADDRESS = "45 Sample Street, Ontario, OR 97914"


@pytest.fixture
def clinics(db):
    """The demo's two locations, the clock stopped for the whole test."""
    with still(NOW):
        call_command("load_demo_schedule", stdout=StringIO())
        assert not safety_import().problems
        yield (
            Location.objects.get(time_zone="America/Los_Angeles"),
            Location.objects.get(name=ONTARIO),
        )


def url(name: str) -> str:
    return reverse(f"scheduling:{name}")


def radio_values(response, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)"', response.content.decode())


def said(local: datetime) -> str:
    """A time as the pages and emails write it: "Tuesday, January 5, 2027 at 8:00 AM"."""
    return f"{local:%A, %B} {local.day}, {local.year} at {local:%-I:%M %p}"


def test_the_flow_asks_for_the_location_first(client, clinics):
    start = client.get(url("start"))
    assert start.status_code == 302 and start.url == url("location")
    page = client.get(url("location"))
    text = page.content.decode()
    assert "<h1>Which clinic would you like to visit?</h1>" in text
    for location in clinics:
        assert location.name in text and location.address in text
    # Hours come from who works there: Casey Monday to Thursday, Riley Wednesday to Friday.
    assert "Monday to Thursday 8:00 am to 5:00 pm; Friday 9:00 am to 3:00 pm (MST)" in text
    assert "Monday to Friday 8:00 am to 6:00 pm; Saturday 9:00 am to 1:00 pm (PST)" in text


@pytest.mark.parametrize("answer", [None, "999", "x"])
def test_no_or_a_wrong_location_answer_is_a_friendly_error(client, clinics, answer):
    response = client.post(url("location"), {} if answer is None else {"location": answer})
    assert response.status_code == 200
    text = response.content.decode()
    message = "Choose the clinic you would like to visit." if answer is None else "Choose one of"
    assert 'class="error-summary"' in text and message in text
    assert 'href="#id_location"' in text and 'id="id_location_error"' in text
    assert "booking_flow" not in client.session


def test_the_chosen_location_has_only_its_therapists_and_times(client, clinics):
    main, ontario = clinics
    client.post(url("location"), {"location": ontario.pk})
    service = Service.objects.get(name="Initial consultation")
    assert client.post(url("start"), {"service": service.pk}).url == url("time")

    therapists = radio_values(client.get(url("therapist")), "therapist")
    ontario_people = {str(t.pk) for t in Therapist.objects.working_at(ontario)}
    assert set(therapists) == {"any"} | ontario_people
    assert {t.slug for t in Therapist.objects.working_at(ontario)} == {
        "demo-casey-trial",
        "demo-riley-mock",
    }

    time_page = client.get(url("time"))
    offered = radio_values(time_page, "start")
    here = {
        slot.start.isoformat() for slot in selectors.free_slots(service=service, location=ontario)
    }
    there = {
        slot.start.isoformat() for slot in selectors.free_slots(service=service, location=main)
    }
    assert offered and set(offered) <= here
    # The first free time is 8:00 on Tuesday in Ontario (7:00 in Springfield), on its clock.
    first = datetime.fromisoformat(offered[0]).astimezone(ontario.zone)
    assert (first.hour, first.weekday()) == (8, 1)
    assert f"{first:%A, %B} {first.day} at 8:00 AM" in time_page.content.decode()
    assert "Times are local time at HWY PT Ontario (demo) (MST)." in time_page.content.decode()
    # Springfield's 8:00 is a different instant; its times are not offered here.
    assert datetime(2027, 1, 5, 16, 0, tzinfo=UTC).isoformat() in there - set(offered)


def test_a_booking_at_the_second_location_says_where_and_when_everywhere(
    client, clinics, smtp_wire, django_capture_on_commit_callbacks
):
    _, ontario = clinics
    service = Service.objects.get(name="Treatment session")
    client.post(url("location"), {"location": ontario.pk})
    client.post(url("start"), {"service": service.pk})
    for name, data in [
        ("time", {"start": radio_values(client.get(url("time")), "start")[0]}),
        ("details", DETAILS),
        ("intake", INTAKE),
        ("screening", SCREENING_NO),
    ]:
        assert client.post(url(name), data).status_code == 302, name
    check = client.get(url("check")).content.decode()
    assert ONTARIO in check and ONTARIO_ADDRESS in check
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("check"), {"consent": "on"})
    booking = Booking.objects.select_related("location", "therapist").get()
    assert booking.location == ontario
    assert booking.therapist.slug in {"demo-casey-trial", "demo-riley-mock"}
    local = booking.start.astimezone(ontario.zone)
    assert local == datetime(2027, 1, 5, 8, 0, tzinfo=ontario.zone)

    done = client.get(url("done")).content.decode()
    manage = client.get(booking.manage_url()).content.decode()
    for page in (done, manage):
        assert f"{ONTARIO}, {ONTARIO_ADDRESS}" in page
        assert f"{local:%A, %B} {local.day}, {local.year}" in page and "8:00 AM" in page
        assert "7:00 AM" not in page  # Springfield's clock

    [raw] = smtp_wire.raw
    message = message_from_bytes(raw, policy=policy.default)
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert f"When: {said(local)}" in text
    assert f"Where: {ONTARIO}, {ONTARIO_ADDRESS}" in text
    # Move or cancel until 24 hours before, on Ontario's clock too.
    assert "until Monday, January 4 at 8:00 AM" in text

    [data] = [
        p.get_payload(decode=True)
        for p in message.walk()
        if p.get_content_type() == "text/calendar"
    ]
    calendar = Calendar.from_ical(data)
    [event] = calendar.walk("VEVENT")
    assert str(event["LOCATION"]) == f"{ONTARIO}, {ONTARIO_ADDRESS}"
    assert event["DTSTART"].params["TZID"] == "America/Boise"
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["America/Boise"]
    assert b"DTSTART;TZID=America/Boise:20270105T080000" in data
    for reader in (by_icalendar, by_vobject):
        assert reader(data) == [(booking.start, booking.end)], reader.__name__
    import vobject

    assert vobject.readOne(data.decode()).vevent.location.value == f"{ONTARIO}, {ONTARIO_ADDRESS}"


def test_the_reminder_is_on_the_locations_clock(clinics):
    from outbox.models import OutgoingEmail
    from scheduling.services.emails import Kind, build_message
    from scheduling.templatetags.booking_rules import changeable_until
    from tests.scheduling.conftest import PATIENT, book

    _, ontario = clinics
    service = Service.objects.get(name="Follow-up")
    casey = Therapist.objects.get(slug="demo-casey-trial")
    [slot, *_] = selectors.free_slots(service=service, location=ontario, therapist_id=casey.pk)
    booking = book(service, casey, slot.start, location=ontario, patient=PATIENT)
    message = build_message(OutgoingEmail(kind=Kind.REMINDER), booking)
    local = booking.start.astimezone(ontario.zone)
    assert f"on {local:%A, %B} {local.day} at {local:%-I:%M %p}." in message.body
    assert f"Where: {ONTARIO}, {ONTARIO_ADDRESS}" in message.body
    # The change deadline as any page or email quotes it: on the location's clock.
    assert changeable_until(booking).tzinfo.key == "America/Boise"


def test_a_new_location_clears_the_time_and_a_therapist_who_is_not_there(client, clinics):
    main, ontario = clinics
    alex = Therapist.objects.get(slug="demo-alex-example")
    client.post(url("location"), {"location": main.pk})
    service = Service.objects.get(name="Follow-up")
    client.post(url("start"), {"service": service.pk})
    client.post(url("therapist"), {"therapist": str(alex.pk)})
    client.post(url("time"), {"start": radio_values(client.get(url("time")), "start")[0]})
    assert "start" in client.session["booking_flow"]
    # Change of mind from "check your answers": Ontario, where Alex does not work.
    assert client.post(url("location"), {"location": ontario.pk}).url == url("time")
    flow = client.session["booking_flow"]
    assert "start" not in flow and flow["therapist"] == "any" and flow["location"] == ontario.pk


def test_a_therapists_page_link_answers_the_location_question(client, clinics):
    _, ontario = clinics
    response = client.get(url("start"), {"therapist": "demo-riley-mock"})
    assert response.status_code == 200  # the service question: Riley works at one clinic
    assert client.session["booking_flow"]["location"] == ontario.pk


def test_a_closed_location_is_not_offered_and_one_left_is_not_asked(client, clinics):
    _, ontario = clinics
    Location.objects.filter(pk=ontario.pk).update(is_active=False)
    start = client.get(url("start"))
    assert start.status_code == 200 and b"What would you like to book?" in start.content
    assert client.get(url("location")).url == url("start")


def test_one_clinics_holiday_closes_its_days_and_leaves_the_other_clinics_alone(clinics):
    main, ontario = clinics
    service = Service.objects.get(name="Initial consultation")

    def days(location) -> dict:
        found = {}
        for slot in selectors.free_slots(service=service, location=location, now=NOW):
            found.setdefault(slot.start.astimezone(location.zone).date(), []).append(slot)
        return found

    before = {location.pk: days(location) for location in clinics}
    holiday = min(set(before[main.pk]) & set(before[ontario.pk]))  # a day both are open
    Closure.objects.create(
        location=ontario, first_day=holiday, last_day=holiday, reason="Staff training"
    )
    after = {location.pk: days(location) for location in clinics}
    assert holiday not in after[ontario.pk]
    assert after[ontario.pk] == {d: s for d, s in before[ontario.pk].items() if d != holiday}
    assert after[main.pk] == before[main.pk]


def test_a_single_location_clinic_skips_the_question(client, db):
    with still(NOW):
        call_command("load_demo_schedule", "--single-location", stdout=StringIO())
        assert not safety_import().problems
        start = client.get(url("start"))
        assert start.status_code == 200 and b"What would you like to book?" in start.content
        assert client.get(url("location")).url == url("start")
        service = Service.objects.get(name="Follow-up")
        assert client.post(url("start"), {"service": service.pk}).url == url("time")
        time_page = client.get(url("time"))
        assert b"Times are local time at" not in time_page.content
        assert b'href="/book/location/"' not in time_page.content
        client.post(url("time"), {"start": radio_values(time_page, "start")[0]})
        for name, data in [("details", DETAILS), ("intake", INTAKE), ("screening", SCREENING_NO)]:
            assert client.post(url(name), data).url != url("location")
        check = client.get(url("check")).content.decode()
        assert "HWY PT clinic (demo)" in check and 'href="/book/location/"' not in check
        client.post(url("check"), {"consent": "on"})
        assert Booking.objects.get().location == Location.objects.get()


def test_a_therapists_page_and_json_ld_say_where_and_on_which_days(client, clinics):
    casey = Therapist.objects.get(slug="demo-casey-trial")
    Therapist.objects.filter(pk=casey.pk).update(is_demo=False)  # only real people get JSON-LD
    body = client.get(casey.get_absolute_url()).content.decode()
    assert f"{ONTARIO}, {ONTARIO_ADDRESS}: Monday, Tuesday, Wednesday, Thursday" in body
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', body, re.S)
    [place] = json.loads(script.group(1))["workLocation"]
    assert place["@type"] == "Place" and place["name"] == ONTARIO
    assert place["address"]["streetAddress"] == "45 Sample Street"
    assert place["address"]["addressLocality"] == "Ontario"
    assert place["address"]["postalCode"] == "97914"


def test_the_front_desk_schedule_shows_one_location_on_its_clock(client, clinics):
    from tests.scheduling.conftest import PATIENT, book
    from tests.users import make_staff

    main, ontario = clinics
    service = Service.objects.get(name="Follow-up")
    casey = Therapist.objects.get(slug="demo-casey-trial")
    alex = Therapist.objects.get(slug="demo-alex-example")
    [here, *_] = selectors.free_slots(service=service, location=ontario, therapist_id=casey.pk)
    [there, *_] = selectors.free_slots(service=service, location=main, therapist_id=alex.pk)
    book(service, casey, here.start, location=ontario, patient=PATIENT)
    book(service, alex, there.start, location=main, patient=replace(PATIENT, name="Sam Else"))
    client.force_login(make_staff("desk", "Front desk"))
    listed = client.get(
        reverse("admin:scheduling_booking_changelist"), {"location__id__exact": ontario.pk}
    )
    assert listed.status_code == 200
    assert "Pat Example" in listed.content.decode() and "Sam Else" not in listed.content.decode()
    day = here.start.astimezone(ontario.zone).date().isoformat()
    schedule = reverse("admin:scheduling_booking_schedule")
    page = client.get(schedule, {"location": ontario.pk, "date": day}).content.decode()
    assert "Pat Example" in page and "Sam Else" not in page
    local = here.start.astimezone(ontario.zone)
    assert f"{local:%-I:%M %p}-" in page and "Schedule at HWY PT Ontario (demo)" in page
    export = client.get(
        reverse("admin:scheduling_booking_export_day"), {"location": ontario.pk, "date": day}
    )
    rows = list(csv.DictReader(io.StringIO(export.content.decode())))
    assert [(row["Patient"], row["Location"]) for row in rows] == [("Pat Example", ONTARIO)]
    assert rows[0]["Start"] == f"{local:%Y-%m-%d %H:%M}"


def test_with_every_location_closed_the_booking_page_says_to_call(client, clinics):
    Location.objects.update(is_active=False)
    page = client.get(url("start")).content.decode()
    assert "Online booking is not open yet" in page and 'name="service"' not in page


def test_the_front_desk_books_a_caller_at_the_second_location_on_its_clock(client, clinics):
    from tests.users import make_staff

    _, ontario = clinics
    client.force_login(make_staff("desk", "Front desk"))
    service = Service.objects.get(name="Follow-up")
    riley = Therapist.objects.get(slug="demo-riley-mock")
    [slot, *_] = selectors.free_slots(service=service, location=ontario, therapist_id=riley.pk)
    local = slot.start.astimezone(ontario.zone)
    phone = reverse("admin:scheduling_booking_phone")
    query = f"?location={ontario.pk}&service={service.pk}&therapist={riley.pk}&day={local.date()}"
    found = client.get(phone + query)
    assert 'name="location"' in found.content.decode()
    # Without a location, the first clinic's times, and the page says so.
    unsaid = client.get(phone + query.replace(f"location={ontario.pk}&", ""))
    assert unsaid.context["find"]["location"].value() == str(selectors.clinic_location().pk)
    listed = [value for value, _ in found.context["form"].fields["start"].choices]
    assert listed[0] == slot.start.isoformat()
    assert dict(found.context["form"].fields["start"].choices)[listed[0]] == f"{local:%I:%M %p}"
    response = client.post(
        phone + query,
        {"start": slot.start.isoformat(), "name": "Ruth Caller", "phone": "541 555 0199"},
    )
    booking = Booking.objects.get()
    assert booking.location == ontario and booking.start == slot.start
    summary = client.get(response["Location"]).content.decode()
    assert f"{local:%A, %B} {local.day}, {local.year} at {local:%-I:%M %p}" in summary
